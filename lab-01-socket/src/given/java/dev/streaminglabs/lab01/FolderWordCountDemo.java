package dev.streaminglabs.lab01;

import java.io.IOException;
import java.nio.file.Files;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.streaming.Durations;
import org.apache.spark.streaming.api.java.JavaStreamingContext;

import dev.streaminglabs.common.BatchReport;
import dev.streaminglabs.common.CommandLine;
import dev.streaminglabs.common.LocalSpark;
import dev.streaminglabs.common.TextGenerator;

/**
 * The demo of step 7, given: a producer drops a file of generated lines into a folder every so often (your
 * {@link FolderWordCount#publish}), and the stream counts the words of the new files of each batch (your
 * {@link FolderWordCount#linesOfNewFiles}, then step 2's word count).
 *
 * <p>Run its {@code main} from the IDE (the reference solution: with the {@code solutions} Maven profile on). What it
 * prints, every batch: the five most frequent words of the files that arrived during the batch, then one line with
 * the batch's time (a file stream has no receiver: its "records in" stays 0).
 *
 * <p>Options: {@code --dir DIR} the folder, local or {@code hdfs://} ({@code DIR/inbox} is watched, {@code DIR/staging}
 * is where files are written first; both created; default: a new temporary folder, deleted at the end);
 * {@code --batch-ms MS} the batch interval (2000); {@code --batches N} (10); {@code --file-ms MS} a new file every MS
 * (700).
 */
public final class FolderWordCountDemo {

    private FolderWordCountDemo() {
    }

    public static void main(String[] args) throws Exception {
        var options = CommandLine.parse(args);
        var dir = options.text("dir", null);
        int batchMs = options.number("batch-ms", 2000);
        int batches = options.number("batches", 10);
        int fileMs = options.number("file-ms", 700);
        options.rejectUnknown();

        var temporary = dir == null ? Files.createTempDirectory("lab01-files-") : null;
        var base = new Path(temporary != null ? temporary.toUri().toString() : dir);
        var context = new JavaStreamingContext(LocalSpark.conf("Lab 01 · files dropped into a folder"),
                Durations.milliseconds(batchMs));
        var fileSystem = base.getFileSystem(context.sparkContext().hadoopConfiguration());
        var inbox = new Path(base, "inbox");
        var staging = new Path(base, "staging");
        fileSystem.mkdirs(inbox);
        fileSystem.mkdirs(staging);
        System.out.println("Watching " + fileSystem.makeQualified(inbox) + " (files written in "
                + fileSystem.makeQualified(staging) + ", then moved in)");

        var lines = FolderWordCount.linesOfNewFiles(context, fileSystem.makeQualified(inbox).toString());
        TopWords.topWords(WordCount.countWords(lines), 5).print(5);
        context.addStreamingListener(new BatchReport(System.out));

        var producer = Executors.newSingleThreadScheduledExecutor();
        var files = new AtomicInteger();
        var generator = new TextGenerator(7);
        var run = System.currentTimeMillis();   // names of their own, run after run in the same --dir
        producer.scheduleWithFixedDelay(
                () -> drop(fileSystem, staging, inbox, "lines-%d-%04d.txt".formatted(run, files.incrementAndGet()),
                        generator),
                fileMs, fileMs, TimeUnit.MILLISECONDS);
        try {
            GracefulStop.runFor(context, batches);
        } finally {
            producer.shutdownNow();
            producer.awaitTermination(10, TimeUnit.SECONDS);
            context.sparkContext().stop();
            if (temporary != null) {
                fileSystem.delete(base, true);
                System.out.println("Deleted the temporary folder " + temporary + " (--dir DIR keeps the files).");
            } else {
                System.out.println(files.get() + " files dropped into " + inbox + ", kept.");
            }
        }
    }

    private static void drop(FileSystem fileSystem, Path staging, Path inbox, String name, TextGenerator generator) {
        try {
            FolderWordCount.publish(fileSystem, staging, inbox, name, generator.sentences(5));
        } catch (IOException | RuntimeException e) {
            System.out.println("could not drop " + name + ": " + e);
        }
    }
}
