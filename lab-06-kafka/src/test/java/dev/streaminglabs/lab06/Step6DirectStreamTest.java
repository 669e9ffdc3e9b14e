package dev.streaminglabs.lab06;

import static dev.streaminglabs.lab06.KafkaInputs.click;
import static dev.streaminglabs.lab06.KafkaInputs.send;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import org.apache.spark.streaming.Durations;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import dev.streaminglabs.common.kafka.ClickGenerator;
import dev.streaminglabs.testkit.StreamingRun;
import dev.streaminglabs.testkit.TestSpark;
import dev.streaminglabs.testkit.kafka.TestKafka;
import dev.streaminglabs.testkit.kafka.TopicReader;

@Tag("step6")
@DisplayName("Step 6 — the DStream way: a direct stream, offsets committed after the output")
class Step6DirectStreamTest {

    private static final AtomicInteger GROUPS = new AtomicInteger();
    /** No limit to speak of: the tests that are not about the rate read everything in one batch. */
    private static final long NO_LIMIT = 100_000;

    private final String topic = TestKafka.newTopic("clicks", 2);
    private final String group = "lab06-direct-" + GROUPS.incrementAndGet();
    private final List<Map<String, Long>> outputs = new CopyOnWriteArrayList<>();

    @Test
    void eachBatchCountsTheClicksReadSinceTheBatchBefore() {
        send(topic, click("u1", "/home", "09:00:01"), click("u2", "/home", "09:00:02"),
                click("u3", "/cart", "09:00:03"));
        try (var run = start(NO_LIMIT)) {
            run.nextBatch();
            send(topic, click("u4", "/cart", "09:00:04"));
            run.nextBatch();
        }

        assertThat(outputs).as("""
                the counts per page of batch 1, then batch 2: each batch only its own records. (A first batch with \
                nothing in it: where does a group with no committed offset start reading?)""")
                .containsExactly(Map.of("/home", 2L, "/cart", 1L), Map.of("/cart", 1L));
    }

    @Test
    void recordsThatAreNotClicksAreCountedAsDeadLetters() {
        KafkaInputs.sendRaw(topic, "u1", click("u1", "/home", "09:00:01").toJson(), "{not json", null);
        try (var run = start(NO_LIMIT)) {
            run.nextBatch();
        }

        assertThat(outputs).as("the counts of a batch with a click, a malformed value and no value")
                .containsExactly(Map.of("/home", 1L, DirectClicks.DEAD_LETTER, 2L));
    }

    @Test
    void theOffsetsOfABatchAreCommittedToTheGroupAfterItsOutput() {
        send(topic, new ClickGenerator(1, KafkaInputs.at("09:00:00")).next(6));
        try (var run = start(NO_LIMIT)) {
            run.nextBatch();
            run.nextBatch();   // commitAsync hands the offsets over; the stream commits them at its next batch
            await().atMost(Duration.ofSeconds(30))
                    .failFast("the streaming context stopped", () -> run.context().getState()
                            == org.apache.spark.streaming.StreamingContextState.STOPPED)
                    .untilAsserted(() -> assertThat(committed()).as("""
                            the offsets committed by the group '%s' once its batch was output: the end of each \
                            partition (6 records). None means the output never commits them (commitAsync)"""
                            .formatted(group)).isEqualTo(6L));
        }
    }

    @Test
    void aRestartedStreamContinuesAfterTheCommittedOffsets() {
        send(topic, click("u1", "/home", "09:00:01"), click("u2", "/home", "09:00:02"));
        try (var run = start(NO_LIMIT)) {
            run.nextBatch();
            run.nextBatch();
            await().atMost(Duration.ofSeconds(30)).until(() -> committed() == 2L);
        }
        outputs.clear();
        send(topic, click("u3", "/cart", "09:00:03"));

        try (var restarted = start(NO_LIMIT)) {
            restarted.nextBatch();
        }

        assertThat(outputs).as("""
                the first batch of a new stream of the same group: only the click sent since, because the group's \
                committed offsets say where to start""").containsExactly(Map.of("/cart", 1L));
    }

    @Test
    void maxRatePerPartitionCutsABacklogIntoBatches() {
        var oneTopic = TestKafka.newTopic("backlog", 1);
        send(oneTopic, new ClickGenerator(2, KafkaInputs.at("09:00:00")).next(25));
        try (var run = StreamingRun.start(contextReading(oneTopic, 10))) {
            run.runBatches(3);
        }

        assertThat(outputs.stream().map(counts -> counts.values().stream().mapToLong(Long::longValue).sum()))
                .as("""
                        the records read by each 1-second batch, for a backlog of 25 at 10 records a second per \
                        partition: 10, 10, then the last 5""").containsExactly(10L, 10L, 5L);
    }

    private StreamingRun start(long maxRecordsPerSecond) {
        return StreamingRun.start(contextReading(topic, maxRecordsPerSecond));
    }

    private org.apache.spark.streaming.api.java.JavaStreamingContext contextReading(String from, long maxRate) {
        var context = TestSpark.streamingContext(Durations.seconds(1));
        var stream = DirectClicks.stream(context, from,
                DirectClicks.kafkaParams(TestKafka.bootstrapServers(), group), maxRate);
        DirectClicks.countAndCommit(stream, outputs::add);
        return context;
    }

    private long committed() {
        return TopicReader.committedOffsets(TestKafka.bootstrapServers(), group, topic).values().stream()
                .mapToLong(Long::longValue).sum();
    }
}
