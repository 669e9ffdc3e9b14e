package dev.streaminglabs.lab01;

import static dev.streaminglabs.testkit.StreamAssertions.assertEmpty;
import static dev.streaminglabs.testkit.StreamAssertions.assertRecordsInOrder;
import static dev.streaminglabs.testkit.StreamingScenario.asPairs;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.function.Function;

import org.apache.spark.streaming.api.java.JavaDStream;
import org.apache.spark.streaming.api.java.JavaPairDStream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import scala.Tuple2;

import dev.streaminglabs.testkit.StreamingScenario;

@Tag("step3")
@DisplayName("Step 3 — keep the top words of each batch")
class Step3TopWordsTest {

    /** Word counts go straight in, as step 2 would have made them: this step is tested on its own. */
    private static StreamingScenario<Tuple2<String, Long>> countsPerBatch(List<List<Tuple2<String, Long>>> batches) {
        return StreamingScenario.of(batches);
    }

    /** The step under test, fed with the pairs of each batch. */
    private static Function<JavaDStream<Tuple2<String, Long>>, JavaPairDStream<String, Long>> topWords(int n) {
        return counts -> TopWords.topWords(asPairs(counts), n);
    }

    private static Tuple2<String, Long> count(String word, long count) {
        return new Tuple2<>(word, count);
    }

    @Test
    void keepsTheMostFrequentWordsMostFrequentFirst() {
        var top = countsPerBatch(List.of(
                        List.of(count("a", 1), count("spark", 7), count("the", 9), count("stream", 4), count("job", 2))))
                .runPairs(topWords(3));

        assertRecordsInOrder(top.batch(1), List.of(count("the", 9), count("spark", 7), count("stream", 4)));
    }

    @Test
    void equalCountsAreInAlphabeticalOrder() {
        var top = countsPerBatch(List.of(
                        List.of(count("zeta", 2), count("alpha", 2), count("mu", 2), count("omega", 5))))
                .runPairs(topWords(3));

        assertThat(top.batch(1).records())
                .as("""
                        batch at 1 s, the top 3 of omega=5 and zeta, alpha, mu=2 each: equal counts in alphabetical \
                        order (sorting by the count alone leaves equal counts in any order)""")
                .containsExactly(count("omega", 5), count("alpha", 2), count("mu", 2));
    }

    @Test
    void aBatchWithFewerWordsKeepsThemAll() {
        var top = countsPerBatch(List.of(
                        List.of(count("spark", 1), count("flink", 3))))
                .runPairs(topWords(10));

        assertRecordsInOrder(top.batch(1), List.of(count("flink", 3), count("spark", 1)));
    }

    @Test
    void theTopIsChosenInEachBatchSeparately() {
        var top = countsPerBatch(List.of(
                        List.of(count("spark", 5), count("kafka", 1)),
                        List.of(count("kafka", 3), count("spark", 1))))
                .runPairs(topWords(1));

        assertRecordsInOrder(top.batch(1), List.of(count("spark", 5)));
        assertRecordsInOrder(top.batch(2), List.of(count("kafka", 3)));
    }

    @Test
    void emptyBatchHasAnEmptyTop() {
        var top = countsPerBatch(List.of(
                        List.of(count("spark", 5)),
                        List.of()))
                .runPairs(topWords(3));

        assertEmpty(top.batch(2));
    }
}
