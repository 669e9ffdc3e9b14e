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
}
