package dev.streaminglabs.lab05;

import static dev.streaminglabs.testkit.StreamAssertions.assertCounts;
import static dev.streaminglabs.testkit.StreamAssertions.assertEmpty;
import static dev.streaminglabs.testkit.StreamingScenario.batch;
import static dev.streaminglabs.testkit.StreamingScenario.noLines;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.streaminglabs.common.NotDoneYet;
import dev.streaminglabs.testkit.LogCapture;
import dev.streaminglabs.testkit.StreamingScenario;
import dev.streaminglabs.testkit.TestSpark;

@Tag("step4")
@DisplayName("Step 4 — running totals that survive a restart from the checkpoint")
class Step4RecoveryTest {

    @TempDir
    Path work;

    private RecoveryDrill drill;

    @BeforeEach
    void fiveBatchesOfInput() {
        drill = new RecoveryDrill(work.resolve("input"), work.resolve("checkpoint").toString());
    }

    @AfterEach
    void forgetCollectedBatches() {
        drill.close();
    }

    @Test
    void totalsAddUpFromBatchToBatch() {
        var output = StreamingScenario.lines(
                        batch("spark streaming"),
                        batch("spark"),
                        batch("streaming spark spark"))
                .checkpointIn(work.resolve("scenario-checkpoint"))
                .runPairs(RunningTotals::runningTotals);

        assertCounts(output.batch(1), Map.of("spark", 1L, "streaming", 1L));
        assertCounts(output.batch(2), Map.of("spark", 2L, "streaming", 1L));
        assertCounts(output.batch(3), Map.of("spark", 4L, "streaming", 2L));
    }

    @Test
    void emptyBatchKeepsEveryTotal() {
        var output = StreamingScenario.lines(
                        noLines(),
                        batch("Spark, spark!"),
                        noLines())
                .checkpointIn(work.resolve("scenario-checkpoint"))
                .runPairs(RunningTotals::runningTotals);

        assertEmpty(output.batch(1));
        assertCounts(output.batch(2), Map.of("spark", 2L));
        assertThat(output.batch(3).records()).as("batch at 3 s (no line): the running totals. A word absent from a "
                + "batch keeps its total: its update function gets an empty list of new counts, and returns the "
                + "total it had (an empty Optional would remove the word from the state)").isNotEmpty();
        assertCounts(output.batch(3), Map.of("spark", 2L));
    }

    @Test
    void totalsContinueAfterARestartFromTheCheckpoint() {
        drill.runBatches(3); // the batches at 1, 2 and 3 s, then a stop, as a crash would do it
        drill.runBatches(2); // recovered from the checkpoint: the batches at 4 and 5 s

        assertThat(drill.contextsCreated()).as("contexts built by the factory: the restart must recover the first one from "
                + "the checkpoint, not build a new one").isEqualTo(1);
        assertCounts(drill.batchAt(3), Map.of("spark", 3L, "streaming", 2L));
        assertCounts(drill.batchAt(4), Map.of("spark", 4L, "streaming", 2L));
        assertCounts(drill.batchAt(5), Map.of("spark", 4L, "streaming", 2L, "checkpoint", 1L));
    }

    @Test
    void theBatchOfTheCheckpointRunsAgainAfterTheRestart() {
        drill.runBatches(3);

        var batchesAfterRestart = drill.runBatches(1);

        assertThat(batchesAfterRestart).as("batches that ran after the restart: the batch of the last checkpoint "
                + "(3 s) again, whose output may not have been delivered, then the new one").containsExactly(3, 4);
        assertCounts(drill.batchAt(4), Map.of("spark", 4L, "streaming", 2L));
    }

    @Test
    void checkpointFilesAreWrittenAtEveryBatch() throws IOException {
        drill.runBatches(3);

        assertThat(checkpointFiles()).as("checkpoint-<time> files in %s", drill.checkpoint())
                .contains("checkpoint-1000", "checkpoint-2000", "checkpoint-3000");
    }

    @Test
    void deletedLatestCheckpointFileFallsBackToTheOneBefore() throws IOException {
        drill.runBatches(3);
        for (var file : checkpointFiles()) {
            if (file.startsWith("checkpoint-3000")) {
                Files.delete(Path.of(drill.checkpoint(), file));
            }
        }

        var batchesAfterRestart = drill.runBatchesUntil(5);

        assertThat(batchesAfterRestart).as("batches after a restart from the checkpoint at 2 s").startsWith(2, 3);
        assertCounts(drill.batchAt(5), Map.of("spark", 4L, "streaming", 2L, "checkpoint", 1L));
    }

    @Test
    void corruptCheckpointIsAClearErrorNotAFreshStart() throws IOException {
        drill.runBatches(2);
        for (var file : checkpointFiles()) {
            Files.writeString(Path.of(drill.checkpoint(), file), "not a checkpoint");
        }

        try (var sparkSays = LogCapture.of("org.apache.spark.streaming.CheckpointReader")) {
            assertThat(thrownBy(() -> RecoverableStream.recoverOrCreate(drill.checkpoint(), drill.factory())))
                    .as("recovering from a checkpoint that cannot be read: an error, not new totals from zero")
                    .hasMessageContaining("checkpoint")
                    .hasMessageContaining(drill.checkpoint());
            // Before it gives up, Spark tries every checkpoint file, newest first, and logs each one it cannot read.
            assertThat(sparkSays.messages()).as("what Spark logged while reading the corrupt checkpoint files")
                    .anySatisfy(message -> assertThat(message).contains("Error reading checkpoint from file"));
        }
        assertThat(drill.contextsCreated()).as("contexts built by the factory").isEqualTo(1);
    }

    @Test
    void checkpointDirectoryThatCannotBeWrittenIsRefusedClearly() throws IOException {
        var notAFolder = Files.writeString(work.resolve("a-file"), "I am a file");
        var impossible = notAFolder.resolve("checkpoint").toString();

        var refusal = thrownBy(() -> TestSpark.stopStreaming(RecoverableStream.recoverOrCreate(impossible, drill.factory())));
        assertThat(refusal)
                .as("what recoverOrCreate threw for a checkpoint directory inside a file: nothing means the stream "
                        + "would run without a checkpoint, for Spark only logs the checkpoint writes that fail. "
                        + "Check the directory before anything starts (CheckpointDirectory.requireWritable)")
                .isNotNull()
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("cannot use " + impossible + " as a checkpoint directory");
        assertThat(drill.contextsCreated()).as("contexts built for an unusable directory").isEqualTo(0);
    }

    private List<String> checkpointFiles() throws IOException {
        try (Stream<Path> files = Files.list(Path.of(drill.checkpoint()))) {
            return files.map(file -> file.getFileName().toString())
                    .filter(name -> name.startsWith("checkpoint-")).sorted().toList();
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
