package dev.streaminglabs.lab01;

import java.io.IOException;

import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.streaming.api.java.JavaDStream;
import org.apache.spark.streaming.api.java.JavaStreamingContext;

import dev.streaminglabs.common.NotDoneYet;

/**
 * Step 7 — a file source: the lines of the files that land in a folder, on HDFS or on the local disk.
 *
 * <p>A file stream has no receiver. At every batch, Spark lists the folder and takes the files whose modification
 * time falls in the batch's interval and that it has not taken yet; each is read once, whole, as it is at that
 * moment. So a file must appear in the folder complete: its producer writes it elsewhere and then moves it in with
 * one rename, which HDFS (like a local disk) does atomically. A file written in place is read as far as it was
 * written when a batch listed it — half of it, or nothing — and never again.
 *
 * <p>The folder is a URI: {@code hdfs://namenode:8020/logs/in} on HDFS, {@code /tmp/in} or {@code file:/tmp/in} on
 * the local disk. The code does not change, only the URI: Hadoop's {@code FileSystem} chooses the client.
 */
public final class FolderWordCount {

    private FolderWordCount() {
    }

    /**
     * The lines of the files that appear in {@code folder} after the stream starts, one batch at a time: each file
     * in the batch during which it appeared, once; files that are not finished yet ({@link #isFinished}) skipped.
     * A folder that does not exist or cannot be reached is refused at once, with a clear message.
     */
    public static JavaDStream<String> linesOfNewFiles(JavaStreamingContext context, String folder) {
        // TODO Step 7: check the folder (WatchedFolder.require), then a fileStream of new files only, with the
        //   isFinished filter, and each record's text.
        throw new NotDoneYet("lab-01-socket", 7, "read the new files of a folder");
    }

    /**
     * False for a file that is not (or not yet) data: a name starting with {@code .} (hidden, or a checksum) or
     * {@code _} (Hadoop's markers, such as {@code _SUCCESS}, and its {@code _temporary} folders), and a name ending
     * with {@code ._COPYING_}: {@code hdfs dfs -put} writes the copy under that name in the folder itself, and
     * renames it when it is complete.
     */
    public static boolean isFinished(Path file) {
        var name = file.getName();
        return !name.startsWith(".") && !name.startsWith("_") && !name.endsWith("._COPYING_");
    }

    /**
     * How a producer drops a file into a watched folder: the lines (each followed by a new line, in UTF-8) are
     * written to {@code staging/fileName}, then the file is moved to {@code folder/fileName} with one rename. The
     * staging folder is on the same file system, outside the watched folder.
     *
     * @throws IOException if the file cannot be written, or the rename is refused (a file of that name is there)
     */
    public static void publish(FileSystem fileSystem, Path staging, Path folder, String fileName,
            Iterable<String> lines) throws IOException {
        // TODO Step 7: write the lines to a file in the staging folder, close it, then rename it into the folder.
        throw new NotDoneYet("lab-01-socket", 7, "drop a file into a watched folder");
    }
}
