package dev.streaminglabs.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LoggerContext;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

class LogCaptureTest {

    private static final String NAME = "dev.streaminglabs.testkit.LogCaptureTest.Provoked";

    private static boolean configured(String name) {
        return ((LoggerContext) LogManager.getContext(false)).getConfiguration().getLoggers().containsKey(name);
    }

    @Test
    void whatTheLoggerSaysWhileCapturedIsKeptInOrderWithItsException() {
        var logger = LoggerFactory.getLogger(NAME);
        try (var log = LogCapture.of(NAME)) {
            logger.warn("first {}", 1);
            logger.error("second", new IllegalStateException("boom"));

            assertThat(log.messages()).containsExactly("first 1", "second");
            assertThat(log.events()).extracting(LogCapture.Logged::level).containsExactly("WARN", "ERROR");
            assertThat(log.events().get(1).thrown()).hasMessage("boom");
            assertThat(log.toString()).contains("WARN Provoked: first 1", "ERROR Provoked: second (java.lang");
        }
    }

    @Test
    void theLoggersUnderANameAreCapturedAtTheLevelTheyHad() {
        var child = LoggerFactory.getLogger(NAME + ".Child");
        try (var log = LogCapture.of(NAME)) {
            child.debug("below the level: not logged");   // dev.streaminglabs logs at INFO
            child.info("at the level");

            assertThat(log.messages()).containsExactly("at the level");
        }
    }

    @Test
    void closingPutsTheConfigurationBack() {
        try (var log = LogCapture.of(NAME)) {
            assertThat(configured(NAME)).as("a logger configuration for the captured name, while capturing").isTrue();
        }
        assertThat(configured(NAME)).as("the logger configuration made for the capture, after close").isFalse();

        var logger = LoggerFactory.getLogger(NAME);
        try (var log = LogCapture.of(NAME)) {
            logger.info("captured again");
            assertThat(log.messages()).containsExactly("captured again");
        }
    }
}
