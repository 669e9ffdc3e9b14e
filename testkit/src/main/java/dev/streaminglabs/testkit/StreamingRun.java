package dev.streaminglabs.testkit;

import static org.awaitility.Awaitility.await;

import java.time.Duration;

import org.apache.spark.streaming.Time;
import org.apache.spark.streaming.api.java.JavaStreamingContext;
import org.awaitility.core.ConditionTimeoutException;

import dev.streaminglabs.common.NotDoneYet;

/**
 * A started streaming context that a test drives batch by batch, with no sleeping: {@link #nextBatch()} moves the
 * manual clock one batch interval and returns once that batch's jobs are done — or fails at once with the cause Spark
 * reported.
 *
 * <pre>{@code
 * try (var run = StreamingRun.start(streamingContext)) {
 *     run.nextBatch();   // the batch at 1 s has run, its output operations too
 * }
 * }</pre>
 *
 * Closing it stops the streaming context but keeps the shared Spark context for the next test.
 */
public final class StreamingRun implements AutoCloseable {

    private final JavaStreamingContext context;
    private final org.apache.spark.streaming.Duration batchInterval;
    private final TestClock clock;
    private final BatchWaiter batches;

    private StreamingRun(JavaStreamingContext context) {
        this.context = context;
        this.batchInterval = context.ssc().graph().batchDuration();
        this.batches = BatchWaiter.on(context);
        context.start();
        this.clock = TestClock.of(context);
    }

    /** Starts the context (built with {@link TestSpark#streamingContext}) and hands time over to the test. */
    public static StreamingRun start(JavaStreamingContext context) {
        return new StreamingRun(context);
    }

    /** The streaming context under test: to check its state while the test waits for something outside Spark. */
    public JavaStreamingContext context() {
        return context;
    }

    /**
     * Moves the clock one batch interval and waits until that batch has run all its output operations.
     *
     * @return the time of the batch that ran
     * @throws NotDoneYet           when the batch hit a skeleton's unfinished step
     * @throws StreamingBatchFailed when one of the batch's jobs failed for another reason, or jobs could not be made
     */
    public Time nextBatch() {
        clock.advance(batchInterval);
        var batchTime = clock.now();
        batches.awaitBatch(batchTime);
        return batchTime;
    }

    /** Runs {@code count} batches, one after the other. */
    public void runBatches(int count) {
        for (int i = 0; i < count; i++) {
            nextBatch();
        }
    }

    /**
     * Runs batches until the receivers have taken in at least {@code records} records (as the batches report them),
     * so that a test waits for its input to arrive — not for the right answer, which a wrong answer never gives.
     *
     * @throws StreamingBatchFailed when the records did not all arrive within {@code limit}, or a batch failed
     */
    public void runUntilReceived(long records, Duration limit) {
        try {
            // A batch every 20 ms of real time: the receiver works on the real clock, the batches on the test's.
            await().atMost(limit).pollInSameThread().pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(20))
                    .until(() -> {
                        nextBatch();
                        return batches.recordsReceived() >= records;
                    });
        } catch (ConditionTimeoutException slow) {
            throw new StreamingBatchFailed("""
                    the receivers took in %d of the %d records sent within %d s: is the source reachable, and does \
                    the receiver store what it reads?""".formatted(batches.recordsReceived(), records,
                    limit.toSeconds()), null);
        }
    }

    /** Records the receivers took in so far, over every completed batch. */
    public long recordsReceived() {
        return batches.recordsReceived();
    }

    /** Stops the streaming context, keeps the Spark context, and never waits for unprocessed data. */
    @Override
    public void close() {
        TestSpark.stopStreaming(context);
    }
}
