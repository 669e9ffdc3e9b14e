package dev.streaminglabs.lab02;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

import org.apache.flume.source.avro.AvroFlumeEvent;
import org.apache.flume.source.avro.Status;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import dev.streaminglabs.lab02.FlumeBatchHandler.Delivery;
import dev.streaminglabs.testkit.LogCapture;

@Tag("step2")
@DisplayName("Step 2 — answer the agent: reliable (store the batch, then OK) or unreliable (OK at once)")
class Step2DeliveryTest {

    /** Stands in for Spark's store methods and remembers every call, in order. */
    static final class RecordingStore implements FlumeBatchHandler.LineStore {
        final List<String> calls = new ArrayList<>();
        final List<FlumeLine> stored = new ArrayList<>();
        private final boolean failing;

        RecordingStore(boolean failing) {
            this.failing = failing;
        }

        @Override
        public void storeBatch(Iterator<FlumeLine> lines) {
            if (failing) {
                throw new IllegalStateException("block manager is full");
            }
            var batch = new ArrayList<FlumeLine>();
            lines.forEachRemaining(batch::add);
            calls.add("storeBatch(" + batch.size() + ")");
            stored.addAll(batch);
        }

        @Override
        public void storeOne(FlumeLine line) {
            calls.add("storeOne");
            stored.add(line);
        }
    }

    private static List<AvroFlumeEvent> events(String... bodies) {
        return Arrays.stream(bodies)
                .map(body -> new AvroFlumeEvent(Map.of(), ByteBuffer.wrap(body.getBytes(StandardCharsets.UTF_8))))
                .toList();
    }

    @Test
    void reliableStoresTheWholeBatchAsOneBlockThenAnswersOk() {
        var store = new RecordingStore(false);

        var answer = new FlumeBatchHandler(Delivery.RELIABLE, store).appendBatch(events("a b", "c", "d e f"));

        assertThat(store.calls)
                .as("""
                        calls to the store, in a reliable receiver: the whole batch in one storeBatch (Spark's \
                        blocking store(iterator)), then OK; storeOne only buffers, it is the unreliable way""")
                .containsExactly("storeBatch(3)");
        assertThat(store.stored).extracting(FlumeLine::text).as("lines stored").containsExactly("a b", "c", "d e f");
        assertThat(answer).as("answer once the batch is stored").isEqualTo(Status.OK);
    }

    @Test
    void reliableAnswersFailedWhenStoringFailsSoThatTheAgentSendsAgain() {
        var store = new RecordingStore(true);

        try (var log = LogCapture.of(FlumeBatchHandler.class)) {
            var answer = new FlumeBatchHandler(Delivery.RELIABLE, store).appendBatch(events("a b", "c"));

            assertThat(answer)
                    .as("""
                            answer when Spark could not store the batch: FAILED, so that the agent sends it again \
                            (OK would make it forget events nobody has)""")
                    .isEqualTo(Status.FAILED);
            assertThat(log.events()).extracting(LogCapture.Logged::level)
                    .as("what the handler logged about the failed store (the agent will retry, but someone should"
                            + " know): a warning")
                    .contains("WARN");
        }
    }

    @Test
    void unreliableHandsTheEventsOverOneByOneAndAnswersOkAtOnce() {
        var store = new RecordingStore(false);

        var answer = new FlumeBatchHandler(Delivery.UNRELIABLE, store).appendBatch(events("a b", "c", "d e f"));

        assertThat(store.calls).as("calls to the store, in an unreliable receiver")
                .containsExactly("storeOne", "storeOne", "storeOne");
        assertThat(store.stored).extracting(FlumeLine::text).as("lines stored").containsExactly("a b", "c", "d e f");
        assertThat(answer).as("answer of an unreliable receiver").isEqualTo(Status.OK);
    }

    @Test
    void anEmptyBatchIsAnsweredOk() {
        var store = new RecordingStore(false);

        var answer = new FlumeBatchHandler(Delivery.RELIABLE, store).appendBatch(List.of());

        assertThat(answer).as("answer to an empty batch").isEqualTo(Status.OK);
        assertThat(store.stored).as("lines stored for an empty batch").isEmpty();
    }

    @Test
    void malformedEventsAreStoredFlaggedAndCounted() {
        var store = new RecordingStore(false);
        var handler = new FlumeBatchHandler(Delivery.RELIABLE, store);
        var latin1 = new AvroFlumeEvent(Map.of(), ByteBuffer.wrap("café".getBytes(StandardCharsets.ISO_8859_1)));

        try (var log = LogCapture.of(FlumeBatchHandler.class)) {
            var answer = handler.appendBatch(List.of(latin1, events("fine").get(0)));

            assertThat(answer).as("answer to a batch holding a malformed event").isEqualTo(Status.OK);
            assertThat(log.messages()).as("what the handler logged about the batch (decodeAll warns)")
                    .anyMatch(message -> message.contains("not valid UTF-8"));
        }
        assertThat(store.stored).extracting(FlumeLine::malformed).as("malformed flags of the stored lines")
                .containsExactly(true, false);
        assertThat(handler.malformedEvents()).as("malformed events counted by the handler").isEqualTo(1);
    }

    @Test
    void aSingleEventIsABatchOfOne() {
        var store = new RecordingStore(false);

        var answer = new FlumeBatchHandler(Delivery.RELIABLE, store).append(events("alone").get(0));

        assertThat(answer).as("answer to a single event").isEqualTo(Status.OK);
        assertThat(store.calls).as("calls to the store for a single event").containsExactly("storeBatch(1)");
    }
}
