package dev.streaminglabs.common.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.utils.Exit;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.core.config.Configurator;
import org.junit.jupiter.api.Test;

/** The embedded broker: a real one on 127.0.0.1, that never ends the JVM, and leaves nothing behind. */
class KafkaBrokerTest {

    @Test
    void aBrokerStartsTakesRecordsAndLeavesNothingBehind() throws IOException {
        var broker = KafkaBroker.start();
        var port = Integer.parseInt(broker.bootstrapServers().substring("127.0.0.1:".length()));
        var logDir = broker.logDir();
        try {
            assertThat(port).as("the port read back after the start").isPositive();
            KafkaTopics.create(broker.bootstrapServers(), "clicks", 2);
            assertThat(KafkaTopics.list(broker.bootstrapServers(), Duration.ofSeconds(10))).contains("clicks");
            try (var producer = EventProducer.to(broker.bootstrapServers(), "clicks")) {
                producer.send(new ClickGenerator(1, Instant.parse("2026-01-05T09:00:00Z")).next(3));
                assertThat(producer.sent()).isEqualTo(3);
            }
        } finally {
            broker.close();
        }

        assertThat(Files.exists(logDir)).as("the broker's log folder after close()").isFalse();
        assertThatThrownBy(() -> new Socket(InetAddress.getLoopbackAddress(), port).close())
                .as("a connection to the stopped broker's port").isInstanceOf(IOException.class);
    }

    @Test
    void aBrokerStoppedAndStartedAgainKeepsItsAddressItsTopicsAndTheirRecords() throws Exception {
        try (var broker = KafkaBroker.start()) {
            var port = Integer.parseInt(broker.bootstrapServers().substring("127.0.0.1:".length()));
            KafkaTopics.create(broker.bootstrapServers(), "clicks", 2);
            var clicks = new ClickGenerator(4, Instant.parse("2026-01-05T09:00:00Z"));
            try (var producer = EventProducer.to(broker.bootstrapServers(), "clicks")) {
                producer.send(clicks.next(7));
            }
            var before = endOffsets(broker.bootstrapServers(), "clicks");

            broker.stop();

            assertThatThrownBy(() -> new Socket(InetAddress.getLoopbackAddress(), port).close())
                    .as("a connection to the port of the stopped broker").isInstanceOf(IOException.class);
            assertThat(broker.logDir()).as("the log folder of the stopped broker").isDirectory();

            broker.restart();

            assertThat(broker.bootstrapServers()).as("the address after the restart")
                    .isEqualTo("127.0.0.1:" + port);
            assertThat(endOffsets(broker.bootstrapServers(), "clicks"))
                    .as("the end offset of each partition after the restart: the 7 records are still there")
                    .isEqualTo(before);
            assertThat(before.values().stream().mapToLong(Long::longValue).sum()).isEqualTo(7);
            try (var producer = EventProducer.to(broker.bootstrapServers(), "clicks")) {
                producer.send(clicks.next(3));
            }
            assertThat(endOffsets(broker.bootstrapServers(), "clicks").values().stream().mapToLong(Long::longValue)
                    .sum()).as("records in the topic after 3 more were sent to the restarted broker").isEqualTo(10);
        }
    }

    /** The next offset of each partition of the topic (how many records each holds). */
    private static Map<Integer, Long> endOffsets(String bootstrapServers, String topic) throws Exception {
        try (var admin = Admin.create(Map.<String, Object>of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                bootstrapServers))) {
            var partitions = IntStream.range(0, 2).mapToObj(partition -> new TopicPartition(topic, partition))
                    .collect(Collectors.toMap(partition -> partition, partition -> OffsetSpec.latest()));
            return admin.listOffsets(partitions).all().get().entrySet().stream().collect(Collectors.toMap(
                    entry -> entry.getKey().partition(), entry -> entry.getValue().offset()));
        }
    }

    @Test
    void kafkasExitCallsNeverEndTheJvm() {
        KafkaBroker.start().close();   // the first start installs the override

        // The broker logs each refused exit as an error: expected here, and asserted instead of printed.
        var logger = KafkaBroker.class.getName();
        Configurator.setLevel(logger, Level.OFF);
        try {
            assertThatThrownBy(() -> Exit.exit(1, "a fatal error in a test")).as("Exit.exit once a broker has run")
                    .hasMessageContaining("a fatal error in a test");
            assertThatThrownBy(() -> Exit.halt(1, "another one")).as("Exit.halt once a broker has run")
                    .hasMessageContaining("another one");
        } finally {
            Configurator.setLevel(logger, Level.INFO);
        }
        assertThat(KafkaBroker.faults()).anyMatch(fault -> fault.contains("a fatal error in a test"));
    }

    @Test
    void aBrokerThatIsNotThereIsAClearErrorWithinTheTimeout() {
        assertThatThrownBy(() -> KafkaTopics.requireTopic("127.0.0.1:1", "clicks", Duration.ofSeconds(2)))
                .hasMessageContaining("no Kafka broker answered at 127.0.0.1:1 within 2 s");
    }
}
