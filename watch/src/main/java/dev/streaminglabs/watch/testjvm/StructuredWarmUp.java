package dev.streaminglabs.watch.testjvm;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.window;
import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Timestamp;

import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.streaming.OutputMode;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

import dev.streaminglabs.testkit.QueryRun;
import dev.streaminglabs.testkit.TestSpark;

/**
 * A first streaming query, two triggers of a stateful aggregation: Spark SQL's analyzer, optimizer, planner and
 * state store, which the first query of a JVM loads and a Structured Streaming lab's first test would pay. Then a
 * first event-time window with a watermark (the window functions, the watermark's no-data batch, state eviction).
 */
class StructuredWarmUp {

    @Test
    void firstQuery() {
        var words = TestSpark.memoryInput(Encoders.STRING());
        try (var query = QueryRun.start(words.toDF().groupBy("value").count(), OutputMode.Update())) {
            words.add("spark", "streaming");
            assertThat(query.processAllAvailable()).hasSize(2);

            words.add("spark");
            assertThat(query.processAllAvailable()).hasSize(1);
        }
    }

    @Test
    void firstEventTimeWindows() {
        var schema = new StructType().add("time", DataTypes.TimestampType).add("key", DataTypes.StringType);
        var events = TestSpark.memoryInput(Encoders.row(schema));
        var counts = events.toDF().withWatermark("time", "10 minutes")
                .groupBy(window(col("time"), "10 minutes"), col("key")).count();
        try (var query = QueryRun.start(counts, OutputMode.Update())) {
            events.add(RowFactory.create(Timestamp.valueOf("2026-03-14 10:02:00"), "a"));
            assertThat(query.processAllAvailable()).hasSize(1);

            events.add(RowFactory.create(Timestamp.valueOf("2026-03-14 10:31:00"), "a"));
            assertThat(query.processAllAvailable()).isNotEmpty();
        }
    }
}
