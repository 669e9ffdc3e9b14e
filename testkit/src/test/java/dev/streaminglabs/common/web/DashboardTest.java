package dev.streaminglabs.common.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.Logger;
import org.apache.logging.log4j.core.appender.AbstractAppender;
import org.apache.logging.log4j.core.config.Property;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.streaminglabs.testkit.WebSocketClient;

/** The dashboard's server and broadcaster, with real sockets: the JDK's web-socket and HTTP clients. */
class DashboardTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final List<AutoCloseable> toClose = new ArrayList<>();

    @AfterEach
    void closeEverything() throws Exception {
        for (int i = toClose.size() - 1; i >= 0; i--) {
            toClose.get(i).close();
        }
    }

    @Test
    void thePageAndItsFilesAreServedAndNothingElse() throws Exception {
        var dashboard = started(Dashboard.start(0));
        var http = HttpClient.newHttpClient();

        var page = http.send(HttpRequest.newBuilder(dashboard.url()).build(), HttpResponse.BodyHandlers.ofString());
        var script = http.send(HttpRequest.newBuilder(dashboard.url().resolve("/dashboard.js")).build(),
                HttpResponse.BodyHandlers.ofString());
        var other = http.send(HttpRequest.newBuilder(dashboard.url().resolve("/secrets.txt")).build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(dashboard.url().toString()).startsWith("http://127.0.0.1:");
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.headers().firstValue("content-type")).hasValueSatisfying(type -> assertThat(type)
                .startsWith("text/html"));
        assertThat(page.body()).contains("<script src=\"dashboard.js\">");
        assertThat(script.body()).contains("new WebSocket");
        assertThat(other.statusCode()).as("a file that is not the page's").isEqualTo(404);
    }

    @Test
    void aPageOpenedLateFirstReceivesEveryViewAsItIsNowThenTheUpdates() {
        var dashboard = started(Dashboard.start(0));
        dashboard.update("words", List.of("word"), 0, List.of(row("word", "spark", "count", 2L),
                row("word", "flink", "count", 1L)), Map.of());
        dashboard.update("words", List.of("word"), 1, List.of(row("word", "spark", "count", 3L)), Map.of());

        var late = connected(dashboard.socketUrl());
        var snapshot = json(late.awaitMessages(1).get(0));
        dashboard.update("words", List.of("word"), 2, List.of(row("word", "flink", "count", 2L)), Map.of());
        var update = json(late.awaitMessages(2).get(1));

        assertThat(snapshot.get("kind").asText()).isEqualTo("snapshot");
        assertThat(snapshot.get("trigger").asLong()).isEqualTo(1);
        assertThat(snapshot.get("rows").toString()).isEqualTo("[{\"word\":\"spark\",\"count\":3},"
                + "{\"word\":\"flink\",\"count\":1}]");
        assertThat(update.get("kind").asText()).isEqualTo("update");
        assertThat(update.get("key").toString()).isEqualTo("[\"word\"]");
        assertThat(update.get("rows").toString()).isEqualTo("[{\"word\":\"flink\",\"count\":2}]");
        assertThat(Instant.parse(update.get("time").asText())).isNotNull();
    }

    @Test
    void aReplacedViewHoldsOnlyTheLastBatch() {
        var dashboard = started(Dashboard.start(0));
        dashboard.replace("words", 0, List.of(row("word", "spark", "count", 2L)), Map.of());
        dashboard.replace("words", 1, List.of(row("word", "flink", "count", 1L)), Map.of());

        var late = connected(dashboard.socketUrl());
        var snapshot = json(late.awaitMessages(1).get(0));

        assertThat(snapshot.get("rows").toString()).isEqualTo("[{\"word\":\"flink\",\"count\":1}]");
    }

    @Test
    void aClientThatReadsNothingIsDroppedAndCountedWhileTheOthersReceiveEverything() {
        var dashboard = started(Dashboard.start(0, 2));
        var asleep = connectedPaused(dashboard.socketUrl());
        var awake = connected(dashboard.socketUrl());
        awaitClients(dashboard, 2);
        var big = "x".repeat(60_000);

        int sent = 0;
        List<String> received = List.of();
        while (dashboard.broadcaster().droppedClients() == 0 && sent < 200) {
            dashboard.broadcaster().broadcast("{\"n\":" + sent++ + ",\"pad\":\"" + big + "\"}");
            received = awake.awaitMessages(sent);   // one message at a time, as triggers come
        }
        asleep.resume();
        var closed = asleep.awaitClose();

        assertThat(dashboard.broadcaster().droppedClients()).as("clients dropped after %d messages", sent)
                .isEqualTo(1);
        assertThat(received).as("the client that reads").hasSize(sent);
        assertThat(closed.code()).isEqualTo(Broadcaster.FELL_BEHIND);
        assertThat(closed.reason()).contains("fell behind");
        var gotBeforeTheDrop = asleep.messages().stream().map(message -> json(message).get("n").asInt()).toList();
        assertThat(gotBeforeTheDrop).as("what the sleeping client got: the first messages, in order, no gap")
                .isEqualTo(java.util.stream.IntStream.range(0, gotBeforeTheDrop.size()).boxed().toList())
                .hasSizeLessThan(sent);
    }

    @Test
    void aClientSendingGarbageIsIgnoredAndLoggedOnce() {
        var dashboard = started(Dashboard.start(0));
        var log = LogCapture.of(Broadcaster.class);
        toClose.add(log);
        var chatty = connected(dashboard.socketUrl());
        awaitClients(dashboard, 1);

        chatty.send("{\"not\": \"expected\"");
        chatty.send("hello?");
        chatty.send("\u0000\u0001 binary-ish");
        org.awaitility.Awaitility.await().until(() -> dashboard.broadcaster().ignoredMessages() == 3);
        dashboard.broadcaster().broadcast("{\"still\":\"served\"}");

        assertThat(chatty.awaitMessages(1)).containsExactly("{\"still\":\"served\"}");
        assertThat(log.lines()).as("log lines about the client's messages").hasSize(1);
        assertThat(log.lines().get(0)).contains("clients only listen: ignored");
    }

    @Test
    void aBusyPortIsAClearErrorThatNamesTheOptionToChooseAnother() throws Exception {
        try (var taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            assertThatThrownBy(() -> Dashboard.start(taken.getLocalPort()))
                    .isInstanceOf(WebPortBusy.class)
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("127.0.0.1:" + taken.getLocalPort())
                    .hasMessageContaining("--web-port");
        }
    }

    @Test
    void closingTheClientsSendsWhatIsQueuedThenClosesCleanly() {
        var dashboard = started(Dashboard.start(0));
        var client = connected(dashboard.socketUrl());
        awaitClients(dashboard, 1);

        dashboard.broadcaster().broadcast("{\"last\":true}");
        dashboard.broadcaster().closeClients("the query stopped");
        var closed = client.awaitClose();

        assertThat(client.messages()).containsExactly("{\"last\":true}");
        assertThat(closed).isEqualTo(new WebSocketClient.Closed(Broadcaster.NORMAL, "the query stopped"));
        assertThat(dashboard.broadcaster().clients()).isZero();
    }

    @Test
    void closingTheDashboardClosesEverySocketAndFreesThePort() throws Exception {
        var dashboard = Dashboard.start(0);
        int port = dashboard.port();
        var client = connected(dashboard.socketUrl());
        awaitClients(dashboard, 1);

        dashboard.close();

        assertThat(client.awaitClose().code()).isEqualTo(Broadcaster.GOING_AWAY);
        try (var again = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
            assertThat(again.getLocalPort()).as("the port, free again").isEqualTo(port);
        }
    }

    @Test
    void windowsViewTellsOnTimeLateButCountedAndDroppedReadingsApart() {
        var dashboard = started(Dashboard.start(0));
        var view = WindowsView.tumbling(dashboard, java.time.Duration.ofMinutes(10));
        view.trigger(1).event(at("10:02"), "s1").event(at("10:24"), "s1").watermark(at("10:14")).publish(0);
        view.trigger(2);

        assertThat(view.statusOf(at("10:16"))).as("10:16, watermark 10:14").isEqualTo(WindowsView.ON_TIME);
        assertThat(view.statusOf(at("10:12"))).as("10:12: window 10:10–10:20 still open")
                .isEqualTo(WindowsView.LATE_COUNTED);
        assertThat(view.statusOf(at("10:05"))).as("10:05: window 10:00–10:10 final")
                .isEqualTo(WindowsView.LATE_DROPPED);
    }

    private static Instant at(String clock) {
        return Instant.parse("2026-03-14T" + clock + ":00Z");
    }

    private <T extends AutoCloseable> T started(T closeable) {
        toClose.add(closeable);
        return closeable;
    }

    private WebSocketClient connected(URI uri) {
        return started(WebSocketClient.connect(uri));
    }

    private WebSocketClient connectedPaused(URI uri) {
        return started(WebSocketClient.connectPaused(uri));
    }

    private static void awaitClients(Dashboard dashboard, int count) {
        org.awaitility.Awaitility.await().until(() -> dashboard.broadcaster().clients() == count);
    }

    private static Map<String, Object> row(String k1, Object v1, String k2, Object v2) {
        var row = new java.util.LinkedHashMap<String, Object>();
        row.put(k1, v1);
        row.put(k2, v2);
        return row;
    }

    private static JsonNode json(String text) {
        try {
            return JSON.readTree(text);
        } catch (Exception e) {
            throw new AssertionError("not JSON: " + text, e);
        }
    }

    /** The lines one class logs while the test runs, kept instead of printed. */
    static final class LogCapture extends AbstractAppender implements AutoCloseable {
        private final Logger logger;
        private final List<String> lines = new ArrayList<>();
        private final boolean additive;

        private LogCapture(Logger logger) {
            super("capture", null, null, true, Property.EMPTY_ARRAY);
            this.logger = logger;
            this.additive = logger.isAdditive();
        }

        static LogCapture of(Class<?> type) {
            var capture = new LogCapture((Logger) LogManager.getLogger(type));
            capture.start();
            capture.logger.addAppender(capture);
            capture.logger.setAdditive(false);
            return capture;
        }

        @Override
        public synchronized void append(LogEvent event) {
            lines.add(event.getMessage().getFormattedMessage());
        }

        synchronized List<String> lines() {
            return List.copyOf(lines);
        }

        @Override
        public void close() {
            logger.removeAppender(this);
            logger.setAdditive(additive);
            stop();
        }
    }
}
