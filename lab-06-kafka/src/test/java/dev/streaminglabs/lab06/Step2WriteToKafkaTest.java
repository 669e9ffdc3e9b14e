package dev.streaminglabs.lab06;

import static dev.streaminglabs.lab06.KafkaInputs.click;
import static dev.streaminglabs.lab06.KafkaInputs.send;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;

import org.apache.spark.sql.streaming.StreamingQuery;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.streaminglabs.testkit.kafka.TestKafka;

@Tag("step2")
@DisplayName("Step 2 — write back to Kafka")
class Step2WriteToKafkaTest {

    @TempDir
    Path tempDir;

    private final String input = TestKafka.newTopic("clicks", 2);
    private final String output = TestKafka.newTopic("page-counts", 2);

    @Test
    void theCountsPerPageAndMinuteArriveInTheOutputTopic() throws Exception {
        send(input, click("u1", "/home", "09:00:05"), click("u2", "/home", "09:00:20"),
                click("u3", "/cart", "09:00:30"), click("u1", "/home", "09:01:10"));

        var query = start();
        try {
            query.processAllAvailable();
        } finally {
            query.stop();
        }

        assertThat(OutputTopic.lastCountPerPageAndMinute(OutputTopic.records(output)))
                .as("the last count of each page and minute (of event time) in the output topic")
                .isEqualTo(Map.of("/home @ 09:00", 2L, "/cart @ 09:00", 1L, "/home @ 09:01", 1L));
    }

    @Test
    void eachRecordIsKeyedByItsPage() throws Exception {
        send(input, click("u1", "/home", "09:00:05"), click("u2", "/cart", "09:00:20"),
                click("u3", "/checkout", "09:00:30"));

        var query = start();
        try {
            query.processAllAvailable();
        } finally {
            query.stop();
        }

        var records = OutputTopic.records(output);
        assertThat(records).as("the records in the output topic").isNotEmpty();
        for (var record : records) {
            assertThat(record.key()).as("""
                    the key of the record %s: the page. With the page as key, Kafka puts all the counts of a page \
                    in one partition, in order""", record.value())
                    .isEqualTo(OutputTopic.json(record).path("page").asText());
        }
    }

    @Test
    void aTriggerSendsOnlyTheCountsThatChanged() throws Exception {
        send(input, click("u1", "/home", "09:00:05"), click("u2", "/cart", "09:00:20"));
        var query = start();
        try {
            query.processAllAvailable();
            var afterTrigger1 = OutputTopic.records(output).stream().map(OutputTopic::where).toList();

            send(input, click("u3", "/cart", "09:00:40"));
            query.processAllAvailable();
            var sentByTrigger2 = OutputTopic.records(output).stream()
                    .filter(record -> !afterTrigger1.contains(OutputTopic.where(record)))
                    .map(record -> record.key() + " " + OutputTopic.json(record).path("clicks").asLong()).toList();

            assertThat(sentByTrigger2).as("""
                    the records sent by the trigger that read one more click on /cart: only the count that \
                    changed (update mode; complete mode would send /home again, unchanged)""")
                    .containsExactly("/cart 2");
        } finally {
            query.stop();
        }
    }

    private StreamingQuery start() throws Exception {
        var counts = PageCounts.clicksPerPage(KafkaInputs.clicks(input));
        return PageCounts.writeToTopic(PageCounts.toRecords(counts), TestKafka.bootstrapServers(), output,
                tempDir.resolve("checkpoint").toString());
    }
}
