package dev.streaminglabs.lab03;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.trim;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.streaming.StreamingQuery;
import org.apache.spark.sql.streaming.Trigger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import dev.streaminglabs.common.MemoryInput;
import dev.streaminglabs.common.web.Broadcaster;
import dev.streaminglabs.common.web.Dashboard;
import dev.streaminglabs.testkit.QueryRun;
import dev.streaminglabs.testkit.TestSpark;
import dev.streaminglabs.testkit.WebSocketClient;

/**
 * The sink is given a running word count (one word per line, counted as it is: quotes and all) and the dashboard's
 * web server; the test's clients are the JDK's own web-socket client, as a browser tab would be. After each trigger
 * the test sends every client a marker: what a client received before it is exactly what that trigger sent.
 */
@Tag("step6")
@DisplayName("Step 6 — send each trigger to the browsers over a web socket")
class Step6WebSocketSinkTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final List<AutoCloseable> toClose = new ArrayList<>();
    private Dashboard dashboard;
    private MemoryInput<String> lines;
    private StreamingQuery query;
    private int markers;

    @AfterEach
    void stopEverything() throws Exception {
        if (query != null) {
            query.stop();
        }
        for (int i = toClose.size() - 1; i >= 0; i--) {
            toClose.get(i).close();
        }
    }

    // --- one message per trigger, in update mode ---

    @Test
    void eachTriggerIsOneMessageWithTheWordsWhoseCountChanged() throws Exception {
        startTheSink(Dashboard.start(0));
        var client = new Watcher("the client");
        client.awaitGreeting();

        var first = trigger("spark", "spark", "flink").seenBy(client);
        var second = trigger("spark").seenBy(client);
        var third = trigger("kafka", "flink").seenBy(client);

        first.isOneUpdate(Map.of("spark", 2L, "flink", 1L));
        second.isOneUpdate(Map.of("spark", 3L));
        third.isOneUpdate(Map.of("kafka", 1L, "flink", 2L));
        assertThat(List.of(first.only().trigger(), second.only().trigger(), third.only().trigger()))
                .as("the messages' trigger ids: each micro-batch's id (foreachBatch's batchId), in order")
                .containsExactly(0L, 1L, 2L);
    }

    @Test
    void aMessageSaysItsViewItsKindItsTriggerAndWhenItWasSent() throws Exception {
        startTheSink(Dashboard.start(0));
        var client = new Watcher("the client");
        client.awaitGreeting();
        var before = Instant.now();

        var message = trigger("spark").seenBy(client).only();

        assertThat(message.json().fieldNames()).toIterable().as("the message's fields, in order")
                .containsExactly("view", "kind", "trigger", "time", "rows");
        assertThat(message.json().get("view").asText()).as("view").isEqualTo(WebSocketSink.VIEW);
        assertThat(message.kind()).as("kind").isEqualTo(WebSocketSink.UPDATE);
        assertThat(message.json().get("trigger").isIntegralNumber()).as("trigger is a number").isTrue();
        assertThat(message.time()).as("time: when the trigger's rows were sent")
                .isBetween(before.minusSeconds(1), Instant.now());
        assertThat(message.json().get("rows").toString()).as("rows")
                .isEqualTo("[{\"word\":\"spark\",\"count\":1}]");
    }

    @Test
    void wordsWithQuotesBackslashesLineBreaksAndAccentsArriveIntact() throws Exception {
        startTheSink(Dashboard.start(0));
        var client = new Watcher("the client");
        client.awaitGreeting();
        var words = List.of("say \"cheese\"", "C:\\temp\\new", "tab\there", "two\nlines", "l'été", "東京");

        var message = trigger(words.toArray(String[]::new)).seenBy(client).only();

        var expected = new LinkedHashMap<String, Long>();
        words.forEach(word -> expected.put(word, 1L));
        assertThat(message.counts()).as("the words of the trigger, as the client read them").isEqualTo(expected);
    }

    @Test
    void aTriggerThatChangesNothingSendsNothing() throws Exception {
        startTheSink(Dashboard.start(0));
        var client = new Watcher("the client");
        client.awaitGreeting();
        trigger("spark").seenBy(client);

        var blank = trigger("   ").seenBy(client);   // a trigger whose only line is blank: no count changes

        assertThat(blank.messages()).as("trigger 1 changed no count (its only line was blank), yet the clients got "
                + "%s: send nothing when nothing changed", blank.describe()).isEmpty();
    }

    // --- a late client ---

    @Test
    void aClientThatConnectsBeforeTheFirstTriggerIsGreetedWithAnEmptySnapshot() throws Exception {
        startTheSink(Dashboard.start(0));
        var client = new Watcher("the client");

        var greeting = client.awaitGreeting();

        assertThat(greeting.kind()).as("the first message a client receives").isEqualTo(WebSocketSink.SNAPSHOT);
        assertThat(greeting.trigger()).as("the snapshot's trigger id before any trigger").isEqualTo(-1L);
        assertThat(greeting.counts()).as("the snapshot's rows before any trigger").isEmpty();
    }

    @Test
    void aClientThatConnectsLateFirstReceivesEveryWordWithItsLatestCountThenTheUpdates() throws Exception {
        startTheSink(Dashboard.start(0));
        trigger("spark", "spark", "flink");
        trigger("spark");

        var late = new Watcher("the late client");
        var snapshot = late.awaitGreeting();
        var next = trigger("kafka").seenBy(late);

        assertThat(snapshot.kind()).as("the late client's first message").isEqualTo(WebSocketSink.SNAPSHOT);
        assertThat(snapshot.counts()).as("the late client's snapshot, after 2 triggers: remember each trigger's rows "
                + "(in latest) for the clients still to come").isNotEmpty();
        assertThat(snapshot.counts())
                .as("the late client's snapshot, after trigger 0 (spark 2, flink 1) and trigger 1 (spark 3): every "
                        + "word with its latest count, not only the last trigger's")
                .isEqualTo(Map.of("spark", 3L, "flink", 1L));
        assertThat(snapshot.trigger()).as("the snapshot's trigger id: the last trigger it includes").isEqualTo(1L);
        next.isOneUpdate(Map.of("kafka", 1L));
    }

    // --- clients that misbehave ---

    @Test
    void aSlowClientIsDroppedAndCountedAndNeverStallsTheQuery() throws Exception {
        startTheSink(Dashboard.start(0, 2));   // at most 2 messages waiting per client
        var asleep = WebSocketClient.connectPaused(dashboard.socketUrl());
        toClose.add(asleep);
        var awake = new Watcher("the client that reads");
        awake.awaitGreeting();
        awaitClients(2);

        int triggers = 0;
        while (dashboard.broadcaster().droppedClients() == 0 && triggers < 40) {
            var words = new ArrayList<String>();
            for (int i = 0; i < 2000; i++) {
                words.add("word-" + triggers + "-" + i);   // 2 000 new words: a message of about 60 kB
            }
            trigger(words.toArray(String[]::new)).seenBy(awake).isOneUpdateOf(2000);
            triggers++;
        }
        asleep.resume();
        var closed = asleep.awaitClose();

        assertThat(dashboard.broadcaster().droppedClients())
                .as("clients dropped after %d triggers, while one client read nothing", triggers).isEqualTo(1);
        assertThat(closed.code()).as("how the sleeping client was closed: %s", closed)
                .isEqualTo(Broadcaster.FELL_BEHIND);
        var ids = asleep.messages().stream().skip(1).filter(text -> !text.startsWith("{\"marker\":"))
                .map(Message::parse).map(Message::trigger).toList();
        assertThat(ids).as("the triggers the sleeping client got before it was dropped: the first ones, no gap")
                .isEqualTo(java.util.stream.LongStream.range(0, ids.size()).boxed().toList());
    }

    @Test
    void aClientSendingGarbageIsIgnoredAndTheOthersAreServed() throws Exception {
        startTheSink(Dashboard.start(0));
        var chatty = new Watcher("the client that sends garbage");
        var quiet = new Watcher("the quiet client");
        chatty.awaitGreeting();
        quiet.awaitGreeting();

        chatty.client.send("{\"subscribe\": ");
        chatty.client.send("\u0000\u0007 not even text");
        var trigger = trigger("spark");

        trigger.seenBy(chatty).isOneUpdate(Map.of("spark", 1L));
        trigger.seenBy(quiet).isOneUpdate(Map.of("spark", 1L));
        assertThat(dashboard.broadcaster().ignoredMessages()).as("messages from clients, ignored").isEqualTo(2);
    }

    @Test
    void stoppingTheQueryClosesEverySocketCleanlyAfterTheLastTrigger() throws Exception {
        startTheSink(Dashboard.start(0));
        var client = new Watcher("the client");
        client.awaitGreeting();
        trigger("spark").seenBy(client);
        lines.add("flink");
        QueryRun.processAllAvailable(query);

        QueryRun.stop(query);   // returns once Spark has told every listener
        assertThat(dashboard.broadcaster().clients()).as("clients still connected once the query has stopped: close "
                + "the sockets when the query stops (Spark's listeners hear it; a foreachBatch function does not)")
                .isZero();
        var closed = client.client.awaitClose();

        assertThat(closed).as("how the socket closed after query.stop()")
                .isEqualTo(new WebSocketClient.Closed(Broadcaster.NORMAL, "the query stopped"));
        var last = Message.parse(client.client.messages().get(client.client.messages().size() - 1));
        assertThat(last.counts()).as("the last message before the close: the last trigger's")
                .isEqualTo(Map.of("flink", 1L));
    }

    // --- the harness ---

    /** The sink on a word count of the lines (each line one word, as it is; blank lines are no word). */
    private void startTheSink(Dashboard started) throws Exception {
        dashboard = started;
        toClose.add(dashboard);
        lines = TestSpark.memoryInput(Encoders.STRING());
        var counts = lines.toDF()
                .filter(trim(col("value")).notEqual(""))
                .groupBy(col("value").as(StreamingWordCount.WORD))
                .count();
        query = new WebSocketSink(dashboard.broadcaster()).start(counts, Trigger.ProcessingTime(0));
    }

    /** Adds the lines, runs the query until it has processed them, then marks the end of the trigger for every client. */
    private TriggerRun trigger(String... words) {
        lines.add(words);
        QueryRun.processAllAvailable(query);
        int marker = markers++;
        dashboard.broadcaster().broadcast("{\"marker\":" + marker + "}");
        return new TriggerRun(marker);
    }

    /** Fails at once when the query died or the sink could not greet a client (a step not done yet, say). */
    private void checkRunning() {
        var greeting = dashboard.broadcaster().greetingFailure();
        if (greeting != null) {
            throw greeting;
        }
        if (!query.isActive()) {
            QueryRun.processAllAvailable(query);   // throws the query's failure, in the course's words
            throw new AssertionError("the query stopped");
        }
    }

    private void awaitClients(int count) {
        org.awaitility.Awaitility.await().until(() -> dashboard.broadcaster().clients() >= count);
    }

    /** A trigger the test ran, ended by a marker. */
    private final class TriggerRun {
        private final int marker;

        TriggerRun(int marker) {
            this.marker = marker;
        }

        /** What {@code watcher} received for this trigger: its messages before the trigger's marker. */
        Received seenBy(Watcher watcher) {
            return watcher.until(marker);
        }
    }

    /** A client of the test, and how far the test has read its messages. */
    private final class Watcher {
        private final String name;
        private final WebSocketClient client;
        private int read;

        Watcher(String name) {
            this.name = name;
            this.client = WebSocketClient.connect(dashboard.socketUrl());
            toClose.add(client);
        }

        /** The first message: the sink's greeting (a snapshot). */
        Message awaitGreeting() {
            var first = client.awaitMessages(read + 1, Step6WebSocketSinkTest.this::checkRunning).get(read);
            read++;
            return Message.parse(first);
        }

        Received until(int marker) {
            var expected = "{\"marker\":" + marker + "}";
            var messages = client.awaitMessages(read + 1, Step6WebSocketSinkTest.this::checkRunning);
            while (!messages.subList(read, messages.size()).contains(expected)) {
                messages = client.awaitMessages(messages.size() + 1, Step6WebSocketSinkTest.this::checkRunning);
            }
            int end = messages.indexOf(expected);
            var received = messages.subList(read, end).stream()
                    .filter(text -> !text.startsWith("{\"marker\":"))
                    .map(Message::parse).toList();
            read = end + 1;
            return new Received(name, marker, received);
        }
    }

    /** What one client received for one trigger (trigger numbers count from 0, as batch ids do). */
    private record Received(String client, int trigger, List<Message> messages) {

        String describe() {
            return messages.size() + " message(s): " + messages.stream().map(Message::text).toList();
        }

        Message only() {
            assertThat(messages).as("trigger %d, %s: expected one message for the trigger, got %s", trigger, client,
                    describe()).hasSize(1);
            return messages.get(0);
        }

        void isOneUpdateOf(int rows) {
            assertThat(messages).as("trigger %d, %s: expected one message for the trigger, got %d", trigger, client,
                    messages.size()).hasSize(1);
            assertThat(messages.get(0).counts()).as("trigger %d, %s: rows in the message", trigger, client)
                    .hasSize(rows);
        }

        /** One update message whose rows are exactly {@code counts}: the words whose count changed. */
        void isOneUpdate(Map<String, Long> counts) {
            if (messages.size() > 1 && messages.stream().allMatch(message -> message.counts().size() == 1)) {
                throw new AssertionError("trigger %d, %s: the trigger came as %d messages of one row each, expected "
                        .formatted(trigger, client, messages.size()) + "one message with all its rows: does the sink "
                        + "broadcast each row rather than each trigger? " + describe());
            }
            var message = only();
            assertThat(message.kind()).as("trigger %d, %s: the message's kind", trigger, client)
                    .isEqualTo(WebSocketSink.UPDATE);
            var sent = message.counts();
            sent.forEach((word, count) -> {
                if (!counts.containsKey(word)) {
                    throw new AssertionError(("trigger %d, %s: '%s' (count %d) did not change in this trigger, yet it "
                            + "was sent: an update carries only the rows that changed (is the query in update mode?)"
                            + " Sent: %s").formatted(trigger, client, word, count, sent));
                }
            });
            assertThat(sent).as("trigger %d, %s: the words whose count changed, with their new counts", trigger,
                    client).isEqualTo(counts);
        }
    }

    /** A message as the client read it. */
    private record Message(String text, JsonNode json) {

        static Message parse(String text) {
            try {
                return new Message(text, JSON.readTree(text));
            } catch (Exception e) {
                throw new AssertionError("a message is not valid JSON: " + text + "\n  (" + e.getMessage().lines()
                        .findFirst().orElse("") + ") — was it written by gluing strings together? A quote, a "
                        + "backslash or a line break in a word must be escaped: let a JSON library write it", e);
            }
        }

        String kind() {
            return json.path("kind").asText(null);
        }

        long trigger() {
            var trigger = json.get("trigger");
            assertThat(trigger).as("the message's trigger id, in %s", text).isNotNull();
            return trigger.asLong();
        }

        Instant time() {
            return Instant.parse(json.path("time").asText());
        }

        /** The rows, word → count, in the message's order (a word sent twice keeps its last count). */
        Map<String, Long> counts() {
            var counts = new LinkedHashMap<String, Long>();
            json.path("rows").forEach(row -> counts.put(row.path("word").asText(), row.path("count").asLong()));
            return counts;
        }
    }
}
