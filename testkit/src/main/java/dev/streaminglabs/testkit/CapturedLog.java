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
 * What one logger says during a block of a test, kept instead of printed. A test that makes Spark warn on purpose (a
 * CSV file with another header, a corrupt checkpoint) captures the warning and asserts it, so that a green run prints
 * no WARN line and the warning is still checked:
 *
 * <pre>{@code
 * try (var log = CapturedLog.of("org.apache.spark.sql.catalyst.csv.CSVHeaderChecker")) {
 *     ... // drop a CSV file whose header is not the schema's
 *     assertThat(log.messages()).anySatisfy(message -> assertThat(message).contains("CSV header"));
 * }
 * }</pre>
 *
 * While it is open, the logger's events go to this capture only (not to the console); closing it puts the logger's
 * configuration back as it was.
 */
public final class CapturedLog implements AutoCloseable {

    private final String loggerName;
    private final LoggerContext context;
    private final LoggerConfig before;
    private final AbstractAppender appender;
    private final List<String> messages = new CopyOnWriteArrayList<>();

    private CapturedLog(String loggerName) {
        this.loggerName = loggerName;
        this.context = (LoggerContext) LogManager.getContext(false);
        var configuration = context.getConfiguration();
        this.before = configuration.getLoggers().get(loggerName);
        var inherited = configuration.getLoggerConfig(loggerName);
        this.appender = new AbstractAppender("captured-" + loggerName, null, null, true, Property.EMPTY_ARRAY) {
            @Override
            public void append(LogEvent event) {
                messages.add(event.getLevel() + " " + event.getMessage().getFormattedMessage());
            }
        };
        appender.start();
        var capture = LoggerConfig.newBuilder()
                .withLoggerName(loggerName)
                .withLevel(inherited.getLevel())
                .withAdditivity(false)
                .withConfig(configuration)
                .build();
        capture.addAppender(appender, null, null);
        configuration.addLogger(loggerName, capture);
        context.updateLoggers();
    }

    /** Captures what the logger of that name (usually a class name) says until {@link #close()}. */
    public static CapturedLog of(String loggerName) {
        return new CapturedLog(loggerName);
    }

    /** Each message so far, as "LEVEL text", in the order they were logged. */
    public List<String> messages() {
        return List.copyOf(messages);
    }

    @Override
    public void close() {
        var configuration = context.getConfiguration();
        configuration.removeLogger(loggerName);
        if (before != null) {
            configuration.addLogger(loggerName, before);
        }
        context.updateLoggers();
        appender.stop();
    }
}
