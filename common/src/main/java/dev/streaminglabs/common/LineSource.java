package dev.streaminglabs.common;

/**
 * Where a demo reads its text lines: the TCP server named on the command line, or — with no port given — an
 * embedded {@link LineServer} on 127.0.0.1 that plays generated sentences, so that the demo needs nothing installed.
 *
 * <pre>{@code
 * try (var source = LineSource.of(options.text("host", "127.0.0.1"), options.number("port", 0))) {
 *     var lines = streamingContext.socketTextStream(source.host(), source.port());
 *     ...
 * }
 * }</pre>
 *
 * @param embedded the embedded server, or {@code null} when reading from an external one
 */
public record LineSource(String host, int port, LineServer embedded) implements AutoCloseable {

    /** Sentences a second played by the embedded server. */
    public static final int EMBEDDED_LINES_PER_SECOND = 20;

    /** The server at {@code host:port}, or an embedded one when {@code port} is 0. */
    public static LineSource of(String host, int port) {
        if (port != 0) {
            return new LineSource(host, port, null);
        }
        var server = LineServer.start().play(new TextGenerator(42)::sentence, EMBEDDED_LINES_PER_SECOND);
        System.out.printf("Embedded line server on %s:%d, %d lines a second (--port 9999 reads from nc -lk 9999)%n",
                server.host(), server.port(), EMBEDDED_LINES_PER_SECOND);
        return new LineSource(server.host(), server.port(), server);
    }

    @Override
    public void close() {
        if (embedded != null) {
            embedded.close();
        }
    }
}
