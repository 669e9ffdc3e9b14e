package dev.streaminglabs.lab05;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

import org.apache.spark.api.java.function.Function0;
import org.apache.spark.streaming.Durations;
import org.apache.spark.streaming.Time;
import org.apache.spark.streaming.api.java.JavaStreamingContext;
import org.apache.spark.streaming.scheduler.StreamingListener;
import org.apache.spark.streaming.scheduler.StreamingListenerBatchCompleted;
import scala.Tuple2;

import dev.streaminglabs.common.streaming.ReplayableInputDStream.Folder;
import dev.streaminglabs.testkit.Batch;
import dev.streaminglabs.testkit.CollectedStream;
import dev.streaminglabs.testkit.StreamingRun;
import dev.streaminglabs.testkit.TestSpark;

/**
 * Step 4's recovery drill, wherever the checkpoint lives (a local folder, HDFS): the app of {@link RecoverableStream}
 * over five batches of input, one a second; runs that end by stopping the context at once, as a crash would; the
 * running totals of every batch; and how many contexts the factory built (once for a new app, never for a recovery).
 */
final class RecoveryDrill implements AutoCloseable {

    private final Folder input;
    private final String checkpoint;
    private final AtomicInteger contextsCreated = new AtomicInteger();
    private final AtomicReference<CollectedStream<Tuple2<String, Long>>> totals = new AtomicReference<>();

    /** Five batches of input in {@code inputFolder}; the app checkpoints to {@code checkpoint}. */
    RecoveryDrill(Path inputFolder, String checkpoint) {
        this.input = new Folder(inputFolder);
        this.checkpoint = checkpoint;
        input.write(1, "spark streaming");
        input.write(2, "spark");
        input.write(3, "streaming spark");
        input.write(4, "spark");
        input.write(5, "checkpoint");
    }

    String checkpoint() {
        return checkpoint;
    }

    /** How many times getOrCreate called the factory. */
    int contextsCreated() {
        return contextsCreated.get();
    }

    /** Recovers (or creates) the app, runs {@code count} new batches, stops; returns the batches that ran, in s. */
    List<Integer> runBatches(int count) {
        return run(run -> run.runBatches(count));
    }

    /** The same, running batches until the one at {@code lastBatch} s. */
    List<Integer> runBatchesUntil(int lastBatch) {
        return run(run -> {
            Time time;
            do {
                time = run.nextBatch();
            } while (time.milliseconds() < lastBatch * 1000L);
        });
    }

    private List<Integer> run(Consumer<StreamingRun> batches) {
        var ran = new CopyOnWriteArrayList<Integer>();
        var context = RecoverableStream.recoverOrCreate(checkpoint, factory());
        context.addStreamingListener(new BatchTimes(ran));
        try (var run = StreamingRun.start(context)) { // closing it stops the context at once, as a crash would
            batches.accept(run);
        }
        return ran;
    }

    /** The factory of the app, checkpointing to the drill's checkpoint. */
    Function0<JavaStreamingContext> factory() {
        return factoryFor(checkpoint);
    }

    /** The factory of the app, checkpointing to {@code directory}. */
    Function0<JavaStreamingContext> factoryFor(String directory) {
        // Everything here runs on the driver when getOrCreate finds no checkpoint; only what createContext puts in the
        // DStream graph is checkpointed, so nothing of this drill is: the lambda takes locals, not the drill.
        var folder = input;
        var created = contextsCreated;
        var collected = totals;
        return () -> {
            created.incrementAndGet();
            return RecoverableStream.createContext(TestSpark.context(), Durations.seconds(1), directory, folder,
                    runningTotals -> collected.set(CollectedStream.of(runningTotals.toJavaDStream())));
        };
    }

    /** The running totals the batch at {@code second} s gave. */
    Batch<Tuple2<String, Long>> batchAt(int second) {
        var time = new Time(second * 1000L);
        return new Batch<>(second, time, totals.get().recordsAt(time));
    }

    @Override
    public void close() {
        if (totals.get() != null) {
            totals.get().close();
        }
    }

    /** Notes the time of every completed batch, in seconds. */
    private record BatchTimes(List<Integer> seconds) implements StreamingListener {
        @Override
        public void onBatchCompleted(StreamingListenerBatchCompleted event) {
            seconds.add((int) (event.batchInfo().batchTime().milliseconds() / 1000));
        }
    }
}
