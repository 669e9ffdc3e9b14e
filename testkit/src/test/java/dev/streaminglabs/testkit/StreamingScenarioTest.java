package dev.streaminglabs.testkit;

import static dev.streaminglabs.testkit.StreamAssertions.assertCounts;
import static dev.streaminglabs.testkit.StreamAssertions.assertEmpty;
import static dev.streaminglabs.testkit.StreamingScenario.batch;
import static dev.streaminglabs.testkit.StreamingScenario.noLines;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.opentest4j.AssertionFailedError;
import scala.Tuple2;

import dev.streaminglabs.common.NotDoneYet;

class StreamingScenarioTest {

    @Test
    void eachInputBatchIsOneBatchOfTheStreamAtOneSecondIntervals() {
        var out = StreamingScenario.lines(batch("a", "b"), noLines(), batch("c"))
                .run(lines -> lines.map(String::toUpperCase));

        assertThat(out.size()).isEqualTo(3);
        assertThat(out.batch(1).records()).containsExactlyInAnyOrder("A", "B");
        assertThat(out.batch(1).label()).isEqualTo("batch at 1 s");
        assertEmpty(out.batch(2));
        assertThat(out.batch(3).records()).containsExactly("C");
        assertThat(out.batch(3).time().milliseconds()).isEqualTo(3000);
    }

    @Test
    void pairAssertionsSpeakTheCoursesWords() {
        var out = StreamingScenario.lines(batch("spark", "spark"))
                .runPairs(lines -> lines.mapToPair(word -> new Tuple2<>(word, 1L)).reduceByKey(Long::sum));

        assertThatThrownBy(() -> assertCounts(out.batch(1), Map.of("spark", 3L)))
                .isInstanceOf(AssertionFailedError.class)
                .hasMessage("batch at 1 s: count of 'spark' expected 3 but was 2");
    }

    @Test
    void aKeyThatComesOutTwiceIsCalledOut() {
        var out = StreamingScenario.of(List.of(List.of(new Tuple2<>("spark", 1L), new Tuple2<>("spark", 1L))))
                .runPairs(StreamingScenario::asPairs);

        assertThatThrownBy(() -> assertCounts(out.batch(1), Map.of("spark", 2L)))
                .hasMessageContaining("'spark' came out more than once");
    }

    @Test
    void aTodoInsideASparkTaskSurfacesAsTheTodo() {
        assertThatThrownBy(() -> StreamingScenario.lines(batch("a"))
                .run(lines -> lines.map(line -> {
                    throw new NotDoneYet("lab-99-test", 4, "a hole inside a task");
                })))
                .isInstanceOf(NotDoneYet.class)
                .hasMessageContaining("Step 4 — a hole inside a task");
    }

    @Test
    void anyOtherFailureInsideATaskNamesTheBatch() {
        assertThatThrownBy(() -> StreamingScenario.lines(batch("ok"), batch("boom"))
                .run(lines -> lines.map(line -> {
                    if (line.equals("boom")) {
                        throw new IllegalArgumentException("cannot parse 'boom'");
                    }
                    return line;
                })))
                .isInstanceOf(StreamingBatchFailed.class)
                .hasMessageContaining("the batch at 2 s failed inside Spark")
                .hasMessageContaining("cannot parse 'boom'");
    }

    @Test
    void aFunctionThatCannotTravelFailsTheBatchAtOnceWithTheSerializationStack() {
        // A lambda Comparator is not Serializable: takeOrdered must ship it to the executors. Spark cannot even make
        // the batch's jobs; the test fails at once (not after the batch's 60 s timeout) with Spark's explanation.
        assertThatThrownBy(() -> StreamingScenario.lines(batch("b", "a"))
                .run(lines -> lines.transform(batch -> {
                    var first = batch.takeOrdered(1, (left, right) -> left.compareTo(right));
                    return batch.filter(first::contains);
                })))
                .isInstanceOf(StreamingBatchFailed.class)
                .hasMessageContaining("the batch at 1 s failed inside Spark")
                .hasMessageContaining("Serialization stack")
                .hasMessageContaining("use a named class that implements Serializable");
    }

    @Test
    void aReceiverThatHitsAHoleStopsTheTestAtOnce() {
        var context = TestSpark.streamingContext(org.apache.spark.streaming.Durations.seconds(1));
        context.receiverStream(new HoleInOnStart()).foreachRDD(batch -> { });
        try (var run = StreamingRun.start(context)) {
            assertThatThrownBy(() -> run.runBatches(1_000))
                    .hasMessageContaining("Step 3 — a hole in a receiver")
                    .hasMessageContaining(NotDoneYet.MARKER);
        }
    }

    /** A receiver whose onStart is a skeleton's hole. */
    private static final class HoleInOnStart extends org.apache.spark.streaming.receiver.Receiver<String> {
        HoleInOnStart() {
            super(org.apache.spark.storage.StorageLevel.MEMORY_ONLY());
        }

        @Override
        public void onStart() {
            throw new NotDoneYet("lab-99-test", 3, "a hole in a receiver");
        }

        @Override
        public void onStop() {
        }
    }

    @Test
    void aSecondInputStreamDeliversItsBatchesInTheSameIntervals() {
        var joined = StreamingScenario.lines(batch("a1", "a2"), batch("a3"))
                .and(List.of(batch("a1"), noLines(), batch("a3")))
                .runPairs((left, right) -> left.mapToPair(key -> new Tuple2<>(key, "left"))
                        .join(right.mapToPair(key -> new Tuple2<>(key, "right"))));

        assertThat(joined.size()).as("as many batches as the longer stream").isEqualTo(3);
        assertThat(joined.batch(1).records()).containsExactly(new Tuple2<>("a1", new Tuple2<>("left", "right")));
        assertEmpty(joined.batch(2));
        assertEmpty(joined.batch(3));   // a3 came one batch late on the right: a per-batch join misses it
    }
}
