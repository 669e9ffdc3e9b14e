package dev.streaminglabs.common.web;

import java.util.ArrayDeque;
import java.util.List;

import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;

/**
 * One connected web-socket client: its queue of messages waiting to be written, and at most one message being
 * written at a time, so that the queue (not Jetty's own, unbounded, frame queue) says how far behind the client is.
 *
 * <p>A new client holds back what is broadcast to it until it has been {@linkplain #greet greeted}, so that the
 * greeting (the snapshot) always comes first.
 */
final class Client {

    private final Session session;
    private final int queueLimit;
    private final ArrayDeque<String> queue = new ArrayDeque<>();
    private boolean greeted;
    private boolean writing;
    private boolean closing;
    private boolean ignoredOnce;
    private int closeCode;
    private String closeReason;

    Client(Session session, int queueLimit) {
        this.session = session;
        this.queueLimit = queueLimit;
    }

    /** Queues a broadcast message; false, without waiting, when {@code queueLimit} messages are already waiting. */
    boolean offer(String message) {
        synchronized (this) {
            if (closing) {
                return true;            // on its way out: it gets nothing more, and is not counted as behind
            }
            if (queue.size() >= queueLimit) {
                return false;
            }
            queue.add(message);
        }
        writeNext();
        return true;
    }

    /** Puts the greeting before whatever was broadcast since the client connected, then starts writing. */
    void greet(List<String> greeting) {
        synchronized (this) {
            for (int i = greeting.size() - 1; i >= 0; i--) {
                queue.addFirst(greeting.get(i));
            }
            greeted = true;
        }
        writeNext();
    }

    /** Closes the socket at once with {@code code} and {@code reason}: the messages still waiting go with it. */
    void drop(int code, String reason) {
        synchronized (this) {
            if (closing) {
                return;
            }
            closing = true;
            queue.clear();
        }
        // Jetty sends the close frame after the message being written, if any.
        session.close(code, reason, Callback.NOOP);
    }

    /** Writes what is queued, then closes the socket with {@code code} and {@code reason}. */
    void closeWhenWritten(int code, String reason) {
        synchronized (this) {
            if (closing) {
                return;
            }
            closing = true;
            closeCode = code;
            closeReason = reason;
            greeted = true;
        }
        writeNext();
    }

    /** True the first time only: a client that keeps sending is logged once. */
    synchronized boolean firstIgnored() {
        if (ignoredOnce) {
            return false;
        }
        ignoredOnce = true;
        return true;
    }

    String address() {
        return String.valueOf(session.getRemoteSocketAddress());
    }

    private void writeNext() {
        String next;
        String reason = null;
        synchronized (this) {
            if (writing || !greeted) {
                return;
            }
            next = queue.poll();
            if (next == null) {
                reason = closeReason;
                closeReason = null;
            } else {
                writing = true;
            }
        }
        if (next != null) {
            // The callback may run on this very thread when the socket takes the message at once: the recursion is
            // bounded by the queue limit.
            session.sendText(next, Callback.from(this::written, this::failed));
        } else if (reason != null) {
            session.close(closeCode, reason, Callback.NOOP);
        }
    }

    private void written() {
        synchronized (this) {
            writing = false;
        }
        writeNext();
    }

    private void failed(Throwable cause) {
        synchronized (this) {
            writing = false;
            closing = true;
            closeReason = null;
            queue.clear();
        }
    }
}
