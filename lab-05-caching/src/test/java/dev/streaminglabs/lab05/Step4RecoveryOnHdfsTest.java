package dev.streaminglabs.lab05;

import static dev.streaminglabs.testkit.StreamAssertions.assertCounts;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.streaminglabs.testkit.StepWritten;
import dev.streaminglabs.testkit.hdfs.TestHdfs;

/**
 * The recovery drill with the checkpoint where a real application keeps it: on HDFS, which outlives the driver's
 * machine. The driver stops (as a crash would stop it), a new one recovers the context from HDFS and carries on.
 */
@Tag("step4")
@DisplayName("Step 4 — running totals that survive a restart from the checkpoint")
class Step4RecoveryOnHdfsTest {

    @TempDir
    Path work;

    private RecoveryDrill drill;

    @BeforeEach
    void fiveBatchesOfInputAndACheckpointOnHdfs() {
        // Before the test HDFS starts: a step not written yet fails as "not done", at no cost.
        StepWritten.orNotDoneYet(() -> RunningTotals.runningTotals(null));
        StepWritten.orNotDoneYet(() -> RecoverableStream.createContext(null, null, null, null, null));
        StepWritten.orNotDoneYet(() -> RecoverableStream.recoverOrCreate(null, null));
        drill = new RecoveryDrill(work.resolve("input"), TestHdfs.cluster().newFolder("checkpoint"));
    }

    @AfterEach
    void forgetCollectedBatches() {
        drill.close();
    }

    @Test
    void totalsContinueAfterARestartFromACheckpointOnHdfs() {
        drill.runBatches(3); // the batches at 1, 2 and 3 s, then a stop, as a crash would do it
        drill.runBatches(2); // a new driver recovers the context from HDFS: the batches at 4 and 5 s

        assertThat(drill.contextsCreated()).as("contexts built by the factory: the restart must recover the first one from "
                + "the checkpoint on HDFS (%s), not build a new one", drill.checkpoint()).isEqualTo(1);
        assertCounts(drill.batchAt(3), Map.of("spark", 3L, "streaming", 2L));
        assertCounts(drill.batchAt(4), Map.of("spark", 4L, "streaming", 2L));
        assertCounts(drill.batchAt(5), Map.of("spark", 4L, "streaming", 2L, "checkpoint", 1L));
    }

    @Test
    void theCheckpointFilesAreOnHdfs() throws IOException {
        drill.runBatches(3);

        var names = Arrays.stream(TestHdfs.cluster().fileSystem().listStatus(new org.apache.hadoop.fs.Path(drill.checkpoint())))
                .map(status -> status.getPath().getName()).toList();
        assertThat(names).as("checkpoint-<time> files in %s", drill.checkpoint())
                .contains("checkpoint-1000", "checkpoint-2000", "checkpoint-3000");
    }

    @Test
    void aCheckpointOnAnUnreachableNameNodeIsAClearErrorNotAHang() {
        var nowhere = TestHdfs.unreachableUri("/app/checkpoint");

        var thrown = catchThrowable(() -> RecoverableStream.recoverOrCreate(nowhere, drill.factoryFor(nowhere)));

        assertThat(thrown).as("recovering from a checkpoint on a NameNode that does not answer (%s): an error that "
                + "says so, within seconds", nowhere).isNotNull().hasMessageContaining("Connection refused");
        assertThat(drill.contextsCreated()).as("contexts built while the checkpoint could not be read").isEqualTo(0);
    }
}
