package dev.streaminglabs.testkit.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.streaming.OutputMode;
import org.junit.jupiter.api.Test;

import dev.streaminglabs.testkit.QueryRun;
import dev.streaminglabs.testkit.TestSpark;

/**
 * The benchmark's second floor, for the Structured Streaming labs: the test JVM, the first Spark session and one
 * trigger of a first streaming aggregation. The first query of a JVM loads and compiles Spark SQL's planner,
 * optimizer and state store; every lab of Structured Streaming pays that once, and {@link FloorProbeTest} (one DStream
 * batch) does not.
 */
class StructuredFloorProbeTest {

    @Test
    void oneTriggerOfAStreamingCount() {
        var words = TestSpark.memoryInput(Encoders.STRING());
        try (var query = QueryRun.start(words.toDF().groupBy("value").count(), OutputMode.Update())) {
            words.add("spark");

            assertThat(query.processAllAvailable()).hasSize(1);
        }
    }
}
