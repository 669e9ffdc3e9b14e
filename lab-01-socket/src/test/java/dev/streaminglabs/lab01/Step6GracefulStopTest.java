package dev.streaminglabs.lab01;

import static dev.streaminglabs.testkit.StreamingScenario.batch;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import dev.streaminglabs.testkit.AppRun;
import dev.streaminglabs.testkit.LogCapture;
import dev.streaminglabs.testkit.StreamingScenario;
import dev.streaminglabs.testkit.WatchedStreamingContext;

@Tag("step6")
@DisplayName("Step 6 — run for a number of batches, then stop gracefully")
class Step6GracefulStopTest {

    private static final StreamingScenario<String> SOME_BATCHES = StreamingScenario.lines(
            batch("one"), batch("two"), batch("three"), batch("four"), batch("five"), batch("six"));

    /** Where Spark reports an exception thrown by a listener (the listener bus catches it and goes on). */
    private static final String[] LISTENER_BUSES = {
            "org.apache.spark.streaming.scheduler.StreamingListenerBus", "org.apache.spark.scheduler.AsyncEventQueue"};

    /** What runFor did: how the app's run ended, and what it did with its streaming context. */
    private record RunForResult(AppRun<String> run, WatchedStreamingContext context) {
    }

    /** Runs {@code GracefulStop.runFor(context, batches)} as an app would, on the test clock, at most 10 batches. */
    private static RunForResult runFor(int batches) {
        var watched = new AtomicReference<WatchedStreamingContext>();
        try (var listenerErrors = LogCapture.of(LISTENER_BUSES)) {
            try {
                var run = SOME_BATCHES.<String>runApp(10, (context, lines, collect) -> {
                    collect.accept(lines);
                    watched.set(WatchedStreamingContext.watch(context));
                    GracefulStop.runFor(watched.get(), batches);
                });
                return new RunForResult(run, watched.get());
            } catch (AssertionError stillRunning) {
                throw new AssertionError("""
                        runFor(context, %d) had not returned after 10 batches. What Spark reported meanwhile:
                        %s
                        (Stopping the context from a listener is refused by Spark; the listener only counts, the \
                        main thread stops.)""".formatted(batches, listenerErrors), stillRunning);
            }
        }
    }

    @Test
    void stopsAfterTheWantedNumberOfBatches() {
        var result = runFor(3);

        assertThat(result.run().stopped()).as("the streaming context is stopped when runFor returns").isTrue();
        // A graceful stop lets the timer make the batch it was waiting for and runs it before returning.
        assertThat(result.run().batchesCompleted())
                .as("batches completed when runFor returns: the 3 wanted, then the one a graceful stop still runs")
                .isGreaterThan(3);
    }

    @Test
    void theStopIsGraceful() {
        var result = runFor(3);

        assertThat(result.context().ranABatchAfterTheStop())
                .as("""
                        did a batch still run after runFor asked for the stop (%s)? A graceful stop, \
                        stop(false, true), waits for the batch timer's next tick and runs that batch, so that nothing \
                        received is lost; stop(false, false) does not""", result.context())
                .isTrue();
    }

    @Test
    void theSparkContextKeepsRunning() {
        var result = runFor(2);

        assertThat(result.context().sparkContextItRanOn().isStopped())
                .as("""
                        is the Spark context the app ran on stopped after runFor? Stop the streaming context only, \
                        stop(false, ...): stop() and stop(true, ...) stop the Spark context too""")
                .isFalse();
    }

    @Test
    void theCountdownListensFromTheFirstBatch() {
        var result = runFor(2);

        assertThat(result.context().listenersAddedAfterStart())
                .as("""
                        listeners added after start(): a listener added once the context runs misses the batches \
                        that completed before; register the countdown before start()""")
                .isZero();
    }
}
