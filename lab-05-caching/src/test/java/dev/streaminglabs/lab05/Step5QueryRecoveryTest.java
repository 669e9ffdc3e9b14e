package dev.streaminglabs.lab05;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.length;
import static org.apache.spark.sql.functions.sum;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeoutException;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.streaming.StreamingQuery;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.streaminglabs.common.NotDoneYet;
import dev.streaminglabs.testkit.LogCapture;
import dev.streaminglabs.testkit.RowAssertions;
import dev.streaminglabs.testkit.TestSpark;

@Tag("step5")
@DisplayName("Step 5 — a structured query that resumes from its checkpoint")
class Step5QueryRecoveryTest {

    /** The logger of Spark's micro-batch engine: it logs a query that fails, with its stack trace. */
    private static final String MICRO_BATCHES = "org.apache.spark.sql.execution.streaming.runtime.MicroBatchExecution";

    /** Three files, read one per trigger, in this order (the drill on HDFS reads them too). */
    static final List<String> FILES = List.of(
            "spark streaming",
            "Spark!",
            "streaming spark");

    /** What a run that reads the three files without stopping emits, trigger by trigger. */
    static final Map<Long, List<String>> UNINTERRUPTED = Map.of(
            0L, List.of("spark=1", "streaming=1"),
            1L, List.of("spark=2"),
            2L, List.of("spark=3", "streaming=2"));

    @TempDir
    Path work;

    @Test
    void eachTriggerEmitsTheTotalsItUpdated() throws Exception {
        var input = inputFolder("input", 3);
        var emitted = new Emitted();
        var totals = RecoverableQuery.wordTotals(linesOf(input));
        RowAssertions.assertColumns("the columns of wordTotals", totals.columns(), List.of("word", "count"), Map.of(
                "word", "name the column of the words word", "count", "count each word (groupBy(\"word\").count())"));

        try (var query = new Running(totals, location("checkpoint"), emitted)) {
            query.processAllAvailable();
        }

        assertThat(emitted.byTrigger()).as("totals emitted by each trigger (update mode: only the words it changed)")
                .isEqualTo(UNINTERRUPTED);
    }

    @Test
    void restartedQueryEmitsExactlyWhatAnUninterruptedRunEmits() throws Exception {
        var restarted = new Emitted();
        var input = inputFolder("input", 2);
        try (var query = new Running(RecoverableQuery.wordTotals(linesOf(input)), location("checkpoint"), restarted)) {
            query.processAllAvailable();
        }
        writeFiles(input, 3); // arrives while the query is down
        try (var query = new Running(RecoverableQuery.wordTotals(linesOf(input)), location("checkpoint"), restarted)) {
            query.processAllAvailable();
        }

        assertThat(restarted.replays())
                .as("triggers emitted again after the restart: a query restarted on its checkpoint goes on after its "
                        + "last committed trigger; one that reads its files again from the first has lost its "
                        + "progress (was it kept in the checkpointLocation it was given?)")
                .isEmpty();
        assertThat(restarted.byTrigger())
                .as("triggers of a query stopped after 2 files and restarted on its checkpoint, vs. an uninterrupted "
                        + "run: same trigger ids, same totals, no trigger lost or repeated")
                .isEqualTo(UNINTERRUPTED);
    }

    @Test
    void restartWithNoNewInputReadsNothingAgain() throws Exception {
        var input = inputFolder("input", 1);
        var emitted = new Emitted();
        try (var query = new Running(RecoverableQuery.wordTotals(linesOf(input)), location("checkpoint"), emitted)) {
            query.processAllAvailable();
        }

        var afterRestart = new Emitted();
        try (var query = new Running(RecoverableQuery.wordTotals(linesOf(input)), location("checkpoint"),
                afterRestart)) {
            query.processAllAvailable();
        }

        assertThat(afterRestart.byTrigger()).as("triggers after a restart with no new file: the files already read "
                + "are in the checkpoint, none is read again").isEmpty();
    }

    @Test
    void checkpointLocationHoldsOffsetsCommitsAndState() throws Exception {
        var input = inputFolder("input", 1);
        var checkpoint = location("checkpoint");

        try (var query = new Running(RecoverableQuery.wordTotals(linesOf(input)), checkpoint, new Emitted())) {
            query.processAllAvailable();
        }

        try (var entries = Files.list(Path.of(checkpoint))) {
            assertThat(entries.map(entry -> entry.getFileName().toString()))
                    .as("what the query keeps in its checkpoint location %s", checkpoint)
                    .contains("offsets", "commits", "state", "sources", "metadata");
        }
        assertThat(Path.of(checkpoint, "commits", "0")).as("the commit of trigger 0").exists();
    }

