package dev.streaminglabs.testkit.bench;

import static dev.streaminglabs.testkit.StreamingScenario.batch;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import dev.streaminglabs.testkit.StreamingScenario;

/**
 * The benchmark's floor: the least a lab's test run can cost — the test JVM, the first Spark session and one trivial
 * streaming batch. {@code scripts/benchmark.sh} runs it alone and compares each lab's run to it.
 */
class FloorProbeTest {

    @Test
    void oneTrivialStreamingBatch() {
        var out = StreamingScenario.lines(batch("spark")).run(lines -> lines);

        assertThat(out.batch(1).records()).containsExactly("spark");
    }
}
