package dev.streaminglabs.common.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;

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
