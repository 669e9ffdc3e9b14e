package dev.streaminglabs.testkit;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

import org.apache.spark.streaming.Duration;
import org.apache.spark.streaming.Time;
import org.apache.spark.streaming.api.java.JavaStreamingContext;
import org.apache.spark.streaming.scheduler.BatchInfo;
import org.apache.spark.streaming.scheduler.OutputOperationInfo;
import org.apache.spark.streaming.scheduler.StreamingListener;
import org.apache.spark.streaming.scheduler.StreamingListenerBatchCompleted;

import dev.streaminglabs.common.LocalSpark;
import dev.streaminglabs.common.NotDoneYet;

/**
 * A started streaming context that a test drives batch by batch, with no sleeping: {@link #nextBatch()} moves the
 * manual clock one batch interval and returns once that batch's jobs are done.
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

    /** Long enough for a slow CI machine, short enough that a stuck stream fails the test with a clear message. */
    private static final long BATCH_TIMEOUT_MS = TimeUnit.SECONDS.toMillis(60);

    private final JavaStreamingContext context;
    private final Duration batchInterval;
    private final TestClock clock;
    private final CompletedBatches completed = new CompletedBatches();

    private StreamingRun(JavaStreamingContext context) {
        this.context = context;
        this.batchInterval = context.ssc().graph().batchDuration();
        context.addStreamingListener(completed);
        context.start();
        this.clock = TestClock.of(context);
    }

    /** Starts the context (built with {@link LocalSpark#streamingContext}) and hands time over to the test. */
    public static StreamingRun start(JavaStreamingContext context) {
        return new StreamingRun(context);
    }

    public JavaStreamingContext context() {
        return context;
    }

    public TestClock clock() {
        return clock;
    }

    /**
     * Moves the clock one batch interval and waits until that batch has run all its output operations.
     *
     * @return the time of the batch that ran
     * @throws NotDoneYet            when the batch hit a skeleton's unfinished step
     * @throws StreamingBatchFailed  when one of the batch's jobs failed for another reason
     */
    public Time nextBatch() {
        clock.advance(batchInterval);
        var batchTime = clock.now();
        var info = completed.await(batchTime);
        failIfBroken(batchTime, info);
        return batchTime;
    }

    /** Runs {@code count} batches, one after the other. */
    public void runBatches(int count) {
        for (int i = 0; i < count; i++) {
            nextBatch();
        }
    }

    private void failIfBroken(Time batchTime, BatchInfo info) {
        Map<Object, OutputOperationInfo> operations = scala.jdk.javaapi.CollectionConverters.asJava(
                info.outputOperationInfos());
        for (var operation : new TreeMap<>(operations).values()) {
            if (operation.failureReason().isDefined()) {
                // The scheduler reports the exception itself right after the batch event: wait for it.
                Throwable error = null;
                try {
                    context.awaitTerminationOrTimeout(BATCH_TIMEOUT_MS);
                } catch (Exception reported) {
                    error = reported;
                }
                throw StreamingBatchFailed.explain(batchTime, operation.failureReason().get(), error);
            }
        }
    }

    /** Stops the streaming context, keeps the Spark context, and never waits for unprocessed data. */
    @Override
    public void close() {
        TestSpark.stopStreaming(context);
    }

    /** Listens for finished batches; the test thread waits on it. */
    private static final class CompletedBatches implements StreamingListener {
        private final Map<Long, BatchInfo> byTime = new TreeMap<>();

        @Override
        public synchronized void onBatchCompleted(StreamingListenerBatchCompleted event) {
            byTime.put(event.batchInfo().batchTime().milliseconds(), event.batchInfo());
            notifyAll();
        }

        synchronized BatchInfo await(Time batchTime) {
            long deadline = System.currentTimeMillis() + BATCH_TIMEOUT_MS;
            while (!byTime.containsKey(batchTime.milliseconds())) {
                long left = deadline - System.currentTimeMillis();
                if (left <= 0) {
                    throw new StreamingBatchFailed("""
                            batch at %s did not finish within %d s. Does the pipeline have an output operation \
                            (print, foreachRDD, saveAsTextFiles)? A DStream with none never runs."""
                            .formatted(TestClock.format(batchTime), BATCH_TIMEOUT_MS / 1000), null);
                }
                try {
                    wait(left);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted while waiting for a batch", e);
                }
            }
            return byTime.get(batchTime.milliseconds());
        }
    }
}
