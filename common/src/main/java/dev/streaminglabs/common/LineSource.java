package dev.streaminglabs.common;

/**
 * Where a demo reads its text lines: the TCP server named on the command line, or — with no port given — an
 * embedded {@link LineServer} on 127.0.0.1 that plays generated sentences, so that the demo needs nothing installed.
 *
 * <pre>{@code
 * try (var source = LineSource.of(demo.options().text("host"), demo.options().number("port"))) {
 *     var lines = streamingContext.socketTextStream(source.host(), source.port());
 *     ...
 *     source.stopSending();     // on stop: the embedded server sends no more, so the receiver can get all it sent
 * }
 * }</pre>
 *
 * <p>An external server is not probed before Spark connects: a probe would use up the one connection of a
 * {@code nc -l} without {@code -k}. Spark's receiver connects, and {@link Demo#watchReceivers} says clearly when it
 * cannot ({@link #whatToCheck()}).
 *
 * @param embedded the embedded server, or {@code null} when reading from an external one
 */
public record LineSource(String host, int port, LineServer embedded) implements AutoCloseable {

    /** Sentences a second played by the embedded server. */
    public static final int EMBEDDED_LINES_PER_SECOND = 20;

    /** The workbook's own {@code nc -lk 9999}, on any OS: see {@link LineServerCommand}. */
    public static final String LINE_SERVER_COMMAND = LineServerCommand.COMMAND;

    /** The server at {@code host:port}, or an embedded one when {@code port} is 0. */
    public static LineSource of(String host, int port) {
        if (port != 0) {
            System.out.printf("Reading lines from %s:%d (a line counts once its newline arrives)%n", host, port);
            return new LineSource(host, port, null);
        }
        var server = LineServer.start().play(new TextGenerator(42)::sentence, EMBEDDED_LINES_PER_SECOND);
        System.out.printf("Embedded line server on %s:%d, %d lines a second (--port 9999 reads from nc -lk 9999)%n",
                server.host(), server.port(), EMBEDDED_LINES_PER_SECOND);
        return new LineSource(server.host(), server.port(), server);
    }

    /** True for the embedded server, whose lines the demo can count. */
    public boolean isEmbedded() {
        return embedded != null;
    }

    /** Lines the embedded server has sent to its clients (-1 for an external server: the demo cannot know). */
    public long linesSent() {
        return embedded != null ? embedded.linesSent() : -1;
    }

    /** Stops the embedded server's sentences (its connections stay open); nothing to do for an external server. */
    public void stopSending() {
        if (embedded != null) {
            embedded.stopPlaying();
        }
    }

    /** What to check when the receiver cannot read from this source. */
    public String whatToCheck() {
        return "Is a line server listening on %s:%d? Start it first: nc -lk %d, or %s"
                .formatted(host, port, port, LINE_SERVER_COMMAND.replace("PORT", String.valueOf(port)));
    }

    /** What to say when the receiver is connected but no line arrives. */
    public String whenQuiet() {
        return embedded != null ? null : ("connected to %s:%d, but no line has arrived. Type lines into the server's"
                + " terminal (each one is sent when you press Enter); a server that does not send text lines (an HTTP"
                + " server?) sends nothing.").formatted(host, port);
    }

    /**
     * What a stop cannot save, said at the stop: with an external server, Spark's socket receiver acknowledges
     * nothing, so the server cannot know what was read.
     */
    public String limitAtStop() {
        return embedded != null ? null : ("Lines the server at %s:%d sent after the receiver closed its connection"
                + " were not received: Spark's socket receiver acknowledges nothing. A last line without its newline"
                + " is not received either (the receiver reads whole lines).").formatted(host, port);
    }

    @Override
    public void close() {
        if (embedded != null) {
            embedded.close();
        }
    }
}
