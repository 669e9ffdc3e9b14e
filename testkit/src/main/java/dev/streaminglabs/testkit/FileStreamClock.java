package dev.streaminglabs.testkit;

import org.apache.spark.streaming.Duration;
import org.apache.spark.streaming.api.java.JavaStreamingContext;

/**
 * The manual clock of a test of a file stream ({@code textFileStream}, {@code fileStream}), set so that the stream
 * judges real files by their real times.
 *
 * <pre>{@code
 * var context = FileStreamClock.streamingContext(Durations.seconds(1));   // before the file stream is made
 * var lines = FolderWordCount.linesOfNewFiles(context, inbox.path());
 * try (var output = CollectedStream.of(lines); var run = FileStreamClock.start(context)) {
 *     inbox.drop("a.txt", "...");
 *     run.nextBatch();                     // reads a.txt: the first batch after it appeared
 * }
 * }</pre>
 *
 * A file stream takes, at the batch of time T, the files modified after the stream was made (if it reads new files
 * only), not after T, and not before T minus its remember window; the modification times come from the file system
 * (the NameNode's clock, on HDFS): the wall clock. So the stream's clock:
 * <ul>
 *   <li>shows the wall clock's time when the file stream is made: files already there are "old";</li>
 *   <li>jumps half an hour ahead when the stream starts: every file the test writes afterwards is older than the
 *   next batch, which takes it — the first batch after a file appeared is the one that reads it, however slow the
 *   machine;</li>
 *   <li>with a remember window of an hour (the test session's {@code spark.streaming.fileStream.minRememberDuration}),
 *   those files are not too old either.</li>
 * </ul>
 * Batch times are therefore today's times, not 1 s, 2 s...: name batches by their number in messages.
 */
public final class FileStreamClock {

    /** How far ahead of the wall clock the batches run: a test must write its files within that time. */
    private static final long AHEAD_MILLIS = 30 * 60 * 1000L;

    private FileStreamClock() {
    }

    /** A test streaming context whose clock shows the wall clock's time: make the file stream on it, then start. */
    public static JavaStreamingContext streamingContext(Duration batchInterval) {
        var context = TestSpark.streamingContext(batchInterval);
        TestClock.of(context).advance(new Duration(System.currentTimeMillis()));
        return context;
    }

    /**
     * Moves the clock half an hour ahead (to a whole number of batch intervals) and starts the context: from then on
     * {@link StreamingRun#nextBatch()} runs one batch at a time, as in any DStream test.
     */
    public static StreamingRun start(JavaStreamingContext context) {
        var clock = TestClock.of(context);
        long interval = context.ssc().graph().batchDuration().milliseconds();
        long now = clock.now().milliseconds();
        long ahead = ((now + AHEAD_MILLIS) / interval + 1) * interval;
        clock.advance(new Duration(ahead - now));
        return StreamingRun.start(context);
    }
}
