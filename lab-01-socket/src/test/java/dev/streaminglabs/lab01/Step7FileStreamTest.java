package dev.streaminglabs.lab01;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

import org.apache.hadoop.fs.Path;
import org.apache.spark.streaming.Durations;
import org.apache.spark.streaming.Time;
import org.apache.spark.streaming.api.java.JavaStreamingContext;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import dev.streaminglabs.common.NotDoneYet;
import dev.streaminglabs.testkit.CollectedStream;
import dev.streaminglabs.testkit.DropFolder;
import dev.streaminglabs.testkit.FileStreamClock;
import dev.streaminglabs.testkit.LogCapture;
import dev.streaminglabs.testkit.StepWritten;
import dev.streaminglabs.testkit.StreamingRun;
import dev.streaminglabs.testkit.hdfs.TestHdfs;

/**
 * Files land in a folder of a real HDFS (the test kit's, in this JVM); the file stream reads them batch by batch.
 * Batches are counted from the start of the stream: batch 1, batch 2...
 */
@Tag("step7")
@DisplayName("Step 7 — read the files dropped into an HDFS folder, batch by batch")
class Step7FileStreamTest {

    private DropFolder inbox;
    private JavaStreamingContext context;
    private CollectedStream<String> lines;
    private StreamingRun run;
    private final List<List<String>> batches = new ArrayList<>();

    @BeforeEach
    void anInboxOnHdfs() {
        // Before the test HDFS starts: a step not written yet fails as "not done", at no cost.
        StepWritten.orNotDoneYet(() -> FolderWordCount.linesOfNewFiles(null, null));
        StepWritten.orNotDoneYet(() -> {
            FolderWordCount.publish(null, null, null, null, null);
            return null;
        });
        inbox = DropFolder.in(TestHdfs.cluster().newFolder("logs"), "inbox");
    }

    @AfterEach
    void stopTheStream() {
        if (run != null) {
            run.close();
        }
        if (lines != null) {
            lines.close();
        }
    }

    @Test
    void eachBatchReadsTheFilesThatAppearedDuringItsInterval() {
        start();

        inbox.drop("log-1.txt", "spark streaming\nreads files\n");
        nextBatch();
        inbox.drop("log-2.txt", "on hdfs\n");
        inbox.drop("log-3.txt", "as on a local disk\n");
        nextBatch();

        assertThat(batches.get(0)).as("batch 1, after log-1.txt was dropped").containsExactlyInAnyOrder(
                "spark streaming", "reads files");
        assertThat(batches.get(1)).as("batch 2, after log-2.txt and log-3.txt were dropped").containsExactlyInAnyOrder(
                "on hdfs", "as on a local disk");
    }

    @Test
    void aFileIsReadOnceEvenThoughItStaysInTheFolder() {
        start();

        inbox.drop("log-1.txt", "once\n");
        nextBatch();
        nextBatch();
        nextBatch();

        assertThat(batches.get(1)).as("batch 2: log-1.txt is still in the folder, and was read by batch 1").isEmpty();
        assertThat(batches.get(2)).as("batch 3").isEmpty();
    }

    @Test
    void aBatchWithNoNewFileIsEmpty() {
        start();

        nextBatch();

        assertThat(batches.get(0)).as("batch 1, no file dropped").isEmpty();
    }

    @Test
    void filesAlreadyThereWhenTheStreamStartsAreNotRead() {
        inbox.drop("yesterday.txt", "old news\n");
        start();

        inbox.drop("today.txt", "fresh news\n");
        nextBatch();

        assertThat(batches.get(0)).as("""
                batch 1: yesterday.txt was in the folder before the stream was made, today.txt arrived after; only \
                new files are read (newFilesOnly)""").containsExactly("fresh news");
    }

    @Test
    void aFileCopiedWithHdfsPutIsReadOnceWhenItsCopyIsComplete() {
        start();

        // hdfs dfs -put writes report.txt._COPYING_ in the folder itself, then renames it to report.txt
        var copy = inbox.copyLikeHdfsPut("report.txt").write("first half\n").flush();
        nextBatch();
        copy.write("second half\n").finish();
        nextBatch();

        assertThat(all()).as("""
                lines read over two batches, while report.txt was copied with hdfs dfs -put (as report.txt._COPYING_, \
                renamed when complete): read once, complete. A line counted twice means the ._COPYING_ file was read \
                too — does the stream skip the files that are not finished (isFinished)?""")
                .containsExactlyInAnyOrder("first half", "second half");
        assertThat(batches.get(1)).as("batch 2, after the copy was renamed to report.txt")
                .containsExactlyInAnyOrder("first half", "second half");
    }

    @Test
    void hadoopMarkersAndHiddenFilesAreNotData() {
        start();

        inbox.drop("_SUCCESS", "");
        inbox.drop(".part-0.crc", "checksum\n");
        inbox.drop("part-0.txt", "data\n");
        nextBatch();

        assertThat(batches.get(0)).as("batch 1: _SUCCESS and .part-0.crc are not data, part-0.txt is")
                .containsExactly("data");
    }

