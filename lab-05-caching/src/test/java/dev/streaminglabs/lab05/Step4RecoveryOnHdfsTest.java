package dev.streaminglabs.lab05;

import static dev.streaminglabs.testkit.StreamAssertions.assertCounts;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import org.apache.spark.api.java.function.Function0;
import org.apache.spark.streaming.Durations;
import org.apache.spark.streaming.Time;
import org.apache.spark.streaming.api.java.JavaStreamingContext;
import org.apache.spark.streaming.scheduler.StreamingListener;
import org.apache.spark.streaming.scheduler.StreamingListenerBatchCompleted;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import scala.Tuple2;

import dev.streaminglabs.common.streaming.ReplayableInputDStream.Folder;
import dev.streaminglabs.testkit.Batch;
import dev.streaminglabs.testkit.CollectedStream;
import dev.streaminglabs.testkit.StepWritten;
import dev.streaminglabs.testkit.StreamingRun;
import dev.streaminglabs.testkit.TestSpark;
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

    private Folder input;
    private String checkpoint;
    private final AtomicInteger contextsCreated = new AtomicInteger();
    private final AtomicReference<CollectedStream<Tuple2<String, Long>>> totals = new AtomicReference<>();

    @BeforeEach
    void fiveBatchesOfInputAndACheckpointOnHdfs() {
        // Before the test HDFS starts: a step not written yet fails as "not done", at no cost.
        StepWritten.orNotDoneYet(() -> RunningTotals.runningTotals(null));
        StepWritten.orNotDoneYet(() -> RecoverableStream.createContext(null, null, null, null, null));
        StepWritten.orNotDoneYet(() -> RecoverableStream.recoverOrCreate(null, null));
        input = new Folder(work.resolve("input"));
        input.write(1, "spark streaming");
        input.write(2, "spark");
        input.write(3, "streaming spark");
        input.write(4, "spark");
        input.write(5, "checkpoint");
        checkpoint = TestHdfs.cluster().newFolder("checkpoint");
    }

    @AfterEach
    void forgetCollectedBatches() {
        if (totals.get() != null) {
            totals.get().close();
        }
    }

    @Test
    void totalsContinueAfterARestartFromACheckpointOnHdfs() {
        runBatches(3); // the batches at 1, 2 and 3 s, then a stop, as a crash would do it
        runBatches(2); // a new driver recovers the context from HDFS: the batches at 4 and 5 s

        assertThat(contextsCreated).as("contexts built by the factory: the restart must recover the first one from "
                + "the checkpoint on HDFS (%s), not build a new one", checkpoint).hasValue(1);
        assertCounts(batchAt(3), Map.of("spark", 3L, "streaming", 2L));
        assertCounts(batchAt(4), Map.of("spark", 4L, "streaming", 2L));
        assertCounts(batchAt(5), Map.of("spark", 4L, "streaming", 2L, "checkpoint", 1L));
    }

    @Test
    void theCheckpointFilesAreOnHdfs() throws IOException {
        runBatches(3);

        var names = Arrays.stream(TestHdfs.cluster().fileSystem().listStatus(new org.apache.hadoop.fs.Path(checkpoint)))
                .map(status -> status.getPath().getName()).toList();
        assertThat(names).as("checkpoint-<time> files in %s", checkpoint)
                .contains("checkpoint-1000", "checkpoint-2000", "checkpoint-3000");
    }

    @Test
    void aCheckpointOnAnUnreachableNameNodeIsAClearErrorNotAHang() {
        var nowhere = TestHdfs.unreachableUri("/app/checkpoint");

        var thrown = catchThrowable(() -> RecoverableStream.recoverOrCreate(nowhere, factoryFor(nowhere)));

        assertThat(thrown).as("recovering from a checkpoint on a NameNode that does not answer (%s): an error that "
                + "says so, within seconds", nowhere).isNotNull().hasMessageContaining("Connection refused");
        assertThat(contextsCreated).as("contexts built while the checkpoint could not be read").hasValue(0);
    }

    /** Recovers (or creates) the app, runs {@code count} new batches, stops; returns the batches that ran, in s. */
    private List<Integer> runBatches(int count) {
        var ran = new CopyOnWriteArrayList<Integer>();
        var context = RecoverableStream.recoverOrCreate(checkpoint, factoryFor(checkpoint));
        context.addStreamingListener(new BatchTimes(ran));
        try (var run = StreamingRun.start(context)) { // closing it stops the context at once, as a crash would
            run.runBatches(count);
        }
        return ran;
    }

    private Function0<JavaStreamingContext> factoryFor(String directory) {
        var folder = input;
        var created = contextsCreated;
        var collected = totals;
        return () -> {
            created.incrementAndGet();
            return RecoverableStream.createContext(TestSpark.context(), Durations.seconds(1), directory, folder,
                    runningTotals -> collected.set(CollectedStream.of(runningTotals.toJavaDStream())));
        };
    }

    private Batch<Tuple2<String, Long>> batchAt(int second) {
        var time = new Time(second * 1000L);
        return new Batch<>(second, time, totals.get().recordsAt(time));
    }

    /** Notes the time of every completed batch, in seconds. */
    private static final class BatchTimes implements StreamingListener {
        private final List<Integer> seconds;

        BatchTimes(List<Integer> seconds) {
            this.seconds = seconds;
        }

        @Override
        public void onBatchCompleted(StreamingListenerBatchCompleted event) {
            seconds.add((int) (event.batchInfo().batchTime().milliseconds() / 1000));
        }
    }
}
