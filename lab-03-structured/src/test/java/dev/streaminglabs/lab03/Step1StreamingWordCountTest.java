package dev.streaminglabs.lab03;

import static dev.streaminglabs.lab03.MemoryTables.assertOneRowPerWord;
import static dev.streaminglabs.testkit.RowAssertions.assertCounts;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Collections;
import java.util.List;
import java.util.Map;

import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.streaming.OutputMode;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.opentest4j.AssertionFailedError;

import dev.streaminglabs.common.MemoryInput;
import dev.streaminglabs.testkit.QueryRun;
import dev.streaminglabs.testkit.TestSpark;

@Tag("step1")
@DisplayName("Step 1 — count the words of an unbounded table")
class Step1StreamingWordCountTest {

    private final MemoryInput<String> lines = TestSpark.memoryInput(Encoders.STRING());

    @Test
    void theResultTableIsAStreamingDatasetOfWordsAndCounts() {
        var counts = StreamingWordCount.countWords(lines.toDF());

        assertThat(counts.isStreaming()).as("the word count of a stream is itself a streaming Dataset").isTrue();
        assertThat(counts.columns()).as("the columns of the result table").containsExactly("word", "count");
    }

    @Test
    void countsTheWordsOfTheFirstLines() {
        try (var query = QueryRun.start(StreamingWordCount.countWords(lines.toDF()), OutputMode.Complete())) {
            lines.add("to be or not to be", "be quick");

            assertCounts("trigger 1", query.processAllAvailable(),
                    Map.of("to", 2L, "be", 3L, "or", 1L, "not", 1L, "quick", 1L));
        }
    }

    @Test
    void countsKeepGrowingFromTriggerToTrigger() {
        try (var query = QueryRun.start(StreamingWordCount.countWords(lines.toDF()), OutputMode.Complete())) {
            lines.add("spark spark");
            assertCounts("trigger 1", query.processAllAvailable(), Map.of("spark", 2L));

            lines.add("spark streaming");
            assertCounts("trigger 2 (the counts of all the lines so far, not of this trigger only)",
                    query.processAllAvailable(), Map.of("spark", 3L, "streaming", 1L));
        }
    }

    @Test
    void theMemorySinkHoldsTheWholeResultTable() throws Exception {
        var query = StreamingWordCount.startInMemory(StreamingWordCount.countWords(lines.toDF()), "step1_word_counts");
        try {
            lines.add("to be or not to be");
            query.processAllAvailable();
            lines.add("be quick");
            query.processAllAvailable();

            var table = TestSpark.session().table("step1_word_counts").collectAsList();
            assertOneRowPerWord("the memory table step1_word_counts after 2 triggers", table);
            assertCounts("the memory table step1_word_counts after 2 triggers", table,
                    Map.of("to", 2L, "be", 3L, "or", 1L, "not", 1L, "quick", 1L));
        } finally {
            query.stop();
        }
    }

    @Test
    void emptyAndBlankLinesAreNotWords() {
        try (var query = QueryRun.start(StreamingWordCount.countWords(lines.toDF()), OutputMode.Complete())) {
            lines.add("", "   ", "spark", "\t", "...");

            var rows = query.processAllAvailable();
            assertNoEmptyWord("trigger 1", rows);
            assertCounts("trigger 1", rows, Map.of("spark", 1L));
        }
    }

    @Test
    void caseAndPunctuationMakeNoNewWord() {
        try (var query = QueryRun.start(StreamingWordCount.countWords(lines.toDF()), OutputMode.Complete())) {
            lines.add("Spark, SPARK!", "(spark)");

            var rows = query.processAllAvailable();
            assertNoPunctuationInWords("trigger 1", rows);
            assertCounts("trigger 1", rows, Map.of("spark", 3L));
        }
    }

    @Test
    void accentedAndNonLatinWordsAreCountedWhole() {
        try (var query = QueryRun.start(StreamingWordCount.countWords(lines.toDF()), OutputMode.Complete())) {
            lines.add("un éléphant à Москва", "Éléphant 東京");

            assertCounts("trigger 1", query.processAllAvailable(),
                    Map.of("un", 1L, "éléphant", 2L, "à", 1L, "москва", 1L, "東京", 1L));
        }
    }

    @Test
    void veryLongLine() {
        try (var query = QueryRun.start(StreamingWordCount.countWords(lines.toDF()), OutputMode.Complete())) {
            lines.add(String.join(" ", Collections.nCopies(20_000, "stream")), "stream");

            assertCounts("trigger 1", query.processAllAvailable(), Map.of("stream", 20_001L));
        }
    }

    /** No row has the empty string as its word: it is what split leaves at a separator in front or at a blank line. */
    private static void assertNoEmptyWord(String where, List<Row> rows) {
        for (var row : rows) {
            if ("".equals(row.getAs("word"))) {
                throw new AssertionFailedError("""
                        %s: the empty string was counted as a word (count %s). Splitting a blank line, or a line \
                        that starts with a separator, leaves an empty string: filter the empty words out."""
                        .formatted(where, row.<Object>getAs("count")));
            }
        }
    }

    /** No word holds a character that is not a letter or a digit. */
    private static void assertNoPunctuationInWords(String where, List<Row> rows) {
        for (var row : rows) {
            String word = row.getAs("word");
            if (word != null && !word.isEmpty() && !word.matches("[\\p{L}\\p{N}]+")) {
                throw new AssertionFailedError("""
                        %s: '%s' was counted as a word. Punctuation and spaces are not part of a word, they \
                        separate words: split on NOT_A_WORD (a run of anything that is not a letter or a digit)."""
                        .formatted(where, word));
            }
        }
    }
}