    @Test
    void aFileWrittenInPlaceIsReadAsFarAsItWasWrittenAndNeverAgain() {
        start();

        // The wrong way: a program writes its output straight into the watched folder, bit by bit.
        var flushed = inbox.writeInPlace("flushed.txt").write("first half\n").flush();
        var buffered = inbox.writeInPlace("buffered.txt").write("all of it, still in the writer's buffer\n");
        try (var sparkSays = LogCapture.of("org.apache.spark.streaming.dstream.FileInputDStream")) {
            nextBatch();
            assertThat(sparkSays.messages()).as("what Spark logs when it lists a file with nothing in it yet")
                    .anyMatch(message -> message.contains("buffered.txt has no data in it")
                            && message.contains("can only ingest files that have been \"moved\""));
        }
        flushed.write("second half\n").finish();
        buffered.finish();
        nextBatch();
        nextBatch();

        assertThat(batches.get(0)).as("""
                batch 1 listed both files while they were being written: it read what had reached HDFS (the flushed \
                half), and nothing of the file whose bytes were still in its writer's buffer""")
                .containsExactly("first half");
        assertThat(all()).as("""
                every line read in three batches: a file is taken once, as it is when a batch lists it; what is \
                written afterwards is never read. Producers must write elsewhere, then move the file in""")
                .containsExactly("first half");
    }

    @Test
    void theProducerMovesEachFileInWhenItIsComplete() throws IOException {
        start();

        // A slow producer: a batch runs while it is in the middle of the file.
        var slowLines = List.of("first line", "second line", "third line");
        publish("slow.txt", () -> new BatchAfterFirstLine(slowLines.iterator()));
        nextBatch();

        assertThat(batches.get(0)).as("""
                batch 1, which ran while slow.txt was being written: nothing of it should be in the folder yet \
                (write it in the staging folder, then move it in)""").isEmpty();
        assertThat(all()).as("""
                every line of slow.txt, read once, whole, by the batch after publish moved it in. Lines lost mean \
                the file was listed while it was still being written: was it written in the watched folder itself?""")
                .containsExactlyElementsOf(slowLines);
        assertThat(inbox.fileSystem().listStatus(new Path(inbox.stagingPath())))
                .as("the staging folder after publish: the file was moved out of it").isEmpty();
    }

    @Test
    void publishedLinesKeepTheirCharacters() throws IOException {
        start();

        publish("unicode.txt", () -> List.of("crème brûlée", "東京", "").iterator());
        nextBatch();

        assertThat(batches.get(0)).as("batch 1: the lines of unicode.txt, written in UTF-8, one per line")
                .containsExactly("crème brûlée", "東京", "");
    }

    @Test
    void aFolderThatDoesNotExistIsAClearError() {
        var missing = TestHdfs.cluster().uri() + "/no/such/folder";
        context = FileStreamClock.streamingContext(Durations.seconds(1));

        assertThat(thrownBy(() -> FolderWordCount.linesOfNewFiles(context, missing)))
                .as("a stream on a folder that does not exist: an error at once (Spark itself would only log a "
                        + "warning at every batch, and read nothing, forever)")
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(missing);
    }

    @Test
    void anUnreachableNameNodeIsAClearErrorNotAHang() {
        var nowhere = TestHdfs.unreachableUri("/logs/inbox");
        context = FileStreamClock.streamingContext(Durations.seconds(1));

        assertThat(thrownBy(() -> FolderWordCount.linesOfNewFiles(context, nowhere)))
                .as("a stream on a NameNode that does not answer (%s): an error naming it, within seconds", nowhere)
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("NameNode")
                .hasMessageContaining(nowhere);
    }

    /**
     * Makes a streaming context (its clock shows the time now: files dropped before are old), the student's file
     * stream on the inbox, collects its lines, starts the context.
     */
    private void start() {
        context = FileStreamClock.streamingContext(Durations.seconds(1));
        lines = CollectedStream.of(FolderWordCount.linesOfNewFiles(context, inbox.path()));
        run = FileStreamClock.start(context);
    }

    /** Runs one batch and keeps the lines it read. */
    private void nextBatch() {
        Time time = run.nextBatch();
        batches.add(lines.recordsAt(time));
    }

    private List<String> all() {
        return batches.stream().flatMap(List::stream).toList();
    }

    private void publish(String fileName, Iterable<String> lines) throws IOException {
        FolderWordCount.publish(inbox.fileSystem(), new Path(inbox.stagingPath()), new Path(inbox.path()), fileName,
                lines);
    }

    /** Hands out lines; when the producer comes back for the second one, a batch of the stream runs first. */
    private final class BatchAfterFirstLine implements Iterator<String> {
        private final Iterator<String> lines;
        private int handedOut;
        private boolean batchRan;

        BatchAfterFirstLine(Iterator<String> lines) {
            this.lines = lines;
        }

        @Override
        public boolean hasNext() {
            if (handedOut == 1 && !batchRan) {
                batchRan = true;
                nextBatch();   // the producer has written the first line and is about to write the next
            }
            return lines.hasNext();
        }

        @Override
        public String next() {
            handedOut++;
            return lines.next();
        }
    }

    /** What {@code call} threw; a step not written yet fails the test as "not done", not as a wrong exception. */
    private static Throwable thrownBy(ThrowingCallable call) {
        var thrown = catchThrowable(call);
        if (thrown instanceof NotDoneYet notDone) {
            throw notDone;
        }
        return thrown;
    }
}
