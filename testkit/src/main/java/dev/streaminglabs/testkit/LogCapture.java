package dev.streaminglabs.testkit;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;

import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.AbstractAppender;
import org.apache.logging.log4j.core.config.LoggerConfig;
import org.apache.logging.log4j.core.config.Property;

/**
 * What some loggers say while a test runs, kept for the test to read instead of printed.
 *
 * <p>A test that feeds bad input on purpose provokes the warnings the code under test is meant to give: printed,
 * they look like a broken run to whoever reads the output; captured, the test can check that they were given.
 *
 * <pre>{@code
 * try (var log = LogCapture.of(FlumeBatchHandler.class)) {
 *     handler.appendBatch(eventsWithABadBody);
 *     assertThat(log.messages()).anyMatch(message -> message.contains("not valid UTF-8"));
 * }
 * }</pre>
 *
 * Each named logger (and the loggers under it) logs, at the level it has now, to the capture only, until
 * {@link #close()} puts the logging configuration back as it was.
 */
public final class LogCapture implements AutoCloseable {

    /** One captured log event: its level, the simple name of its logger, its message and its exception, if any. */
    public record Logged(String level, String logger, String message, Throwable thrown) {
        @Override
        public String toString() {
            return "%s %s: %s%s".formatted(level, logger, message, thrown == null ? "" : " (" + thrown + ")");
        }
    }

    private final LoggerContext context;
    private final CapturingAppender appender;
    private final List<Runnable> undo = new ArrayList<>();

    private LogCapture(LoggerContext context, List<String> loggerNames) {
        this.context = context;
        this.appender = new CapturingAppender("capture-" + UUID.randomUUID());
        appender.start();
        var configuration = context.getConfiguration();
        for (var name : loggerNames) {
            var own = configuration.getLoggers().get(name);
            if (own != null) {
                boolean additive = own.isAdditive();
                own.addAppender(appender, null, null);
                own.setAdditive(false);
                undo.add(() -> {
                    own.removeAppender(appender.getName());
                    own.setAdditive(additive);
                });
            } else {
                var inherited = configuration.getLoggerConfig(name);
                var capturing = LoggerConfig.newBuilder()
                        .withLoggerName(name)
                        .withLevel(inherited.getLevel())
                        .withAdditivity(false)
                        .withConfig(configuration)
                        .build();
                capturing.addAppender(appender, null, null);
                configuration.addLogger(name, capturing);
                undo.add(() -> configuration.removeLogger(name));
            }
        }
        context.updateLoggers();
    }

    /** Captures what these loggers (by name, e.g. {@code org.apache.spark.streaming.dstream}) say from now on. */
    public static LogCapture of(String... loggerNames) {
        return new LogCapture((LoggerContext) LogManager.getContext(false), List.of(loggerNames));
    }

    /** Captures what the loggers of these classes say from now on. */
    public static LogCapture of(Class<?>... classes) {
        return of(Arrays.stream(classes).map(Class::getName).toArray(String[]::new));
    }

    /** Everything captured so far, in order. */
    public List<Logged> events() {
        return List.copyOf(appender.events);
    }

    /** The messages captured so far, in order (without their exceptions). */
    public List<String> messages() {
        return appender.events.stream().map(Logged::message).toList();
    }

    /** Everything captured so far, one event a line: for a failure message. */
    @Override
    public String toString() {
        return appender.events.isEmpty() ? "(nothing logged)"
                : appender.events.stream().map(Logged::toString).collect(Collectors.joining("\n"));
    }

    /** Puts the logging configuration back: the loggers print again. */
    @Override
    public void close() {
        undo.forEach(Runnable::run);
        context.updateLoggers();
        appender.stop();
    }

    private static final class CapturingAppender extends AbstractAppender {
        private final List<Logged> events = new CopyOnWriteArrayList<>();

        CapturingAppender(String name) {
            super(name, null, null, true, Property.EMPTY_ARRAY);
        }

        @Override
        public void append(LogEvent event) {
            var logger = event.getLoggerName();
            events.add(new Logged(event.getLevel().name(), logger.substring(logger.lastIndexOf('.') + 1),
                    event.getMessage().getFormattedMessage(), event.getThrown()));
        }
    }
}
