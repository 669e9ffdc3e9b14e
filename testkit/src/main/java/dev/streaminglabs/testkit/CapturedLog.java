package dev.streaminglabs.testkit;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.AbstractAppender;
import org.apache.logging.log4j.core.config.LoggerConfig;
import org.apache.logging.log4j.core.config.Property;

/**
 * What some loggers say while a test provokes it on purpose (a DataNode stopped, a NameNode out of reach), kept for
 * the test to assert instead of printed: a green run prints no warning, and the test shows the warning it expects.
 *
 * <pre>{@code
 * try (var log = CapturedLog.of("org.apache.hadoop")) {
 *     ... stop a DataNode, write, read ...
 *     assertThat(log.messages()).anyMatch(line -> line.contains("Excluding datanode"));
 * }
 * }</pre>
 *
 * Only the events at or above each logger's configured level are kept (what would have been printed).
 */
public final class CapturedLog implements AutoCloseable {

    private final List<String> messages = new CopyOnWriteArrayList<>();
    private final List<String> loggerNames;
    /** The loggers' own configurations, where the logging configuration had one: put back by close(). */
    private final java.util.Map<String, LoggerConfig> replaced = new java.util.HashMap<>();
    private final LoggerContext context;
    private final AbstractAppender appender;

    private CapturedLog(List<String> loggerNames) {
        this.loggerNames = loggerNames;
        this.context = (LoggerContext) LogManager.getContext(false);
        this.appender = new AbstractAppender("captured-" + System.identityHashCode(this), null, null, true,
                Property.EMPTY_ARRAY) {
            @Override
            public void append(LogEvent event) {
                messages.add(event.getLevel() + " " + shortName(event.getLoggerName()) + ": "
                        + event.getMessage().getFormattedMessage());
            }
        };
        appender.start();
        var configuration = context.getConfiguration();
        for (var name : loggerNames) {
            var existing = configuration.getLoggerConfig(name);
            if (existing.getName().equals(name)) {
                replaced.put(name, existing);
                configuration.removeLogger(name);
            }
            var level = existing.getLevel();
            var captured = LoggerConfig.newBuilder().withLoggerName(name).withLevel(level).withAdditivity(false)
                    .withConfig(configuration).build();
            captured.addAppender(appender, null, null);
            configuration.addLogger(name, captured);
        }
        context.updateLoggers();
    }

    /** Captures what {@code loggerNames} (and the loggers under them) log, until {@link #close()}. */
    public static CapturedLog of(String... loggerNames) {
        return new CapturedLog(List.of(loggerNames));
    }

    /** "WARN DataStreamer: Excluding datanode ...", in the order they were logged. */
    public List<String> messages() {
        return List.copyOf(messages);
    }

    /** True if a message captured so far contains {@code fragment}. */
    public boolean contains(String fragment) {
        return messages.stream().anyMatch(message -> message.contains(fragment));
    }

    /** Gives the loggers back to the console. */
    @Override
    public void close() {
        var configuration = context.getConfiguration();
        loggerNames.forEach(configuration::removeLogger);
        replaced.forEach(configuration::addLogger);
        context.updateLoggers();
        appender.stop();
    }

    private static String shortName(String loggerName) {
        return loggerName == null ? "" : loggerName.substring(loggerName.lastIndexOf('.') + 1);
    }
}
