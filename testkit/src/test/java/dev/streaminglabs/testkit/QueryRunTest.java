package dev.streaminglabs.testkit;

import static org.apache.spark.sql.functions.col;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;

import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.streaming.OutputMode;
import org.junit.jupiter.api.Test;
import org.opentest4j.AssertionFailedError;

import dev.streaminglabs.common.NotDoneYet;

class QueryRunTest {

    @Test
    void eachCallReturnsWhatTheTriggersForTheNewInputEmitted() {
        var words = TestSpark.memoryInput(Encoders.STRING());
        var counts = words.toDF().groupBy(col("value")).count();

        try (var query = QueryRun.start(counts, OutputMode.Update())) {
            words.add("spark", "spark", "flink");
            assertThat(query.processAllAvailable()).extracting(Row::toString)
                    .containsExactlyInAnyOrder("[spark,2]", "[flink,1]");

            words.add("spark");
            assertThat(query.processAllAvailable()).extracting(Row::toString)
                    .as("update mode: only the row that changed")
                    .containsExactly("[spark,3]");
        }
    }

    @Test
    void aFailedQueryFailsTheTestWithTheInnermostCauseFirst() {
        var words = TestSpark.memoryInput(Encoders.STRING());
        var parsed = words.toDF().map((org.apache.spark.api.java.function.MapFunction<Row, Integer>) row -> {
            throw new IllegalArgumentException("not a number: " + row.getString(0));
        }, Encoders.INT()).toDF();

        try (var query = QueryRun.start(parsed, OutputMode.Append())) {
            words.add("seven");
            assertThatThrownBy(query::processAllAvailable)
                    .isInstanceOf(QueryRun.QueryFailed.class)
                    .hasMessageStartingWith("the query failed: IllegalArgumentException: not a number: seven");
        }
    }

    @Test
    void aHoleInsideATriggerIsTheStepsTodo() {
        var words = TestSpark.memoryInput(Encoders.STRING());
        var holed = words.toDF().map((org.apache.spark.api.java.function.MapFunction<Row, String>) row -> {
            throw new NotDoneYet("lab-99-test", 2, "a hole in a query");
        }, Encoders.STRING()).toDF();

        try (var query = QueryRun.start(holed, OutputMode.Append())) {
            words.add("a");
            assertThatThrownBy(query::processAllAvailable).isInstanceOf(NotDoneYet.class);
        }
    }

    @Test
    void anAwaitStopsAtOnceWhenTheQueryDies() {
        var words = TestSpark.memoryInput(Encoders.STRING());
        var failing = words.toDF().map((org.apache.spark.api.java.function.MapFunction<Row, String>) row -> {
            throw new IllegalStateException("broken on purpose");
        }, Encoders.STRING()).toDF();

        try (var query = QueryRun.start(failing, OutputMode.Append())) {
            words.add("a");
            assertThatThrownBy(() -> query.await().until(() -> false))
                    .hasRootCauseMessage("broken on purpose");
        }
    }

    @Test
    void columnsAreCheckedByNameAndTheMessageSaysWhatToChange() {
        var words = TestSpark.memoryInput(Encoders.STRING());
        try (var query = QueryRun.start(words.toDF().groupBy(col("value")).count(), OutputMode.Update())) {
            assertThatThrownBy(() -> RowAssertions.assertColumns("the word count", query.columns(),
                    List.of("word", "count"), "name the column of words \"word\""))
                    .isInstanceOf(AssertionFailedError.class)
                    .hasMessage("the word count: the result has the columns [value, count]; expected [word, count]: "
                            + "name the column of words \"word\"");
            words.add("spark");
            assertThatThrownBy(() -> RowAssertions.assertCounts("trigger 1", query.processAllAvailable(), "word",
                    Map.of("spark", 1L)))
                    .hasMessage("trigger 1: the result has no column 'word'; its columns are [value, count]");
        }
    }

    @Test
    void processUntilReadWaitsForTheTriggersThatReadTheInput() {
        var words = TestSpark.memoryInput(Encoders.STRING());
        var counts = words.toDF().groupBy(col("value")).count();

        try (var query = QueryRun.start(counts, OutputMode.Update())) {
            words.add("spark", "flink");
            assertThat(query.processUntilRead(2)).extracting(Row::toString)
                    .containsExactlyInAnyOrder("[spark,1]", "[flink,1]");

            words.add("spark");
            assertThat(query.processUntilRead(3)).extracting(Row::toString).containsExactly("[spark,2]");
        }
    }

    @Test
    void settingsForOneQueryAreNotLeftOnTheSharedSession() {
        var words = TestSpark.memoryInput(Encoders.STRING());
        var setting = "spark.sql.streaming.stateStore.minDeltasForSnapshot";
        var before = TestSpark.session().conf().getOption(setting);

        try (var query = QueryRun.start(words.toDF().groupBy(col("value")).count(), OutputMode.Update(), null,
                java.util.Map.of(setting, "3"))) {
            words.add("spark");
            query.processAllAvailable();
            assertThat(TestSpark.session().conf().getOption(setting)).isEqualTo(before);
        }
    }
}
