package dev.streaminglabs.testkit;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import org.apache.spark.SparkContext;
import org.apache.spark.streaming.Time;
import org.apache.spark.streaming.api.java.JavaStreamingContext;
import org.apache.spark.streaming.scheduler.StreamingListener;
import org.apache.spark.streaming.scheduler.StreamingListenerBatchCompleted;

/**
 * The streaming context of a test, handed to the code under test, that notes how that code used it: when it was
 * stopped (on the test clock), which batches completed after that, which listeners were added after {@code start()},
 * and the Spark context it ran on.
 *
 * <pre>{@code
 * var watched = WatchedStreamingContext.watch(context);
 * GracefulStop.runFor(watched, 3);
 * assertThat(watched.ranABatchAfterTheStop()).as("a graceful stop runs the batch it waits for").isTrue();
 * }</pre>
 *
 * It is the same streaming context (the same {@code StreamingContext} under another Java wrapper): starting or
 * stopping one starts or stops the other. Wrap it before it starts, so that no batch goes unnoticed.
 */
public final class WatchedStreamingContext extends JavaStreamingContext {

    private static final long NONE = -1;

    private final SparkContext sparkContext;
    private final TestClock clock;
    private final AtomicLong stopCalledAt = new AtomicLong(NONE);
    private final AtomicLong lastBatchCompleted = new AtomicLong(NONE);
    private final AtomicInteger listenersAddedAfterStart = new AtomicInteger();
    private volatile boolean started;

    private WatchedStreamingContext(JavaStreamingContext context) {
        super(context.ssc());
        this.sparkContext = context.ssc().sparkContext();
        this.clock = TestClock.of(context);
        super.addStreamingListener(new StreamingListener() {
            @Override
            public void onBatchCompleted(StreamingListenerBatchCompleted event) {
                lastBatchCompleted.accumulateAndGet(event.batchInfo().batchTime().milliseconds(), Math::max);
            }
        });
    }

    /** Watches {@code context}, a context of the test clock that has not started yet. */
    public static WatchedStreamingContext watch(JavaStreamingContext context) {
        return new WatchedStreamingContext(context);
    }

    @Override
    public void start() {
        super.start();
        started = true;
    }

    @Override
    public void addStreamingListener(StreamingListener listener) {
        if (started) {
            listenersAddedAfterStart.incrementAndGet();
        }
        super.addStreamingListener(listener);
    }

    @Override
    public void stop() {
        noteStop();
        super.stop();
    }

    @Override
    public void stop(boolean stopSparkContext) {
        noteStop();
        super.stop(stopSparkContext);
    }

    @Override
    public void stop(boolean stopSparkContext, boolean stopGracefully) {
        noteStop();
        super.stop(stopSparkContext, stopGracefully);
    }

    @Override
    public void close() {
        noteStop();
        super.close();
    }

    private void noteStop() {
        stopCalledAt.compareAndSet(NONE, clock.now().milliseconds());
    }

    /** The Spark context the streaming context ran on (the very object, even once stopped). */
    public SparkContext sparkContextItRanOn() {
        return sparkContext;
    }

    /** How many listeners were added once the context had started (they missed whatever happened before). */
    public int listenersAddedAfterStart() {
        return listenersAddedAfterStart.get();
    }

    /** Whether the code under test asked the context to stop. */
    public boolean stopWasCalled() {
        return stopCalledAt.get() != NONE;
    }

    /** The time of the test clock when the first stop was asked for (the time of the last batch generated then). */
    public Time stopCalledAt() {
        return new Time(stopCalledAt.get());
    }

    /** The time of the last batch that completed, or 0 if none did. */
    public Time lastBatchCompleted() {
        return new Time(Math.max(0, lastBatchCompleted.get()));
    }

    /** "stop asked for at 3 s, last batch completed at 4 s": for failure messages. */
    @Override
    public String toString() {
        var stop = stopWasCalled() ? "stop asked for at " + TestClock.format(stopCalledAt()) : "no stop asked for";
        var last = lastBatchCompleted.get() == NONE ? "no batch completed"
                : "last batch completed at " + TestClock.format(lastBatchCompleted());
        return stop + ", " + last;
    }

    /**
     * Whether a batch that was not generated yet when the stop was asked for still ran: what a graceful stop does
     * (it waits for the next tick of the batch timer and runs that batch, so that nothing received is lost), and an
     * abrupt one ({@code stop(..., false)}) does not.
     */
    public boolean ranABatchAfterTheStop() {
        return stopWasCalled() && lastBatchCompleted.get() > stopCalledAt.get();
    }
}
