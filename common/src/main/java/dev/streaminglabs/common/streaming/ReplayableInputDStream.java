package dev.streaminglabs.common.streaming;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.rdd.RDD;
import org.apache.spark.streaming.StreamingContext;
import org.apache.spark.streaming.Time;
import org.apache.spark.streaming.api.java.JavaDStream;
import org.apache.spark.streaming.api.java.JavaStreamingContext;
import org.apache.spark.streaming.dstream.InputDStream;
import org.apache.spark.streaming.scheduler.StreamInputInfo;
import scala.Option;
import scala.reflect.ClassTag$;

/**
 * A stream of text lines that can be replayed after a restart from a checkpoint, which {@code queueStream} cannot.
 *
 * <p>Its data lives in a folder, one file per batch: the batch number {@code n} (1 for the first batch after the
 * stream's start) reads {@code batch-000n.txt}, or nothing if the file is not there. A batch is computed from its
 * time alone, so when Spark recovers a context from its checkpoint and re-runs a batch, the batch reads the same
 * lines again — the way a replayable source (Kafka, files) lets Spark recover without loss.
 *
 * <pre>{@code
 * var input = new ReplayableInputDStream.Folder(tempDir);
 * input.write(1, "to be or not to be");               // what the first batch will read
 * JavaDStream<String> lines = ReplayableInputDStream.create(streamingContext, input);
 * }</pre>
 */
public final class ReplayableInputDStream extends InputDStream<String> {

    private final String folder;

    private ReplayableInputDStream(StreamingContext context, String folder) {
        super(context, ClassTag$.MODULE$.apply(String.class));
        this.folder = folder;
    }

    /** The stream of lines written in {@code input}, batch by batch. */
    public static JavaDStream<String> create(JavaStreamingContext context, Folder input) {
        var stream = new ReplayableInputDStream(context.ssc(), input.path().toString());
        return new JavaDStream<>(stream, ClassTag$.MODULE$.apply(String.class));
    }

    @Override
    public void start() {
        // Nothing to open: each batch reads its own file.
    }

    @Override
    public void stop() {
        // Nothing to close.
    }

    @Override
    public Option<RDD<String>> compute(Time validTime) {
        long batchNumber = validTime.minus(zeroTime()).milliseconds() / slideDuration().milliseconds();
        var lines = new Folder(Path.of(folder)).read(batchNumber);
        // Tell Spark how many records this batch read, for the Streaming UI and BatchInfo.numRecords().
        context().scheduler().inputInfoTracker().reportInfo(validTime,
                new StreamInputInfo(id(), lines.size(), scala.collection.immutable.Map$.MODULE$.empty()));
        var sparkContext = JavaSparkContext.fromSparkContext(context().sparkContext());
        return Option.apply(sparkContext.parallelize(lines, 2).rdd());
    }

    /** The folder a {@link ReplayableInputDStream} reads: one file of lines per batch number. */
    public record Folder(Path path) {

        /** Writes the lines that batch {@code batchNumber} will read (1 for the first batch). */
        public void write(long batchNumber, String... lines) {
            try {
                Files.createDirectories(path);
                var file = fileOf(batchNumber);
                var temporary = file.resolveSibling(file.getFileName() + ".tmp");
                // Written aside then moved, so that a batch never reads half a file.
                Files.write(temporary, List.of(lines), StandardCharsets.UTF_8);
                Files.move(temporary, file, java.nio.file.StandardCopyOption.ATOMIC_MOVE,
                        java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write the input of batch " + batchNumber, e);
            }
        }

        List<String> read(long batchNumber) {
            var file = fileOf(batchNumber);
            try {
                return Files.exists(file) ? Files.readAllLines(file, StandardCharsets.UTF_8) : List.of();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read the input of batch " + batchNumber, e);
            }
        }

        private Path fileOf(long batchNumber) {
            return path.resolve("batch-%04d.txt".formatted(batchNumber));
        }
    }
}