    @Test
    void checkpointOfAnotherQueryIsAClearError() throws Exception {
        var input = inputFolder("input", 1);
        var checkpoint = location("checkpoint");
        try (var query = new Running(RecoverableQuery.wordTotals(linesOf(input)), checkpoint, new Emitted())) {
            query.processAllAvailable();
        }
        writeFiles(input, 2);

        // Another query: its state is a sum of lengths per line, not a count per word.
        Dataset<Row> otherQuery = linesOf(input).groupBy("value").agg(sum(length(col("value"))).as("letters"));
        // Spark logs the refused query as an error with its stack trace: expected here, so kept and checked.
        try (var sparkSays = LogCapture.of(MICRO_BATCHES);
             var query = new Running(otherQuery, checkpoint, new Emitted())) {
            assertThat(thrownBy(query::processAllAvailable))
                    .as("a query started on the checkpoint of a query with another state")
                    .hasMessageContaining("schema");
            assertThat(sparkSays.messages()).as("what Spark logged about the refused query")
                    .anySatisfy(message -> assertThat(message).contains("terminated with error"));
        }
    }

    @Test
    void checkpointLocationThatCannotBeWrittenIsRefusedClearly() throws Exception {
        var notAFolder = Files.writeString(work.resolve("a-file"), "I am a file");
        var impossible = notAFolder.resolve("checkpoint").toString();
        var input = inputFolder("input", 1);

        var refusal = thrownBy(() -> RecoverableQuery.start(RecoverableQuery.wordTotals(linesOf(input)), impossible,
                (id, rows) -> { }).stop());
        assertThat(refusal)
                .as("what start threw for a checkpoint location inside a file: nothing means the query started, to "
                        + "fail later on its own thread. Check the location before anything starts "
                        + "(CheckpointDirectory.requireWritable)")
                .isNotNull()
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("cannot use " + impossible + " as a checkpoint directory");
    }

    private Path inputFolder(String name, int files) throws IOException {
        var folder = Files.createDirectories(work.resolve(name));
        for (int file = 1; file <= files; file++) {
            writeFiles(folder, file);
        }
        return folder;
    }

    /** Writes the numbered files, each with its own modification time, so that the source reads them in order. */
    private static void writeFiles(Path folder, int... numbers) throws IOException {
        for (int number : numbers) {
            var file = Files.writeString(folder.resolve("lines-%d.txt".formatted(number)), FILES.get(number - 1));
            Files.setLastModifiedTime(file, FileTime.from(Instant.now().minusSeconds(100 - number)));
        }
    }

    private static Dataset<Row> linesOf(Path folder) {
        return TestSpark.session().readStream().option("maxFilesPerTrigger", 1).text(folder.toString());
    }

    private String location(String name) {
        return work.resolve(name).toString();
    }

    /**
     * What each trigger emitted, as sorted "word=count" strings. A trigger id delivered a second time (a query that
     * read its input again from the start) is noted, not overwritten: {@link #replays()}.
     */
    private static final class Emitted implements RecoverableQuery.TotalsSink {
        private final Map<Long, List<String>> byTrigger = new ConcurrentSkipListMap<>();
        private final List<String> replays = new CopyOnWriteArrayList<>();

        @Override
        public void accept(long batchId, List<Row> totals) {
            if (!totals.isEmpty()) {
                var rows = totals.stream().map(row -> row.get(0) + "=" + row.get(1)).sorted().toList();
                var before = byTrigger.putIfAbsent(batchId, rows);
                if (before != null) {
                    replays.add("trigger %d came out twice: %s, then %s".formatted(batchId, before, rows));
                }
            }
        }

        Map<Long, List<String>> byTrigger() {
            return new TreeMap<>(byTrigger);
        }

        List<String> replays() {
            return List.copyOf(replays);
        }
    }

    /** A query started by the student's {@code start}, stopped at the end of the try block. */
    private static final class Running implements AutoCloseable {
        private final StreamingQuery query;

        Running(Dataset<Row> totals, String checkpoint, RecoverableQuery.TotalsSink sink) throws TimeoutException {
            this.query = RecoverableQuery.start(totals, checkpoint, sink);
        }

        void processAllAvailable() {
            query.processAllAvailable();
        }

        @Override
        public void close() throws TimeoutException {
            query.stop();
        }
    }

    /** What {@code call} threw; a step not written yet fails the test as "not done", not as a wrong exception. */
    private static Throwable thrownBy(ThrowingCallable call) {
        var thrown = catchThrowable(call);
        if (thrown instanceof NotDoneYet notDone) {
            throw notDone;
        }
        return thrown;
    }
}
