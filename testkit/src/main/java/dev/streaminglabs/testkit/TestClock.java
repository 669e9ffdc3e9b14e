package dev.streaminglabs.testkit;

import org.apache.spark.streaming.Duration;
import org.apache.spark.streaming.Time;
import org.apache.spark.streaming.api.java.JavaStreamingContext;
import org.apache.spark.util.ManualClock;

/**
 * The hand of the test on Spark Streaming's clock.
 *
 * <p>The test JVM's Spark context makes every streaming context run on Spark's {@link ManualClock}: no batch happens
 * until a test moves the clock forward, and then it happens at once. Three one-second batches take a fraction of a
 * second instead of three seconds, and always cut the stream at the same places.
 */
public final class TestClock {

    private final ManualClock clock;

    private TestClock(ManualClock clock) {
        this.clock = clock;
    }

    /** The manual clock of a (started or not) streaming context made by the harness. */
    public static TestClock of(JavaStreamingContext streamingContext) {
        var clock = streamingContext.ssc().scheduler().clock();
        if (clock instanceof ManualClock manual) {
            return new TestClock(manual);
        }
        throw new IllegalStateException("""
                This streaming context runs on the real clock (%s). Create it with \
                TestSpark.streamingContext(...) in a test, where Spark's ManualClock is set."""
                .formatted(clock.getClass().getSimpleName()));
    }

    /** Moves time forward; the batches whose time has come are generated right away. */
    public void advance(Duration duration) {
        clock.advance(duration.milliseconds());
    }

    public Time now() {
        return new Time(clock.getTimeMillis());
    }

    /** "2 s", "1.5 s", "250 ms": how the course writes batch times. */
    public static String format(Time time) {
        long ms = time.milliseconds();
        if (ms % 1000 == 0) {
            return ms / 1000 + " s";
        }
        return ms > 1000 ? (ms / 1000.0) + " s" : ms + " ms";
    }
}
