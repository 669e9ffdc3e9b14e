package dev.streaminglabs.lab01;

import static dev.streaminglabs.testkit.StreamAssertions.assertCount;
import static dev.streaminglabs.testkit.StreamAssertions.assertCounts;
import static dev.streaminglabs.testkit.StreamAssertions.assertEmpty;
import static dev.streaminglabs.testkit.StreamingScenario.batch;
import static dev.streaminglabs.testkit.StreamingScenario.noLines;

import java.util.Collections;
import java.util.Map;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import dev.streaminglabs.testkit.StreamingScenario;

@Tag("step2")
@DisplayName("Step 2 — count the words of each batch")
class Step2WordCountTest {

    @Test
    void countsTheWordsOfOneBatch() {
        var counts = StreamingScenario.lines(
                        batch("to be or not to be", "be quick"))
                .runPairs(WordCount::countWords);

        assertCounts(counts.batch(1), Map.of("to", 2L, "be", 3L, "or", 1L, "not", 1L, "quick", 1L));
    }

    @Test
    void countsStartAgainInEveryBatch() {
        var counts = StreamingScenario.lines(
                        batch("spark spark"),
                        batch("spark"),
                        batch("spark streaming spark"))
                .runPairs(WordCount::countWords);

        assertCounts(counts.batch(1), Map.of("spark", 2L));
        assertCounts(counts.batch(2), Map.of("spark", 1L));
        assertCounts(counts.batch(3), Map.of("spark", 2L, "streaming", 1L));
    }

    @Test
    void emptyBatchHasNoCounts() {
        var counts = StreamingScenario.lines(
                        batch("spark"),
                        noLines(),
                        batch("spark"))
                .runPairs(WordCount::countWords);

        assertEmpty(counts.batch(2));
        assertCounts(counts.batch(3), Map.of("spark", 1L));
    }

    @Test
    void blankLinesAreNotWords() {
        var counts = StreamingScenario.lines(
                        batch("", "   ", "spark", "\t"))
                .runPairs(WordCount::countWords);

        assertCounts(counts.batch(1), Map.of("spark", 1L));
    }

    @Test
    void theSameWordInAnyCaseIsCountedOnce() {
        var counts = StreamingScenario.lines(
                        batch("Spark SPARK", "spark!"))
                .runPairs(WordCount::countWords);

        assertCounts(counts.batch(1), Map.of("spark", 3L));
    }

    @Test
    void accentedWordsAreCountedWhole() {
        var counts = StreamingScenario.lines(
                        batch("un éléphant, deux éléphants", "Éléphant"))
                .runPairs(WordCount::countWords);

        assertCounts(counts.batch(1), Map.of("un", 1L, "éléphant", 2L, "deux", 1L, "éléphants", 1L));
    }

    @Test
    void veryLongLine() {
        var longLine = String.join(" ", Collections.nCopies(20_000, "stream"));
        var counts = StreamingScenario.lines(
                        batch(longLine, "stream"))
                .runPairs(WordCount::countWords);

        assertCount(counts.batch(1), "stream", 20_001L);
    }
}
