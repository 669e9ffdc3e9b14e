package dev.streaminglabs.lab06;

import static dev.streaminglabs.lab06.KafkaInputs.click;
import static dev.streaminglabs.lab06.KafkaInputs.send;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;

import org.apache.spark.sql.streaming.StreamingQuery;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.streaminglabs.testkit.QueryPlans;
import dev.streaminglabs.testkit.TestSpark;
import dev.streaminglabs.testkit.kafka.TestKafka;
import dev.streaminglabs.testkit.kafka.TopicReader;

@Tag("step5")
@DisplayName("Step 5 — real-time mode")
class Step5RealTimeModeTest {

    /**
     * Long real-time batches: the alerts must come out long before the first one ends. (The length is a checkpoint
     * interval, not a wait: the test stops the query as soon as it has seen the alerts.)
     */
    private static final String BATCH = "2 minutes";
    private static final String QUERY_LOGGER = "org.apache.spark.sql.execution.streaming.runtime.MicroBatchExecution";

    @TempDir
    Path tempDir;

    private final String input = TestKafka.newTopic("clicks", 1);
    private final String alerts = TestKafka.newTopic("checkout-alerts", 1);

    @Test
    void checkoutClicksComeOutAsAlertsBeforeTheRealTimeBatchEnds() throws Exception {
        send(input, click("u1", "/home", "09:00:01"), click("u2", "/checkout", "09:00:02"),
                click("u3", "/cart", "09:00:03"), click("u4", "/checkout/pay", "09:00:04"),
                click("u5", "/help/checkout", "09:00:05"));

        var query = start(CheckoutAlerts.alerts(KafkaInputs.clicks(input)));
        try {
            assertThat(QueryPlans.triggerOf(query).getClass().getSimpleName())
                    .as("the query's trigger: real-time mode is Trigger.RealTime(...)").contains("RealTime");

            var out = TopicReader.awaitRecords(TestKafka.bootstrapServers(), alerts, 2, Duration.ofMinutes(1),
                    "the real-time query stopped", () -> !query.isActive());

            assertThat(query.recentProgress()).as("""
                    the batches the query had finished when the alerts came out: none. In real-time mode each \
                    record goes out as soon as it is read, not when its batch ends""").isEmpty();
            assertThat(out.stream().map(record -> record.key() + " " + OutputTopic.json(record).path("page").asText()))
                    .as("the alerts (key, page): the clicks on pages that start with /checkout, keyed by user")
                    .containsExactlyInAnyOrder("u2 /checkout", "u4 /checkout/pay");
        } finally {
            RealTimeStop.stop(query, TestSpark.session());
        }
    }

    @Test
    void aStatefulQueryIsRefusedInRealTimeMode() throws Exception {
        var countsPerPage = KafkaInputs.clicks(input).groupBy(ClickStream.PAGE).count()
                .selectExpr("page AS key", "CAST(count AS STRING) AS value");
        send(input, click("u1", "/home", "09:00:01"));

        // Spark logs the query it stops as an error: expected here, and asserted below instead of printed.
        var query = QuietLogs.during(QUERY_LOGGER, () -> {
            var started = start(countsPerPage);
            try {
                await().atMost(Duration.ofMinutes(1))
                        .failFast("the aggregation ran a micro-batch: was the query started in real-time mode?",
                                () -> started.recentProgress().length > 0)
                        .until(() -> !started.isActive());
            } finally {
                started.stop();
            }
            return started;
        });

        assertThat(query.exception().isDefined())
                .as("an aggregation (it keeps state) started in real-time mode: Spark stops it").isTrue();
        assertThat(query.exception().get().getMessage()).as("why Spark stopped it")
                .contains("STREAMING_REAL_TIME_MODE");
    }

    private StreamingQuery start(org.apache.spark.sql.Dataset<org.apache.spark.sql.Row> records) throws Exception {
        return CheckoutAlerts.startRealTime(records, TestKafka.bootstrapServers(), alerts,
                tempDir.resolve("checkpoint").toString(), BATCH);
    }
}
