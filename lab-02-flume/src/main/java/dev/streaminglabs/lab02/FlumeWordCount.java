package dev.streaminglabs.lab02;

import java.util.function.Consumer;

import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.api.java.function.Function0;
import org.apache.spark.storage.StorageLevel;
import org.apache.spark.streaming.Duration;
import org.apache.spark.streaming.api.java.JavaPairDStream;
import org.apache.spark.streaming.api.java.JavaStreamingContext;

import dev.streaminglabs.common.NotDoneYet;
import dev.streaminglabs.lab02.FlumeBatchHandler.Delivery;

/**
 * Step 5 — the app, made to survive a driver restart: a Flume agent tails a log file and pushes its lines to the
 * job of step 4 through a reliable receiver, with the write-ahead log on and a checkpoint to recover from.
 *
 * <pre>
 * ./mvnw -q -pl lab-02-flume -am compile exec:exec
 * ./mvnw -q -pl lab-02-flume -am compile exec:exec -Dargs="--batches 15 --dir target/flume-demo"
 * </pre>
 *
 * Options: {@code --batches N} run N batches then stop (default 8, the 15 s of the course's demo; a clean stop adds
 * two or three); {@code --batch-ms MS} the batch interval (default 2000); {@code --rate N} log lines written per
 * second (default 20); {@code --dir DIR} where the demo writes: the log file, the agent's configuration, each
 * batch's counts ({@code DIR/counts}) and the checkpoint ({@code DIR/checkpoint}), recovered from if it holds one
 * (default: a new temporary folder, deleted at the end); {@code --port P} the receiver's port (default 0: any free
 * one); {@code --ui} keep the Spark UI on.
 */
public final class FlumeWordCount {

    /** The setting that makes every receiver write what it stores to a write-ahead log in the checkpoint folder. */
    public static final String RECEIVER_WAL = "spark.streaming.receiver.writeAheadLog.enable";

    private FlumeWordCount() {
    }

    /**
     * Turns the receivers' write-ahead log on in {@code conf}: each block a receiver stores is also written to a log
     * file under the checkpoint folder before {@code store} returns, and the driver logs which blocks it received and
     * which batch they went to. After a driver restart, both logs bring back the data that was received but not yet
     * processed.
     */
    public static SparkConf withWriteAheadLog(SparkConf conf) {
        // TODO Step 5a: turn RECEIVER_WAL on.
        throw new NotDoneYet("lab-02-flume", 5, "turn the write-ahead log on");
    }

    /**
     * A new streaming context that runs the word count of step 4 over a reliable Flume receiver and checkpoints to
     * {@code checkpointDirectory}. With the write-ahead log, a second in-memory copy of each block is useless: the
     * receiver keeps one serialized copy, spilled to disk when memory runs short.
     *
     * @param host   the address the receiver listens on: 127.0.0.1, or one of the network's for an agent elsewhere
     * @param port   the receiver's port, 0 for any free one
     * @param output what to do with the counts: the output operations (save, print, collect…)
     */
    public static JavaStreamingContext createContext(JavaSparkContext spark, Duration batchInterval,
            String checkpointDirectory, String host, int port, Consumer<JavaPairDStream<String, Long>> output) {
        // TODO Step 5b: a context on `spark` that checkpoints to the folder; a reliable FlumeReceiver on host:port
        //  keeping one serialized copy of each block; the word counts of step 4 handed to `output`.
        throw new NotDoneYet("lab-02-flume", 5, "build a context that can be recovered");
    }

    /**
     * The context saved in {@code checkpointDirectory}, with its DStream graph, its pending batches and (with the
     * write-ahead log) the data received but not processed yet; or, if there is no checkpoint there, the new one that
     * {@code factory} builds (with {@link #createContext}).
     */
    public static JavaStreamingContext recoverOrCreate(String checkpointDirectory,
            Function0<JavaStreamingContext> factory) {
        // TODO Step 5c: recover the context from the checkpoint folder, or create it with the factory.
        throw new NotDoneYet("lab-02-flume", 5, "recover from the checkpoint, or create");
    }

    /** The demo: see {@link FlumeDemo}, in {@code src/given/java} (the lab gives it; nothing to fill in). */
    public static void main(String[] args) throws Exception {
        FlumeDemo.main(args);
    }
}
