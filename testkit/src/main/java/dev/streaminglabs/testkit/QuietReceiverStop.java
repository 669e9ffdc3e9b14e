package dev.streaminglabs.testkit;

import java.net.SocketException;
import java.util.Locale;

import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.Filter;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.config.LoggerConfig;
import org.apache.logging.log4j.core.filter.AbstractFilter;

/**
 * Keeps off the console the warnings Spark's socket receiver gives every time its streaming context stops.
 *
 * <p>Stopping a context stops its receivers; the socket receiver's stop closes its socket, under the thread that is
 * reading it. That thread then logs {@code WARN SocketReceiver: Error receiving data} with a
 * {@code SocketException: Socket closed}, asks for a restart ({@code WARN ReceiverSupervisorImpl: Restarting receiver
 * ... Error receiving data}), which finds the receiver already stopped ({@code Receiver has been stopped}). Nothing
 * went wrong: the receiver's own stop closed the socket. A newcomer reads those stack traces as "I broke it", so this
 * filter drops exactly them — a warning about a socket closed by the stop, and the double-stop notice — and lets
 * every other warning of the receiver through (a refused connection, a reset, a server that went away).
 */
public final class QuietReceiverStop {

    private static final String[] LOGGERS = {
            "org.apache.spark.streaming.dstream.SocketReceiver",
            "org.apache.spark.streaming.receiver.ReceiverSupervisorImpl"};

    private static boolean installed;

    private QuietReceiverStop() {
    }

    /** Installs the filter for the rest of the JVM's life (once; calling it again does nothing). */
    public static synchronized void install() {
        if (installed) {
            return;
        }
        var context = (LoggerContext) LogManager.getContext(false);
        var configuration = context.getConfiguration();
        for (var name : LOGGERS) {
            var own = configuration.getLoggers().get(name);
            if (own == null) {
                own = LoggerConfig.newBuilder()
                        .withLoggerName(name)
                        .withLevel(configuration.getLoggerConfig(name).getLevel())
                        .withAdditivity(true)
                        .withConfig(configuration)
                        .build();
                configuration.addLogger(name, own);
            }
            var filter = new StopNoise();
            filter.start();
            own.addFilter(filter);
        }
        context.updateLoggers();
        installed = true;
    }

    /** Denies the warnings of a receiver stopped by its context; neutral about everything else. */
    private static final class StopNoise extends AbstractFilter {
        @Override
        public Filter.Result filter(LogEvent event) {
            var message = event.getMessage() == null ? "" : event.getMessage().getFormattedMessage();
            return socketClosed(event.getThrown()) || message.startsWith("Receiver has been stopped")
                    ? Filter.Result.DENY : Filter.Result.NEUTRAL;
        }

        private static boolean socketClosed(Throwable thrown) {
            for (var cause = thrown; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
                if (cause instanceof SocketException && cause.getMessage() != null
                        && cause.getMessage().toLowerCase(Locale.ROOT).contains("socket closed")) {
                    return true;
                }
            }
            return false;
        }
    }
}
