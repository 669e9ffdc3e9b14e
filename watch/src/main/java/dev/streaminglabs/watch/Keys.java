package dev.streaminglabs.watch;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.function.IntConsumer;

/**
 * The student's keys, read on a thread of their own from standard input, which Maven's exec plugin feeds with what
 * is typed in its terminal. On Linux and macOS the terminal is switched to single-key input ({@code stty -icanon
 * -echo} on {@code /dev/tty}, restored on exit, Ctrl-C included): a key acts at once. Elsewhere (Windows, or no
 * terminal at all, as in CI) a key acts when Enter is pressed after it.
 */
final class Keys {

    private static final java.io.File TERMINAL = new java.io.File("/dev/tty");

    private final InputStream in;
    private String savedTerminal;

    Keys(InputStream in) {
        this.in = in;
    }

    /** True when keys act without Enter. */
    boolean singleKey() {
        return savedTerminal != null;
    }

    void start(IntConsumer onKey) {
        if (!isWindows() && TERMINAL.exists()) {
            var saved = stty("-g");
            if (saved != null && !saved.isBlank() && stty("-icanon", "min", "1", "-echo") != null) {
                savedTerminal = saved.trim();
            }
        }
        var reader = new Thread(() -> {
            try {
                int key;
                while ((key = in.read()) >= 0) {
                    if (!Character.isWhitespace(key)) {
                        onKey.accept(Character.toLowerCase(key));
                    }
                }
            } catch (IOException closed) {
                // no more keys: the watcher goes on until it is stopped
            }
        }, "watch-keys");
        reader.setDaemon(true);
        reader.start();
    }

    /** Gives the terminal back as it was. */
    synchronized void restore() {
        if (savedTerminal != null) {
            stty(savedTerminal);
            savedTerminal = null;
        }
    }

    private static String stty(String... arguments) {
        var command = new String[arguments.length + 1];
        command[0] = "stty";
        System.arraycopy(arguments, 0, command, 1, arguments.length);
        try {
            var process = new ProcessBuilder(command)
                    .redirectInput(TERMINAL)   // stty acts on its input: the terminal Maven runs in, if any
                    .redirectError(ProcessBuilder.Redirect.DISCARD)
                    .start();
            var output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            return process.waitFor() == 0 ? output : null;
        } catch (IOException | RuntimeException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    private static boolean isWindows() {
        return System.getProperty("os.name", "").toLowerCase(Locale.ROOT).startsWith("windows");
    }
}
