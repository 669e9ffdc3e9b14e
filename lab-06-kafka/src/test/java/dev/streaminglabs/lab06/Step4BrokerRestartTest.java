package dev.streaminglabs.lab06;

import static org.apache.spark.sql.functions.col;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.streaminglabs.common.kafka.Click;
import dev.streaminglabs.common.kafka.ClickGenerator;
import dev.streaminglabs.common.kafka.EventProducer;
import dev.streaminglabs.common.kafka.KafkaBroker;
import dev.streaminglabs.common.kafka.KafkaTopics;
import dev.streaminglabs.testkit.LogCapture;
import dev.streaminglabs.testkit.QueryRun;
import dev.streaminglabs.testkit.StepWritten;
import dev.streaminglabs.testkit.kafka.BrokerOutage;

/**
 * The broker drill: the Kafka broker stops in the middle of the stream and starts again (same address, same log), with
 * step 4's query counting clicks into the ledger. Its own broker, not the tests' shared one: stopping that one would
 * disturb every other test of the JVM.
 */
@Tag("step4")
@DisplayName("Step 4 — exactly-once, proven by a fault drill")
class Step4BrokerRestartTest {

    /** Spark logs a query that stopped with an error at ERROR: the drill's second test provokes it, and asserts it. */
    private static final String QUERY_LOGGER = "org.apache.spark.sql.execution.streaming.runtime.MicroBatchExecution";
    /**
     * A source that gives up on a missing broker after one attempt of 3 s, instead of 3 attempts of 60 s (Spark's
     * fetchOffset.numRetries and the Kafka admin client's default.api.timeout.ms: measured, a query of the defaults
     * dies about 3 minutes after its broker).
     */
    private static final Map<String, String> GIVES_UP_SOON = Map.of(
            "fetchOffset.numRetries", "1",
            "kafka.default.api.timeout.ms", "3000",
            "kafka.request.timeout.ms", "3000");

    private static final AtomicInteger TOPICS = new AtomicInteger();
    private static KafkaBroker broker;

    @TempDir
    Path tempDir;

    private final ClickGenerator generator = new ClickGenerator(15, KafkaInputs.at("09:00:00"));
    private final List<Click> beforeTheStop = generator.next(20);
    private final List<Click> afterTheRestart = generator.next(12);
    private String input;
    private ClickLedger ledger;

    @BeforeEach
    void aBrokerOfItsOwn() {
        // Before the broker starts (seconds): a step not written yet fails as "not done", at no cost.
        StepWritten.orNotDoneYet(() -> ExactlyOnce.start(null, null, null));
        StepWritten.orNotDoneYet(ClickLedger::upsertStatement);
        if (broker == null) {
            broker = KafkaBroker.start();
        }
        input = "clicks-drill-" + TOPICS.incrementAndGet();
        KafkaTopics.create(broker.bootstrapServers(), input, 2);
        ledger = new ClickLedger("jdbc:h2:file:" + tempDir.resolve("ledger").toAbsolutePath()).createTable();
    }

    @AfterAll
    static void stopTheBroker() {
        if (broker != null) {
            broker.close();
            broker = null;
        }
    }

    @Test
    void aQueryRidesOutABrokerRestartAndCountsEveryClickOnce() throws Exception {
        send(beforeTheStop);
        var query = ExactlyOnce.start(totals(Map.of()), checkpoint(), ledger::writeBatch);
        try {
            QueryRun.processAllAvailable(query);

            try (var outage = BrokerOutage.begin(broker)) {
                outage.awaitNoticedBy(query);
                assertThat(query.isActive()).as("""
                        the query while the broker is down: its source keeps asking the broker for new offsets \
                        (%d failed connections so far) and the query waits""", outage.refusedConnections()).isTrue();
            }
            send(afterTheRestart);
            QueryRun.processAllAvailable(query);
        } finally {
            QueryRun.stop(query);
        }

        assertLedgerCountsEveryClickOnce("the same query, which waited for its broker to come back");
    }

    @Test
    void aQueryThatGaveUpOnTheBrokerResumesFromItsCheckpoint() throws Exception {
        send(beforeTheStop);
        var totals = totals(GIVES_UP_SOON);
        var first = ExactlyOnce.start(totals, checkpoint(), ledger::writeBatch);
        try {
            QueryRun.processAllAvailable(first);
            try (var gaveUp = LogCapture.of(QUERY_LOGGER); var outage = BrokerOutage.begin(broker)) {
                var error = outage.awaitDeathOf(first, Duration.ofSeconds(60));
                assertThat(error).as("why the query stopped while the broker was down")
                        .hasStackTraceContaining("org.apache.kafka.common.errors.TimeoutException");
                assertThat(gaveUp.messages()).as("what Spark logged when the query stopped")
                        .anyMatch(message -> message.contains("terminated with error"));
            }
        } finally {
            QueryRun.stop(first);
        }
        send(afterTheRestart);   // while no query runs

        var restarted = ExactlyOnce.start(totals, checkpoint(), ledger::writeBatch);
        try {
            QueryRun.processAllAvailable(restarted);
        } finally {
            QueryRun.stop(restarted);
        }

        assertLedgerCountsEveryClickOnce("a new query on the checkpoint of the one that gave up");
    }

    private void assertLedgerCountsEveryClickOnce(String which) {
        var expected = new TreeMap<String, Long>();
        beforeTheStop.forEach(click -> expected.merge(click.page(), 1L, Long::sum));
        afterTheRestart.forEach(click -> expected.merge(click.page(), 1L, Long::sum));
        var found = ledger.totals();
        assertThat(LedgerCheck.problems(expected, found, """
                no trigger ran twice in this drill: does the upsert set the page's total rather than add to it?"""))
                .as("""
                        the ledger after the broker drill: %d clicks sent before the broker stopped, %d after it \
                        started again, read by %s (expected %s, found %s). The offsets of each trigger are in the \
                        checkpoint: nothing is lost, nothing read twice""", beforeTheStop.size(),
                        afterTheRestart.size(), which, expected, found)
                .isEmpty();
    }

    private Dataset<Row> totals(Map<String, String> sourceOptions) {
        return KafkaInputs.clicks(broker.bootstrapServers(), input, sourceOptions)
                .groupBy(col(ClickStream.PAGE)).count();
    }

    private String checkpoint() {
        return tempDir.resolve("checkpoint").toString();
    }

    private void send(List<Click> clicks) {
        try (var producer = EventProducer.to(broker.bootstrapServers(), input)) {
            producer.send(clicks);
        }
    }
}
