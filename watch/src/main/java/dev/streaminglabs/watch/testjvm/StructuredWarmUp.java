package dev.streaminglabs.watch.testjvm;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.streaming.OutputMode;
import org.junit.jupiter.api.Test;

import dev.streaminglabs.testkit.QueryRun;
import dev.streaminglabs.testkit.TestSpark;

/**
 * A first streaming query, two triggers of a stateful aggregation: Spark SQL's analyzer, optimizer, planner and
 * state store, which the first query of a JVM loads and a Structured Streaming lab's first test would pay.
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
}
