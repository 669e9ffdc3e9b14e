package dev.streaminglabs.common;

import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.Supplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A small TCP server on 127.0.0.1 that sends text lines to whoever connects: the workbook's own {@code nc -lk 9999}.
 *
 * <p>Tests push lines with {@link #send}; demos let it {@link #play} generated lines at a steady rate. Every client
 * connected at the time gets every line. Spark's socket receiver is such a client.
 *
 * <pre>{@code
 * try (var server = LineServer.start()) {          // an ephemeral port, 127.0.0.1
 *     var lines = streamingContext.socketTextStream(server.host(), server.port());
 *     ...
 *     server.awaitClients(1, Duration.ofSeconds(30));
 *     server.send("to be or not to be");
 * }
 * }</pre>
 */
public final class LineServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(LineServer.class);

    private final ServerSocket serverSocket;
    private final List<PrintWriter> clients = new CopyOnWriteArrayList<>();
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();
    private final AtomicLong linesSent = new AtomicLong();
    private final Thread acceptor;
    private volatile PacedLines player;
    private volatile boolean playing;
    private volatile Consumer<String> onConnect;
    private volatile boolean closed;

    private LineServer(ServerSocket serverSocket) {
        this.serverSocket = serverSocket;
        this.acceptor = new Thread(this::acceptClients, "line-server-" + serverSocket.getLocalPort());
        acceptor.setDaemon(true);
        acceptor.start();
    }

    /** Starts on 127.0.0.1 on a free port chosen by the system. */
    public static LineServer start() {
        return start(0);
    }

    /** Starts on 127.0.0.1 on the given port (0 for any free one). */
    public static LineServer start(int port) {
        return start(InetAddress.getLoopbackAddress().getHostAddress(), port);
    }

    /**
     * Starts on {@code host} (an address of this machine: 127.0.0.1 unless other machines must connect) on the given
     * port (0 for any free one).
     */
    public static LineServer start(String host, int port) {
        try {
            var socket = new ServerSocket();
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(host, port));
            return new LineServer(socket);
        } catch (IOException e) {
            throw new UncheckedIOException(
                    "cannot listen on %s:%d (%s). Is another program using that port?".formatted(host, port,
                            e.getMessage()), e);
        }
    }

    public String host() {
        return serverSocket.getInetAddress().getHostAddress();
    }

    public int port() {
        return serverSocket.getLocalPort();
    }

    /** Calls {@code listener} with the client's address each time a client connects. */
    public LineServer onClientConnected(Consumer<String> listener) {
        onConnect = listener;
        return this;
    }

    /** How many lines were sent to at least one client (a line sent while no client is connected is not counted). */
    public long linesSent() {
        return linesSent.get();
    }

    /** Waits until at least {@code count} clients are connected (Spark's receiver connects after the job starts). */
    public void awaitClients(int count, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (clients) {
            while (clients.size() < count) {
                if (closed) {
                    throw new IllegalStateException("the line server on %s:%d is closed".formatted(host(), port()));
                }
                long leftMs = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
                if (leftMs <= 0) {
                    throw new IllegalStateException("no client connected to %s:%d within %s"
                            .formatted(host(), port(), timeout));
                }
                try {
                    clients.wait(leftMs);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted while waiting for a client", e);
                }
            }
        }
    }

    /** Sends each line, followed by a newline, to every connected client. */
    public void send(String... lines) {
        if (clients.isEmpty()) {
            return;
        }
        for (var client : clients) {
            for (var line : lines) {
                client.print(line);
                client.print('\n');
            }
            client.flush();
            if (client.checkError()) {
                clients.remove(client);
            }
        }
        linesSent.addAndGet(lines.length);
    }

    /**
     * Sends lines from {@code source} at a steady rate, in the background, until {@link #stopPlaying()} or
     * {@link #close()}. While no client is connected, the player waits: no line is drawn from the source for nobody.
     *
     * @param linesPerSecond how many lines each second, spread evenly over the second
     */
    public LineServer play(Supplier<String> source, double linesPerSecond) {
        playing = true;
        Supplier<String> whenSomeoneListens = () -> awaitAClientWhilePlaying() ? source.get() : null;
        player = PacedLines.start("line-server-player-" + port(), whenSomeoneListens, linesPerSecond, this::send);
        return this;
    }

    /**
     * Stops the player after the line it is sending, if any, and waits for that; the server and its clients stay.
     * Then {@link #linesSent()} no longer changes: a demo can wait until its receiver has got all of them.
     */
    public void stopPlaying() {
        synchronized (clients) {
            playing = false;
            clients.notifyAll();
        }
        if (player != null) {
            player.close();
        }
    }

    /** Waits until a client is connected; false if the player was stopped (or the server closed) meanwhile. */
    private boolean awaitAClientWhilePlaying() {
        synchronized (clients) {
            while (clients.isEmpty() && playing && !closed) {
                try {
                    clients.wait();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return false;
                }
            }
            return playing && !closed;
        }
    }

    private void acceptClients() {
        while (!closed) {
            try {
                var socket = serverSocket.accept();
                sockets.add(socket);
                var writer = new PrintWriter(new OutputStreamWriter(socket.getOutputStream(), StandardCharsets.UTF_8));
                synchronized (clients) {
                    clients.add(writer);
                    clients.notifyAll();
                }
                LOG.debug("client connected from {}", socket.getRemoteSocketAddress());
                var listener = onConnect;
                if (listener != null) {
                    listener.accept(socket.getRemoteSocketAddress() + " (" + clients.size() + " connected)");
                }
            } catch (IOException e) {
                if (!closed) {
                    LOG.warn("line server stopped accepting clients: {}", e.getMessage());
                }
                return;
            }
        }
    }

    /** Closes the server and every client connection. */
    @Override
    public void close() {
        closed = true;
        try {
            serverSocket.close();
        } catch (IOException ignored) {
            // Closing anyway.
        }
        for (var socket : sockets) {
            try {
                socket.close();
            } catch (IOException ignored) {
                // Closing anyway.
            }
        }
        synchronized (clients) {
            clients.clear();
            clients.notifyAll();   // a player waiting for a client: there will be none
        }
        stopPlaying();
        joinQuietly(acceptor);
    }

    private static void joinQuietly(Thread thread) {
        if (thread == null) {
            return;
        }
        try {
            thread.join(TimeUnit.SECONDS.toMillis(5));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
