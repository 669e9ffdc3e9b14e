package dev.streaminglabs.testkit;

import static org.apache.spark.sql.functions.col;
import static org.assertj.core.api.Assertions.assertThat;

import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.streaming.OutputMode;
import org.junit.jupiter.api.Test;

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
