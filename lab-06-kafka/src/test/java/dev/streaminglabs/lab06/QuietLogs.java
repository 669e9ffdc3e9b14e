package dev.streaminglabs.lab06;

import java.util.concurrent.Callable;

import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.config.Configurator;

/** A logger turned off while a test provokes, on purpose, what it logs: the test asserts it instead. */
final class QuietLogs {

    private QuietLogs() {
    }

    static <T> T during(String loggerName, Callable<T> action) throws Exception {
        var level = LogManager.getLogger(loggerName).getLevel();
        Configurator.setLevel(loggerName, org.apache.logging.log4j.Level.OFF);
        try {
            return action.call();
        } finally {
            Configurator.setLevel(loggerName, level);
        }
    }
}
