package dev.streaminglabs.lab06;

import static dev.streaminglabs.lab06.KafkaInputs.at;
import static dev.streaminglabs.lab06.KafkaInputs.click;
import static dev.streaminglabs.lab06.KafkaInputs.send;
import static dev.streaminglabs.lab06.KafkaInputs.sendRaw;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.sql.Timestamp;
import java.util.List;

import org.apache.spark.sql.Row;
import org.apache.spark.sql.streaming.OutputMode;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import dev.streaminglabs.testkit.QueryRun;
import dev.streaminglabs.testkit.TestSpark;
import dev.streaminglabs.testkit.kafka.TestKafka;

@Tag("step1")
@DisplayName("Step 1 — read a topic as a stream")
class Step1ReadTopicTest {

    @Test
    void kafkaGivesEachRecordWithItsKeyValueTopicPartitionOffsetAndTimestamp() {
        var topic = TestKafka.newTopic("clicks", 1);

        var records = ClickStream.readTopic(TestSpark.session(), TestKafka.bootstrapServers(), topic);

        assertThat(records.isStreaming()).as("readTopic gives a streaming table (readStream, not read)").isTrue();
        assertThat(records.columns()).as("the columns of Kafka's records")
                .contains("key", "value", "topic", "partition", "offset", "timestamp");
    }

    @Test
    void clicksSentBeforeTheQueryStartedAreRead() {
        var topic = TestKafka.newTopic("clicks", 2);
        send(topic, click("u1", "/home", "09:00:01"), click("u2", "/cart", "09:00:02"),
                click("u1", "/checkout", "09:00:03"));

        var read = readAll(ClickStream.clicks(readTopic(topic)));

        assertThat(read).as("""
                the clicks read: 3 were sent before the query started. A query that starts at the newest offset \
                (startingOffsets "latest", the default) never sees them""").hasSize(3);
    }

    @Test
    void eachJsonValueBecomesAClickWithItsEventTime() {
        var topic = TestKafka.newTopic("clicks", 1);
        send(topic, click("u7", "/cart", "09:00:01.250"), click("éloïse", "/product/42", "09:00:02"));

        var read = readAll(ClickStream.clicks(readTopic(topic)));

        assertThat(read.stream().map(row -> "%s %s %s".formatted(row.getAs(ClickStream.USER),
                row.getAs(ClickStream.PAGE), ((Timestamp) row.getAs(ClickStream.TIME)).toInstant())))
                .as("the clicks read (user, page, event time)")
                .containsExactlyInAnyOrder("u7 /cart " + at("09:00:01.250"), "éloïse /product/42 " + at("09:00:02"));
        assertThat(read.stream().map(row -> "partition " + row.getAs("partition") + " offset " + row.getAs("offset")))
                .as("where each click was read").containsExactlyInAnyOrder("partition 0 offset 0",
                        "partition 0 offset 1");
    }

    @Test
    void malformedValuesGoToTheDeadLettersWithWhereTheyWere() {
        var topic = TestKafka.newTopic("clicks", 1);
        sendRaw(topic, "u1",
                click("u1", "/home", "09:00:01").toJson(),                     // offset 0: a click
                "{\"user\":\"u1\",\"page\":\"/ca",                              // offset 1: cut in half
                "{\"user\":\"u2\",\"page\":\"/cart\"}",                         // offset 2: no time
                "{\"user\":\"u3\",\"page\":\"/cart\",\"time\":\"yesterday\"}",  // offset 3: not a time
                "[1, 2, 3]",                                                    // offset 4: not an object
                click("u4", "/help", "09:00:05").toJson());                     // offset 5: a click

        var records = readTopic(topic);
        var clicks = readAll(ClickStream.clicks(records));
        var deadLetters = readAll(ClickStream.deadLetters(records));

        assertThat(clicks.stream().map(row -> row.getAs(ClickStream.USER) + " at offset " + row.getAs("offset")))
                .as("the clicks: only the records with a user, a page and a time (a record with a missing or "
                        + "unreadable field is not a click: isClick must check all three)")
                .containsExactlyInAnyOrder("u1 at offset 0", "u4 at offset 5");
        assertThat(deadLetters.stream().map(row -> row.getAs("offset") + ": " + row.getAs(ClickStream.RAW)))
                .as("the dead letters (offset: raw value): every record that is not a click, as it was sent")
                .containsExactlyInAnyOrder(
                        "1: {\"user\":\"u1\",\"page\":\"/ca",
                        "2: {\"user\":\"u2\",\"page\":\"/cart\"}",
                        "3: {\"user\":\"u3\",\"page\":\"/cart\",\"time\":\"yesterday\"}",
                        "4: [1, 2, 3]");
    }

    @Test
    void aRecordWithNoValueIsADeadLetterNotALostRecord() {
        var topic = TestKafka.newTopic("clicks", 1);
        sendRaw(topic, "u1", click("u1", "/home", "09:00:01").toJson(), null);

        var records = readTopic(topic);
        var deadLetters = readAll(ClickStream.deadLetters(records));

        assertThat(deadLetters.stream().map(row -> row.getAs("offset") + ": " + row.getAs(ClickStream.RAW)))
                .as("the dead letters after a record with no value (a 'tombstone') at offset 1")
                .containsExactly("1: null");
    }

    @Test
    void aBrokerThatIsNotThereIsAClearErrorNamingItsAddress() throws IOException {
        var nobody = "127.0.0.1:" + closedPort();

        assertThatThrownBy(() -> ClickStream.clicksOf(TestSpark.session(), nobody, "clicks"))
                .as("reading from a broker that is not there")
                .hasMessageContaining("no Kafka broker answered at " + nobody);
    }

    @Test
    void aTopicThatDoesNotExistIsAClearError() {
        assertThatThrownBy(() -> ClickStream.clicksOf(TestSpark.session(), TestKafka.bootstrapServers(), "clikcs"))
                .as("reading a topic that does not exist")
                .hasMessageContaining("the topic 'clikcs' does not exist");
    }

    private static org.apache.spark.sql.Dataset<Row> readTopic(String topic) {
        return ClickStream.readTopic(TestSpark.session(), TestKafka.bootstrapServers(), topic);
    }

    /** Runs the query until it has read everything the topic holds; the rows its triggers emitted. */
    private static List<Row> readAll(org.apache.spark.sql.Dataset<Row> result) {
        try (var query = QueryRun.start(result, OutputMode.Append())) {
            return query.processAllAvailable();
        }
    }

    private static int closedPort() throws IOException {
        try (var socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
