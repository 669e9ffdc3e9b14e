package dev.streaminglabs.common;

import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.LinkedBlockingDeque;
import java.util.concurrent.TimeUnit;

/**
 * The workbook's own {@code nc -lk 9999}, for any OS: listens on 127.0.0.1, and sends every line typed in its
 * terminal (or piped into it) to every connected client — Spark's socket receiver, for one.
 *
 * <pre>
 * ./mvnw -q -pl common compile exec:exec@lines -Dargs="--port 9999"                    # type lines
 * ./mvnw -q -pl common compile exec:exec@lines -Dargs="--port 9999 --rate 20" &lt; book.txt  # a file, 20 lines/s
 * </pre>
 *
 * <p>Like {@code nc -lk}, it keeps listening after a client leaves, and after the end of its input, until Ctrl-C.
 * Unlike {@code nc}, lines read before any client is connected wait for the first one instead of being lost, and a
 * last line without a newline is sent with one (at the end of a piped file, or at Ctrl-C for a line being typed): a
 * socket receiver only takes whole lines.
 */
public final class LineServerCommand {

    /** How the READMEs and the demos' messages say to run it; PORT stands for the port. */
    public static final String COMMAND = "./mvnw -q -pl common compile exec:exec@lines -Dargs=\"--port PORT\"";

    static final DemoOptions OPTIONS = DemoOptions.command("lines",
                    "send the lines typed here to every client of 127.0.0.1:PORT, like nc -lk PORT")
            .number("port", "P", 9999, 1, 65_535, "the port to listen on")
            .text("host", "H", "127.0.0.1", "the address to listen on (another machine's executors need one of"
                    + " the network's: 0.0.0.0 for all)")
            .number("rate", "N", 0, 0, 100_000, "lines sent per second at most; 0: as they come");

    private LineServerCommand() {
    }

    public static void main(String[] args) {
        Demo.run(OPTIONS, args, LineServerCommand::serve);
    }

    private static void serve(Demo demo) throws Exception {
        var options = demo.options();
        int port = options.number("port");
        var host = options.text("host");
        int rate = options.number("rate");
        var input = TypedInput.start();
        try (var server = LineServer.start(host, port)
                .onClientConnected(client -> demo.say("client connected from %s", client))) {
            demo.say("Listening on %s:%d, like nc -lk %d: type lines, each is sent to every connected client when you"
                    + " press Enter. Ctrl-C stops the server.", server.host(), server.port(), server.port());
            try (var sender = PacedLines.start("line-sender", () -> nextLine(input, server, demo),
                    rate > 0 ? rate : 1_000_000, server::send)) {
                while (!sender.finished() && !demo.stopSignal().await(Duration.ofMillis(200))) {
                    // Until the input ends and its last line is sent, or Ctrl-C.
                }
                if (sender.finished() && !demo.stopRequested()) {
                    demo.say("End of input: %d lines sent. Still listening: Ctrl-C stops the server.",
                            server.linesSent());
                    while (!demo.stopSignal().await(Duration.ofSeconds(1))) {
                        // Listening, as nc -lk does, until Ctrl-C.
                    }
                }
            }
            var unfinished = input.takeUnfinishedLine();
            if (!unfinished.isEmpty()) {
                server.send(unfinished);
                demo.say("Sent the line being typed, with a newline: \"%s\".", unfinished);
            }
            long waiting = input.waiting();
            demo.say("Stopped: %d lines sent%s.", server.linesSent(),
                    waiting == 0 ? "" : ", " + waiting + " read but never sent (no client connected)");
        }
    }

    /** The next line to send, once a client is there to take it; null at the end of the input or on a stop. */
    private static String nextLine(TypedInput input, LineServer server, Demo demo) {
        var line = input.next(demo);
        if (line == null) {
            return null;
        }
        while (!demo.stopRequested()) {
            try {
                server.awaitClients(1, Duration.ofMillis(200));
                return line;
            } catch (IllegalStateException noClientYet) {
                // Keep the line for the first client.
            }
        }
        input.putBack(line);
        return null;
    }

    /**
     * The lines of the standard input, read on a thread of their own. Unlike {@code BufferedReader.readLine}, it
     * can hand over the line being typed (no newline yet) when the server stops, so that it is not lost.
     */
    private static final class TypedInput {
        private final LinkedBlockingDeque<String> lines = new LinkedBlockingDeque<>();
        private final StringBuilder unfinished = new StringBuilder();
        private volatile boolean ended;

        static TypedInput start() {
            var input = new TypedInput();
            var reader = new Thread(input::read, "stdin-reader");
            reader.setDaemon(true);
            reader.start();
            return input;
        }

        private void read() {
            try (var in = new InputStreamReader(System.in, StandardCharsets.UTF_8)) {
                var buffer = new char[8192];
                for (int count = in.read(buffer); count >= 0; count = in.read(buffer)) {
                    synchronized (this) {
                        for (int i = 0; i < count; i++) {
                            if (buffer[i] == '\n') {
                                lines.add(stripCarriageReturn(unfinished));
                                unfinished.setLength(0);
                            } else {
                                unfinished.append(buffer[i]);
                            }
                        }
                    }
                }
                var last = takeUnfinishedLine();
                if (!last.isEmpty()) {
                    lines.add(last);   // a last line without a newline is a line
                }
            } catch (IOException e) {
                System.out.println("Cannot read the input any more: " + e.getMessage());
            } finally {
                ended = true;
            }
        }

        /** The next whole line, waiting for it; null at the end of the input or on a stop. */
        String next(Demo demo) {
            try {
                while (!demo.stopRequested()) {
                    var line = lines.poll(200, TimeUnit.MILLISECONDS);
                    if (line != null) {
                        return line;
                    }
                    if (ended && lines.isEmpty()) {
                        return null;
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return null;
        }

        void putBack(String line) {
            lines.addFirst(line);
        }

        long waiting() {
            return lines.size();
        }

        synchronized String takeUnfinishedLine() {
            var line = stripCarriageReturn(unfinished);
            unfinished.setLength(0);
            return line;
        }

        private static String stripCarriageReturn(StringBuilder line) {
            int end = line.length();
            return end > 0 && line.charAt(end - 1) == '\r' ? line.substring(0, end - 1) : line.toString();
        }
    }
}
