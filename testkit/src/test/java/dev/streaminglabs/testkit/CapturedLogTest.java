package dev.streaminglabs.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

class CapturedLogTest {

    @Test
    void keepsTheWarningsOfItsLoggersAndGivesThemBack() {
        var logger = LoggerFactory.getLogger("org.apache.hadoop.example.Chatty");

        try (var log = CapturedLog.of("org.apache.hadoop.example")) {
            logger.warn("DataNode {} is gone", "127.0.0.1:9866");
            logger.debug("below the configured level: not kept");

            assertThat(log.messages()).containsExactly("WARN Chatty: DataNode 127.0.0.1:9866 is gone");
            assertThat(log.contains("is gone")).isTrue();
        }
        try (var after = CapturedLog.of("org.apache.hadoop.example")) {
            assertThat(after.messages()).as("a new capture starts empty").isEmpty();
        }
    }

    @Test
    void aLoggerWithItsOwnConfigurationGetsItBack() {
        var name = "org.apache.hadoop.util.NativeCodeLoader";   // configured at ERROR in log4j2.properties
        var context = (org.apache.logging.log4j.core.LoggerContext) org.apache.logging.log4j.LogManager.getContext(false);
        var before = context.getConfiguration().getLoggerConfig(name).getLevel();

        try (var log = CapturedLog.of(name)) {
            LoggerFactory.getLogger(name).error("captured");
            assertThat(log.messages()).containsExactly("ERROR NativeCodeLoader: captured");
        }

        assertThat(context.getConfiguration().getLoggerConfig(name).getName()).isEqualTo(name);
        assertThat(context.getConfiguration().getLoggerConfig(name).getLevel()).isEqualTo(before);
    }
}
