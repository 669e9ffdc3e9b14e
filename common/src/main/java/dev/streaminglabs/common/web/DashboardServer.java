package dev.streaminglabs.common.web;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.util.Map;

import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.ContextHandler;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.eclipse.jetty.websocket.server.WebSocketUpgradeHandler;

/**
 * The dashboard's web server: Jetty on 127.0.0.1, the page at {@code /} and the web socket at {@value #SOCKET_PATH},
 * where a {@link Broadcaster} serves the clients. Its threads are daemons: a demo that forgets to close it still ends.
 */
final class DashboardServer implements AutoCloseable {

    static final String SOCKET_PATH = "/updates";

    /** The page's files, served from the class path; nothing else is. */
    private static final Map<String, String> FILES = Map.of(
            "/", "index.html",
            "/index.html", "index.html",
            "/dashboard.js", "dashboard.js",
            "/dashboard.css", "dashboard.css");
    private static final Map<String, String> TYPES = Map.of(
            "html", "text/html; charset=utf-8",
            "js", "text/javascript; charset=utf-8",
            "css", "text/css; charset=utf-8");
    /**
     * The operating system's send buffer of each socket, kept small: a client that reads nothing must fill its queue
     * (which the broadcaster counts) soon, not megabytes of kernel buffers first.
     */
    private static final int SOCKET_SEND_BUFFER = 32 * 1024;

    private final Server server;
    private final int port;

    private DashboardServer(Server server, int port) {
        this.server = server;
        this.port = port;
    }

    /**
     * Starts on 127.0.0.1:{@code port} (0: a free port).
     *
     * @throws WebPortBusy when another program listens on that port
     */
    static DashboardServer start(int port, Broadcaster broadcaster) {
        var threads = new QueuedThreadPool(8, 2);
        threads.setName("dashboard");
        threads.setDaemon(true);
        var server = new Server(threads);
        var connector = new ServerConnector(server, 1, 1);
        connector.setHost("127.0.0.1");
        connector.setPort(port);
        connector.setAcceptedSendBufferSize(SOCKET_SEND_BUFFER);
        server.addConnector(connector);

        var context = new ContextHandler("/");
        var sockets = WebSocketUpgradeHandler.from(server, context, container -> {
            // A dashboard may stay quiet for long (no input, no trigger): never close a socket for being idle.
            container.setIdleTimeout(java.time.Duration.ZERO);
            // Clients only listen; what they send is ignored, and a big message is refused outright.
            container.setMaxTextMessageSize(4096);
            container.setMaxBinaryMessageSize(4096);
            container.addMapping(SOCKET_PATH, (request, response, callback) -> broadcaster.new Endpoint());
        });
        sockets.setHandler(new PageFiles());
        context.setHandler(sockets);
        server.setHandler(context);
        try {
            server.start();
        } catch (Exception e) {
            stopQuietly(server);
            if (causedByBind(e)) {
                throw new WebPortBusy(port);
            }
            throw new IllegalStateException("the dashboard's web server did not start on 127.0.0.1:" + port, e);
        }
        return new DashboardServer(server, connector.getLocalPort());
    }

    int port() {
        return port;
    }

    URI pageUri() {
        return URI.create("http://127.0.0.1:" + port() + "/");
    }

    URI socketUri() {
        return URI.create("ws://127.0.0.1:" + port() + SOCKET_PATH);
    }

    @Override
    public void close() {
        try {
            server.stop();
        } catch (Exception e) {
            throw new IllegalStateException("the dashboard's web server did not stop", e);
        }
    }

    private static boolean causedByBind(Throwable error) {
        for (var cause = error; cause != null; cause = cause.getCause()) {
            if (cause instanceof BindException) {
                return true;
            }
        }
        return false;
    }

    private static void stopQuietly(Server server) {
        try {
            server.stop();
        } catch (Exception ignored) {
            // it did not start: nothing to stop
        }
    }

    /** The page's few files, from the class path next to this class. */
    private static final class PageFiles extends Handler.Abstract.NonBlocking {
        @Override
        public boolean handle(Request request, Response response, Callback callback) {
            var file = FILES.get(Request.getPathInContext(request));
            if (file == null) {
                Response.writeError(request, response, callback, HttpStatus.NOT_FOUND_404);
                return true;
            }
            byte[] bytes;
            try (var in = DashboardServer.class.getResourceAsStream("page/" + file)) {
                if (in == null) {
                    throw new IOException("page/" + file + " is missing from the class path");
                }
                bytes = in.readAllBytes();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            response.getHeaders().put(HttpHeader.CONTENT_TYPE, TYPES.get(file.substring(file.lastIndexOf('.') + 1)));
            response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-store");
            response.write(true, ByteBuffer.wrap(bytes), callback);
            return true;
        }
    }
}
