package dev.streaminglabs.common.web;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

import org.eclipse.jetty.websocket.api.Session;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends every message to every connected web-socket client, and never waits for one of them.
 *
 * <p>Each client has a queue of at most {@code queueLimit} messages waiting to be written to its socket. A client that
 * reads slowly, or not at all, lets its queue fill up; the message that finds it full does not wait: the client is
 * disconnected (close code {@value #FELL_BEHIND}, "fell behind") and counted in {@link #droppedClients()}. Skipping the
 * message and carrying on would be worse: in update mode a missed update is never sent again, and that client would
 * show wrong numbers for ever. {@link #broadcast} only ever appends to queues, so a slow client cannot slow down the
 * query that broadcasts.
 *
 * <p>A client that connects first receives what the {@linkplain #onConnect greeters} say (the current state: a
 * snapshot), then every message broadcast from then on. It is registered <em>before</em> the greeters are asked, and
 * what is broadcast meanwhile waits behind the greeting: a broadcaster that records its state before it broadcasts
 * (as it should) can send a new client an update twice, never zero times.
 *
 * <p>Clients only listen: a message a client sends is ignored, and logged once per client.
 */
public final class Broadcaster {

    /** The close code of a client that fell behind: 1013, "try again later" (RFC 6455, IANA registry). */
    public static final int FELL_BEHIND = 1013;
    /** The close code of a client closed because the query it watched stopped: 1000, "normal closure". */
    public static final int NORMAL = 1000;
    /** The close code of a client closed because the dashboard itself stops: 1001, "going away". */
    public static final int GOING_AWAY = 1001;
    /** The close code of a client the server failed to greet: 1011, "internal error". */
    public static final int SERVER_ERROR = 1011;
    /** The default queue limit: about a minute of triggers behind at one trigger a second. */
    public static final int DEFAULT_QUEUE_LIMIT = 64;

    private static final Logger LOG = LoggerFactory.getLogger(Broadcaster.class);

    private final int queueLimit;
    private final Set<Client> clients = ConcurrentHashMap.newKeySet();
    private final List<Supplier<List<String>>> greeters = new CopyOnWriteArrayList<>();
    private final AtomicLong dropped = new AtomicLong();
    private final AtomicLong ignored = new AtomicLong();
    private volatile RuntimeException greetingFailure;
    private volatile boolean closed;

    Broadcaster(int queueLimit) {
        if (queueLimit < 1) {
            throw new IllegalArgumentException("a client's queue holds at least one message, not " + queueLimit);
        }
        this.queueLimit = queueLimit;
    }

    /**
     * Adds a greeter: each new client first receives the message it returns (null: nothing). Greeters are asked in
     * the order they were added, on the web server's thread, with no lock of the broadcaster held.
     */
    public void onConnect(Supplier<String> greeter) {
        greeters.add(() -> {
            var message = greeter.get();
            return message == null ? List.of() : List.of(message);
        });
    }

    /** As {@link #onConnect}, for a greeter with several messages (the dashboard's views, one message each). */
    void onConnectSendAll(Supplier<List<String>> greeter) {
        greeters.add(greeter);
    }

    /** Queues {@code message} for every connected client; a client whose queue is full is disconnected and counted. */
    public void broadcast(String message) {
        for (var client : clients) {
            if (!client.offer(message)) {
                drop(client);
            }
        }
    }

    /** How many clients are connected now. */
    public int clients() {
        return clients.size();
    }

    /** How many clients were disconnected because they fell behind, since the start. */
    public long droppedClients() {
        return dropped.get();
    }

    /**
     * The first exception a greeter threw, or null. The client it was greeting is closed (1011, "server error"); a test
     * rethrows it, so that a greeter's own failure (a step not done yet) is what the test reports.
     */
    public RuntimeException greetingFailure() {
        return greetingFailure;
    }

    /** How many messages sent by clients were ignored (clients only listen), since the start. */
    public long ignoredMessages() {
        return ignored.get();
    }

    /**
     * Closes every client's socket cleanly: what is already queued is sent first, then a close frame with code
     * {@value #NORMAL} and {@code reason} (the page shows it). Clients that connect afterwards are served as usual.
     */
    public void closeClients(String reason) {
        closeAll(NORMAL, reason);
    }

    /** The dashboard stops: every client is closed ({@value #GOING_AWAY}), and a client that connects now too. */
    void closeForGood(String reason) {
        closed = true;
        closeAll(GOING_AWAY, reason);
    }

    private void closeAll(int code, String reason) {
        for (var client : new ArrayList<>(clients)) {
            clients.remove(client);
            client.closeWhenWritten(code, reason);
        }
    }

    private void drop(Client client) {
        if (clients.remove(client)) {
            long count = dropped.incrementAndGet();
            LOG.info("Dashboard client {} fell behind ({} messages waiting): disconnected ({} so far)",
                    client.address(), queueLimit, count);
            client.drop(FELL_BEHIND, "fell behind: " + queueLimit + " messages were waiting; reload to start again");
        }
    }

    /** The web socket's end of the server: one per connection, made by {@link DashboardServer}. */
    public final class Endpoint implements Session.Listener.AutoDemanding {
        private Client client;

        @Override
        public void onWebSocketOpen(Session session) {
            client = new Client(session, queueLimit);
            if (closed) {
                client.drop(GOING_AWAY, "the dashboard has stopped");
                return;
            }
            clients.add(client);                       // from now on, broadcasts queue up behind the greeting
            var greeting = new ArrayList<String>();
            try {
                greeters.forEach(greeter -> greeting.addAll(greeter.get()));
            } catch (RuntimeException failure) {
                clients.remove(client);
                if (greetingFailure == null) {
                    greetingFailure = failure;
                    LOG.warn("Dashboard client {} could not be greeted: {}", client.address(), failure.toString());
                }
                client.drop(SERVER_ERROR, "the server could not greet this client");
                return;
            }
            client.greet(greeting);
        }

        @Override
        public void onWebSocketText(String message) {
            ignore("a text message of " + message.length() + " characters");
        }

        @Override
        public void onWebSocketBinary(java.nio.ByteBuffer payload, org.eclipse.jetty.websocket.api.Callback callback) {
            ignore("a binary message of " + payload.remaining() + " bytes");
            callback.succeed();
        }

        @Override
        public void onWebSocketClose(int statusCode, String reason) {
            if (client != null) {
                clients.remove(client);
            }
        }

        @Override
        public void onWebSocketError(Throwable cause) {
            // A client that went away without closing (a tab closed, a test's client dropped): forget it, quietly.
            if (client != null) {
                clients.remove(client);
            }
            LOG.debug("Dashboard client {}: {}", client == null ? "?" : client.address(), cause.toString());
        }

        private void ignore(String what) {
            ignored.incrementAndGet();
            if (client != null && client.firstIgnored()) {
                LOG.info("Dashboard client {} sent {}; clients only listen: ignored (and not logged again for it)",
                        client.address(), what);
            }
        }
    }
}
