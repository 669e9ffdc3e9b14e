package dev.streaminglabs.lab06;

import static dev.streaminglabs.lab06.KafkaInputs.click;
import static org.apache.spark.sql.functions.col;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.streaminglabs.common.kafka.Click;
import dev.streaminglabs.common.kafka.EventProducer;
import dev.streaminglabs.testkit.TestSpark;
import dev.streaminglabs.testkit.kafka.TestKafka;

@Tag("step4")
@DisplayName("Step 4 — exactly-once, proven by a fault drill")
class Step4ExactlyOnceTest {

    /** Trigger 1 (the second round of clicks) fails on purpose, right after its write. */
    private static final int FAILED_TRIGGER = 1;
    private static final List<List<Click>> ROUNDS = List.of(
            List.of(click("u1", "/home", "09:00:01"), click("u2", "/home", "09:00:02"), click("u3", "/cart", "09:00:03")),
            List.of(click("u1", "/cart", "09:00:04"), click("u4", "/help", "09:00:05")),
            List.of(click("u2", "/home", "09:00:06"), click("u5", "/checkout", "09:00:07")));

    @TempDir
    Path tempDir;

    private final String input = TestKafka.newTopic("clicks", 2);

    @Test
    void theLedgerEndsWithNothingLostAndNothingCountedTwice() throws Exception {
        var ledger = newLedger();

        var run = drill(ledger::writeBatch);

        var found = ledger.totals();
        assertThat(LedgerCheck.problems(run.expectedTotals(), found, """
                trigger %d was written again after the restart: does the upsert set the page's total (keyed by the \
                page) rather than add to it?""".formatted(FAILED_TRIGGER)))
                .as("the ledger after the fault drill (expected %s, found %s)", run.expectedTotals(), found).isEmpty();
    }

    @Test
    void aTriggerWrittenTwiceLeavesTheLedgerAsWrittenOnce() {
        var ledger = newLedger();
        ledger.writeBatch(totals(Map.of("/home", 2L, "/cart", 1L)), 0);
        ledger.writeBatch(totals(Map.of("/cart", 2L, "/help", 1L)), 1);

        ledger.writeBatch(totals(Map.of("/cart", 2L, "/help", 1L)), 1);   // the replay after a crash

        assertThat(ledger.totals()).as("""
                page_clicks after trigger 1 was written twice: a replayed trigger changes nothing when the upsert \
                sets each page's running total""")
                .isEqualTo(Map.of("/home", 2L, "/cart", 2L, "/help", 1L));
    }

    @Test
    void theKafkaSinkAfterTheSameDrillHoldsTheReplayedTriggerTwice() throws Exception {
        var output = TestKafka.newTopic("page-totals", 1);

        var run = drill((batch, batchId) -> ExactlyOnce.writeToTopic(batch, TestKafka.bootstrapServers(), output));

        var records = OutputTopic.records(output);
        var lastTotal = new TreeMap<String, Long>();
        var copies = new HashMap<String, Integer>();
        for (var record : records) {
            lastTotal.put(record.key(), OutputTopic.json(record).path("clicks").asLong());
            copies.merge(record.key() + " " + record.value(), 1, Integer::sum);
        }
        var duplicates = copies.entrySet().stream().filter(entry -> entry.getValue() > 1)
                .map(Map.Entry::getKey).sorted().toList();
        assertThat(lastTotal).as("the last total of each page in the output topic: nothing lost")
                .isEqualTo(run.expectedTotals());
        assertThat(duplicates.stream().map(duplicate -> duplicate.split(" ")[0]).toList()).as("""
                the records that are in the topic twice (%s). At-least-once: the replayed trigger %d wrote its \
                pages %s again, and only those; more means the restarted query did not resume from its checkpoint"""
                .formatted(duplicates, FAILED_TRIGGER, run.pagesOfFailedTrigger()))
                .containsExactlyElementsOf(run.pagesOfFailedTrigger());
    }

    private FaultDrill.Run drill(org.apache.spark.api.java.function.VoidFunction2<Dataset<Row>, Long> sink)
            throws Exception {
        var totals = KafkaInputs.clicks(input).groupBy(col(ClickStream.PAGE)).count();
        try (var producer = EventProducer.to(TestKafka.bootstrapServers(), input)) {
            var run = FaultDrill.run(totals, tempDir.resolve("checkpoint").toString(), sink, producer, ROUNDS,
                    FAILED_TRIGGER);
            assertThat(run.faultFired()).as("""
                    the drill's planned failure at trigger %d: it never happened. Does the query hand each \
                    micro-batch to the sink (foreachBatch)?""".formatted(FAILED_TRIGGER)).isTrue();
            return run;
        }
    }

    private ClickLedger newLedger() {
        return new ClickLedger("jdbc:h2:file:" + tempDir.resolve("ledger").toAbsolutePath()).createTable();
    }

    /** One micro-batch of running totals, as foreachBatch hands it over, in two partitions. */
    private static Dataset<Row> totals(Map<String, Long> totals) {
        var schema = new StructType().add(ClickStream.PAGE, DataTypes.StringType).add(PageCounts.COUNT,
                DataTypes.LongType);
        var rows = new ArrayList<Row>();
        totals.forEach((page, total) -> rows.add(RowFactory.create(page, total)));
        return TestSpark.session().createDataFrame(rows, schema).repartition(2);
    }
}
