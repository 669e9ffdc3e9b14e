package dev.streaminglabs.lab01;

import static dev.streaminglabs.testkit.StreamingScenario.batch;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import dev.streaminglabs.testkit.StreamingScenario;
import dev.streaminglabs.testkit.TestSpark;

@Tag("step6")
@DisplayName("Step 6 — run for a number of batches, then stop gracefully")
class Step6GracefulStopTest {

    private static final StreamingScenario<String> SOME_BATCHES = StreamingScenario.lines(
            batch("one"), batch("two"), batch("three"), batch("four"), batch("five"), batch("six"));

    @Test
    void stopsAfterTheWantedNumberOfBatches() {
        var run = SOME_BATCHES.<String>runApp(10, (context, lines, collect) -> {
            collect.accept(lines);
            GracefulStop.runFor(context, 3);
        });

        assertThat(run.stopped()).as("the streaming context is stopped when runFor returns").isTrue();
        // A graceful stop lets the timer make the batch it was waiting for and runs it before returning; a stop that
        // does not wait (stop(false, false)) ends right after the 3rd batch.
        assertThat(run.batchesCompleted())
                .as("batches completed when runFor returns: the 3 wanted, then the one a graceful stop still runs")
                .isGreaterThan(3);
    }

    @Test
    void theSparkContextKeepsRunning() {
        SOME_BATCHES.<String>runApp(10, (context, lines, collect) -> {
            collect.accept(lines);
            GracefulStop.runFor(context, 2);
        });

        assertThat(TestSpark.context().sc().isStopped())
                .as("the Spark context after runFor: stop the streaming context only (stop(false, ...))")
                .isFalse();
    }
}
