package dev.streaminglabs.watch.testjvm;

import static dev.streaminglabs.testkit.StreamingScenario.batch;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;

import org.junit.jupiter.api.Test;
import scala.Tuple2;

import dev.streaminglabs.testkit.StreamingScenario;

/** A first streaming context on the test clock, two batches of a word count: what a DStream lab's first test pays. */
class DStreamWarmUp {

    @Test
    void firstBatches() {
        var counts = StreamingScenario.lines(batch("to be or not to be"), batch("spark"))
                .runPairs(lines -> lines
                        .flatMap(line -> Arrays.asList(line.split(" ")).iterator())
                        .mapToPair(word -> new Tuple2<>(word, 1L))
                        .reduceByKey(Long::sum));

        assertThat(counts.batch(2).records()).containsExactly(new Tuple2<>("spark", 1L));
    }
}
