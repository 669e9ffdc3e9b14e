package dev.streaminglabs.common.web;

import java.io.PrintStream;
import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The live dashboard of the demos: a page at {@code http://127.0.0.1:PORT/} that draws what the app publishes, live,
 * in every browser that opens it.
 *
 * <pre>{@code
 * try (var dashboard = Dashboard.start(0)) {                 // 0: any free port
 *     System.out.println("Dashboard: " + dashboard.url());
 *     dashboard.update("words", List.of("word"), trigger, rows, Map.of());   // rows: [{word: "spark", count: 3}]
 * }
 * }</pre>
 *
 * <p>The page knows a few <em>views</em> by name (docs/dashboard.md): {@code words} (bars of the top words),
 * {@code windows} and {@code readings} (event-time windows, the watermark, late and dropped readings); any other view
 * is shown as a table. Each view is a table of rows with a key: {@link #update} merges a trigger's rows into it by
 * key (update mode), {@link #replace} replaces it (a batch's own result). A page opened late first receives every
 * view as it is now, then the updates.
 *
 * <p>A sink of your own can broadcast messages of the same format on {@link #broadcaster()}: lab 03's step 6 does.
 */
public final class Dashboard implements AutoCloseable {

    /**
     * The demos' port ({@code --web}): always the same, so that a page left open in the browser only needs a reload
     * at the next run; {@code --web-port P} chooses another (0: any free port).
     */
    public static final int DEFAULT_PORT = 8099;

    private final DashboardServer server;
    private final Broadcaster broadcaster;
    private final Map<String, View> views = new LinkedHashMap<>();

    private Dashboard(DashboardServer server, Broadcaster broadcaster) {
        this.server = server;
        this.broadcaster = broadcaster;
        broadcaster.onConnectSendAll(this::snapshot);
    }

    /**
     * Starts the dashboard on 127.0.0.1:{@code port} (0: any free port).
     *
     * @throws WebPortBusy when another program listens on that port (choose another with {@code --web-port})
     */
    public static Dashboard start(int port) {
        return start(port, Broadcaster.DEFAULT_QUEUE_LIMIT);
    }

    /**
     * For a demo: starts the dashboard on {@code port} and prints its address on {@code out}, the line a person
     * clicks.
     *
     * @throws WebPortBusy when another program listens on that port
     */
    public static Dashboard startAndSay(int port, PrintStream out) {
        var dashboard = start(port);
        out.println("Live dashboard: " + dashboard.url() + " (open it in a browser; it shows each trigger as it ends)");
        return dashboard;
    }

    /** As {@link #start(int)}, with at most {@code queueLimit} messages waiting per client before it is dropped. */
    public static Dashboard start(int port, int queueLimit) {
        var broadcaster = new Broadcaster(queueLimit);
        return new Dashboard(DashboardServer.start(port, broadcaster), broadcaster);
    }

    /** The page: {@code http://127.0.0.1:PORT/}. */
    public URI url() {
        return server.pageUri();
    }

    /** The web socket the page listens to: {@code ws://127.0.0.1:PORT/updates}. */
    public URI socketUrl() {
        return server.socketUri();
    }

    public int port() {
        return server.port();
    }

    /** Sends messages to every page that is open. */
    public Broadcaster broadcaster() {
        return broadcaster;
    }

    /**
     * Merges one trigger's rows into {@code view}, each row replacing the row with the same {@code key} columns, and
     * sends them to every page as an update.
     *
     * @param facts figures of the view that are not rows (a watermark...), merged into the view's; may be empty
     */
    public void update(String view, List<String> key, long trigger, List<Map<String, Object>> rows,
                       Map<String, Object> facts) {
        String message;
        synchronized (this) {
            var table = views.computeIfAbsent(view, name -> new View(key));
            rows.forEach(row -> table.rows.put(table.keyOf(row), row));
            table.facts.putAll(facts);
            table.trigger = trigger;
            message = DashboardMessage.toJson(view, DashboardMessage.UPDATE, key, trigger, Instant.now(), rows,
                    facts);
        }
        broadcaster.broadcast(message);   // recorded first, then sent: a page that opens meanwhile misses nothing
    }

    /** Replaces {@code view}'s table with {@code rows} (a batch's own result), and sends it to every page. */
    public void replace(String view, long trigger, List<Map<String, Object>> rows, Map<String, Object> facts) {
        String message;
        synchronized (this) {
            var table = new View(List.of());
            rows.forEach(row -> table.rows.put(List.of(table.rows.size()), row));
            table.facts.putAll(facts);
            table.trigger = trigger;
            views.put(view, table);
            message = DashboardMessage.toJson(view, DashboardMessage.SNAPSHOT, null, trigger, Instant.now(), rows,
                    facts);
        }
        broadcaster.broadcast(message);
    }

    /** Every view as it is now, one snapshot message each, for a page that just connected. */
    private synchronized List<String> snapshot() {
        var messages = new ArrayList<String>();
        views.forEach((name, table) -> messages.add(DashboardMessage.toJson(name, DashboardMessage.SNAPSHOT,
                table.key, table.trigger, Instant.now(), table.rows.values(), table.facts)));
        return messages;
    }

    /** Closes every page's socket ("the demo has stopped"), then the web server. */
    @Override
    public void close() {
        broadcaster.closeForGood("the demo has stopped");
        server.close();
    }

    /** One view's table, as the pages know it. */
    private static final class View {
        final List<String> key;
        final Map<List<Object>, Map<String, Object>> rows = new LinkedHashMap<>();
        final Map<String, Object> facts = new LinkedHashMap<>();
        long trigger = -1;

        View(List<String> key) {
            this.key = key;
        }

        List<Object> keyOf(Map<String, Object> row) {
            var values = new ArrayList<>();
            key.forEach(column -> values.add(row.get(column)));
            return values;
        }
    }
}
