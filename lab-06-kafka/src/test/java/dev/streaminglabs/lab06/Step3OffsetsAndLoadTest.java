package dev.streaminglabs.lab06;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import org.apache.spark.sql.streaming.StreamingQuery;
import org.apache.spark.sql.streaming.StreamingQueryProgress;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.streaminglabs.common.kafka.ClickGenerator;
import dev.streaminglabs.testkit.TestSpark;
import dev.streaminglabs.testkit.kafka.TestKafka;
import dev.streaminglabs.testkit.kafka.TopicReader;

@Tag("step3")
@DisplayName("Step 3 — offsets and load")
class Step3OffsetsAndLoadTest {

    @TempDir
    Path tempDir;

    private final ClickGenerator clicks = new ClickGenerator(6, KafkaInputs.at("09:00:00"));
    private final String input = TestKafka.newTopic("clicks", 1);
    private final String copy = TestKafka.newTopic("clicks-copy", 1);

    @Test
    void aBacklogOfTwentyThreeRecordsDrainsInFiveTriggersOfAtMostFive() throws Exception {
        KafkaInputs.send(input, clicks.next(23));

        var query = catchUp(5);

        assertThat(query.isActive()).as("""
                the catch-up query, once catchUp returned: an available-now query stops by itself once it has read \
                everything; catchUp waits for that (awaitTermination)""").isFalse();
        assertThat(rowsPerTrigger(query)).as("""
                the records each trigger read, for a backlog of 23 with at most 5 a trigger (maxOffsetsPerTrigger): \
                ⌈23 / 5⌉ = 5 triggers. Trigger.Once ignores the limit and reads everything at once""")
                .containsExactly(5L, 5L, 5L, 5L, 3L);
        assertThat(TopicReader.readAll(TestKafka.bootstrapServers(), copy)).as("the records copied").hasSize(23);
    }

    @Test
    void eachTriggerSaysHowFarBehindTheNewestRecordItIs() throws Exception {
        KafkaInputs.send(input, clicks.next(23));

        var query = catchUp(5);

        var behind = withInput(query).stream().map(Backlog::offsetsBehindLatest).toList();
        assertThat(behind).as("""
                offsets behind the newest record after each trigger (its progress's source metrics), for 23 \
                records read 5 at a time: the backlog shrinks to 0""")
                .containsExactly(18L, 13L, 8L, 3L, 0L);
    }

    @Test
    void aRestartResumesFromTheCheckpointNotFromTheBeginning() throws Exception {
        KafkaInputs.send(input, clicks.next(7));
        catchUp(5);

        KafkaInputs.send(input, clicks.next(4));
        var second = catchUp(5);

        assertThat(rowsPerTrigger(second)).as("""
                what the second catch-up read, on the same checkpoint, after 4 more records: only those 4 (the \
                checkpoint says where the first one stopped)""").containsExactly(4L);
        assertThat(TopicReader.readAll(TestKafka.bootstrapServers(), copy)).as("records copied by the two runs: "
                + "none twice").hasSize(11);
    }

    @Test
    void theOffsetsLiveInTheCheckpointNotInAConsumerGroup() throws Exception {
        KafkaInputs.send(input, clicks.next(3));

        catchUp(5);

        assertThat(tempDir.resolve("checkpoint/offsets")).as("the query's offset log in its checkpoint").isDirectory();
        try (var entries = Files.list(tempDir.resolve("checkpoint/offsets"))) {
            assertThat(entries.map(entry -> entry.getFileName().toString()).filter(name -> name.matches("\\d+")))
                    .as("the offset log's entries (one per trigger, named by batch id)").containsExactly("0");
        }
        assertThat(TopicReader.groupsWithOffsetsOn(TestKafka.bootstrapServers(), input))
                .as("the consumer groups that committed offsets on the input topic: Spark commits none")
                .isEmpty();
    }

    private StreamingQuery catchUp(long maxRecordsPerTrigger) throws Exception {
        var records = Backlog.readInSlices(TestSpark.session(), TestKafka.bootstrapServers(), input,
                maxRecordsPerTrigger);
        return Backlog.catchUp(records, TestKafka.bootstrapServers(), copy, tempDir.resolve("checkpoint").toString());
    }

    private static List<StreamingQueryProgress> withInput(StreamingQuery query) {
        return Arrays.stream(query.recentProgress()).filter(progress -> progress.numInputRows() > 0).toList();
    }

    private static List<Long> rowsPerTrigger(StreamingQuery query) {
        return withInput(query).stream().map(StreamingQueryProgress::numInputRows).toList();
    }
}
