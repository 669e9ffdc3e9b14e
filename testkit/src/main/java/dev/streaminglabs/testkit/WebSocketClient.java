package dev.streaminglabs.testkit;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.function.BooleanSupplier;

import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;
import org.awaitility.core.ThrowingRunnable;

/**
 * A web-socket client for tests, on the JDK's own {@link java.net.http.WebSocket}: what a browser tab would receive.
 *
 * <pre>{@code
 * try (var client = WebSocketClient.connect(dashboard.socketUrl())) {
 *     List<String> first = client.awaitMessages(1, () -> checkTheAppRuns());   // stops at once when it throws
 * }
 * }</pre>
 *
 * A client made by {@link #connectPaused} reads nothing until {@link #resume()}: a slow, or dead, browser tab. Its
 * messages pile up in the server's queue for it.
 */
public final class WebSocketClient implements AutoCloseable {

    /** One client for every test socket: its selector thread is a daemon, and goes with the test JVM. */
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final Duration LIMIT = Duration.ofSeconds(30);

    /** How the server closed the socket: the close code and its reason. */
    public record Closed(int code, String reason) {
        @Override
        public String toString() {
            return "code " + code + (reason.isEmpty() ? "" : " (\"" + reason + "\")");
        }
    }

    private final List<String> messages = new ArrayList<>();
    private final StringBuilder partial = new StringBuilder();
    private final WebSocket socket;
    private volatile Closed closed;
    private volatile Throwable error;

    private WebSocketClient(URI uri, boolean paused) {
        this.socket = HTTP.newWebSocketBuilder().connectTimeout(LIMIT)
                .buildAsync(uri, new Listener(paused)).join();
    }

    /** Connects to {@code uri} ({@code ws://127.0.0.1:PORT/...}) and receives every message as it comes. */
    public static WebSocketClient connect(URI uri) {
        return new WebSocketClient(uri, false);
    }

    /** Connects, but reads nothing until {@link #resume()}: a client that has fallen asleep. */
    public static WebSocketClient connectPaused(URI uri) {
        return new WebSocketClient(uri, true);
    }

    /** A paused client starts reading: what the server wrote to it arrives, then the rest. */
    public void resume() {
        socket.request(Long.MAX_VALUE);
    }

    /** Sends a text message to the server (a client that should only listen). */
    public void send(String text) {
        socket.sendText(text, true).join();
    }

    /** The text messages received so far, in order. */
    public synchronized List<String> messages() {
        return List.copyOf(messages);
    }

    /** How the server closed the socket, or null while it is open. */
    public Closed closed() {
        return closed;
    }

    /**
     * Waits until {@code count} messages have arrived, at most 30 s, and returns them all. It gives up at once when
     * the socket closes first, or when {@code checkRunning} throws (the app stopped, the query died): the test then
     * fails with that exception as the cause.
     */
    public List<String> awaitMessages(int count, ThrowingRunnable checkRunning) {
        await("%d message(s)".formatted(count), () -> messages().size() >= count, checkRunning);
        return messages();
    }

    /** As {@link #awaitMessages(int, ThrowingRunnable)}, for a server that runs on its own (no query to watch). */
    public List<String> awaitMessages(int count) {
        return awaitMessages(count, () -> { });
    }

    /** Waits until the server has closed the socket, at most 30 s, and says how. */
    public Closed awaitClose() {
        await("the server to close the socket", () -> closed != null, () -> { });
        return closed;
    }

    private void await(String what, BooleanSupplier done, ThrowingRunnable checkRunning) {
        try {
            // One fail-fast condition (Awaitility keeps only the last one given): the app, then the socket.
            Awaitility.await().atMost(LIMIT).pollInterval(Duration.ofMillis(10)).pollDelay(Duration.ZERO)
                    .failFast(() -> {
                        checkRunning.run();
                        if (error != null) {
                            throw new AssertionError("the client's socket failed: " + error, error);
                        }
                        if (closed != null && !done.getAsBoolean()) {
                            throw new AssertionError("the server closed the socket with " + closed);
                        }
                    })
                    .until(done::getAsBoolean);
        } catch (ConditionTimeoutException e) {
            throw new AssertionError("waited 30 s for " + what + "; received " + messages().size() + " so far", e);
        } catch (RuntimeException e) {
            // Awaitility wraps what the fail-fast condition threw: the test reports that, as it was thrown (a step not
            // done yet, a query that failed, the socket closed).
            var cause = e.getCause() == null ? e : e.getCause();
            if (cause instanceof AssertionError assertion) {
                throw new AssertionError("while waiting for " + what + ": " + assertion.getMessage()
                        + "; received " + messages().size() + " message(s)", cause);
            }
            if (cause instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new AssertionError("while waiting for " + what + ": " + cause, cause);
        }
    }

    /** Drops the connection at once, as a closed browser tab does. */
    @Override
    public void close() {
        socket.abort();
    }

    private final class Listener implements WebSocket.Listener {
        private final boolean paused;

        Listener(boolean paused) {
            this.paused = paused;
        }

        @Override
        public void onOpen(WebSocket webSocket) {
            if (!paused) {
                webSocket.request(Long.MAX_VALUE);
            }
        }

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            synchronized (WebSocketClient.this) {
                partial.append(data);
                if (last) {
                    messages.add(partial.toString());
                    partial.setLength(0);
                }
            }
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
            closed = new Closed(statusCode, reason);
            return null;
        }

        @Override
        public void onError(WebSocket webSocket, Throwable failure) {
            error = failure;
        }
    }
}
