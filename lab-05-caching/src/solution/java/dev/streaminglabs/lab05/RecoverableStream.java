package dev.streaminglabs.lab05;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Consumer;

import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.api.java.function.Function0;
import org.apache.spark.streaming.Duration;
import org.apache.spark.streaming.api.java.JavaPairDStream;
import org.apache.spark.streaming.api.java.JavaStreamingContext;

import dev.streaminglabs.common.streaming.ReplayableInputDStream;
import dev.streaminglabs.common.streaming.ReplayableInputDStream.Folder;

/**
 * Step 4b — a stream that survives a stop: recover its context from the checkpoint.
 *
 * <p>With {@code checkpoint(dir)}, a streaming context writes at every batch the metadata it needs to start again:
 * its whole DStream graph (so every function in it must be serializable), the batches not yet done, and the state
 * RDDs' checkpoint files. {@code JavaStreamingContext.getOrCreate(dir, factory)} reads that metadata back if there is
 * some, and calls the factory to build a new context only if there is none: the factory must build the whole app,
 * checkpointing included, because on a recovery it is not called at all.
 *
 * <pre>
 * ./mvnw -q -pl lab-05-caching -am compile exec:exec                       # lineage, then stop and recover
 * ./mvnw -q -pl lab-05-caching -am compile exec:exec -Dargs="--ui"         # Spark UI on http://127.0.0.1:4040
 * </pre>
 *
 * Its options ({@code --help} lists them) are declared in {@link RecoverableStreamDemo#OPTIONS}, in
 * {@code src/given/java}.
 */
public final class RecoverableStream {

    private RecoverableStream() {
    }

    /**
     * Builds the whole app on a new streaming context: checkpointing in {@code checkpointDirectory}, the lines of
     * {@code input}, their running totals (step 4a), handed to {@code output} to add its output operation.
     */
    public static JavaStreamingContext createContext(JavaSparkContext spark, Duration batchInterval,
            String checkpointDirectory, Folder input, Consumer<JavaPairDStream<String, Long>> output) {
        var context = new JavaStreamingContext(spark, batchInterval);
        context.checkpoint(checkpointDirectory);
        var lines = ReplayableInputDStream.create(context, input);
        output.accept(RunningTotals.runningTotals(lines));
        return context;
    }

    /**
     * The streaming context saved in {@code checkpointDirectory} if there is one, else the one {@code factory} builds.
     * A directory that cannot be written is refused at once, with a clear message.
     */
    public static JavaStreamingContext recoverOrCreate(String checkpointDirectory,
            Function0<JavaStreamingContext> factory) {
        CheckpointDirectory.requireWritable(checkpointDirectory);
        return JavaStreamingContext.getOrCreate(checkpointDirectory, factory);
    }

    /** Checks a local checkpoint directory before Spark uses it: Spark itself only logs failed checkpoint writes. */
    public static final class CheckpointDirectory {

        private CheckpointDirectory() {
        }

        /**
         * Creates the directory if needed and checks that it can be written.
         *
         * @throws IllegalArgumentException naming the directory and the reason, if it cannot be used
         */
        public static void requireWritable(String directory) {
            if (directory.contains("://") && !directory.startsWith("file:")) {
                return; // HDFS, S3…: their own client says what is wrong.
            }
            var path = Path.of(directory.replaceFirst("^file:(//)?", ""));
            try {
                Files.createDirectories(path);
                var probe = Files.createTempFile(path, ".write-check", ".tmp");
                Files.delete(probe);
            } catch (IOException | SecurityException e) {
                throw new IllegalArgumentException("""
                        cannot use %s as a checkpoint directory: %s. Spark writes there at every batch and reads \
                        it back to recover: give a directory this program can create and write."""
                        .formatted(directory, e), e);
            }
        }
    }

    /** The demo: see {@link RecoverableStreamDemo}, in {@code src/given/java} (the lab gives it; nothing to fill
     * in). */
    public static void main(String[] args) throws Exception {
        RecoverableStreamDemo.main(args);
    }
}
