package dev.streaminglabs.testkit;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedList;
import java.util.List;
import java.util.Queue;
import java.util.function.BiFunction;
import java.util.function.Consumer;
import java.util.function.Function;

import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.streaming.Duration;
import org.apache.spark.streaming.Durations;
import org.apache.spark.streaming.StreamingContextState;
import org.apache.spark.streaming.api.java.JavaDStream;
import org.apache.spark.streaming.api.java.JavaPairDStream;
import org.apache.spark.streaming.api.java.JavaStreamingContext;
import scala.Tuple2;

/**
 * "These batches in, through this pipeline: what comes out of each batch?" — a DStream test in one expression.
 *
 * <pre>{@code
 * var counts = StreamingScenario.lines(
 *                 batch("to be or not to be"),
 *                 noLines(),
 *                 batch("Be quick"))
 *         .runPairs(WordCount::countWords);
 *
 * assertCounts(counts.batch(1), Map.of("to", 2L, "be", 2L, "or", 1L, "not", 1L));
 * }</pre>
 *
 * The input is a {@code queueStream} that hands one batch to each batch interval; time is Spark's manual clock,
 * moved one interval per batch by the harness. Nothing sleeps.
 *
 * <p>A pipeline that combines two streams (union, join, cogroup) gets a second input with {@link #and(List)}:
 *
 * <pre>{@code
 * var joined = StreamingScenario.lines(batch("a1", "a2"), batch("a3"))      // impressions
 *         .and(List.of(batch("a1"), batch("a2")))                          // clicks
 *         .runPairs((impressions, clicks) -> ...);
 * }</pre>
 */
public final class StreamingScenario<T> {

    private final List<List<T>> inputBatches;
    private Duration batchInterval = Durations.seconds(1);
    private int extraBatches;
    private Path checkpointDirectory;

    private StreamingScenario(List<List<T>> inputBatches) {
        this.inputBatches = List.copyOf(inputBatches);
    }

    /** A stream of text lines, one list per batch. */
    @SafeVarargs
    public static StreamingScenario<String> lines(List<String>... batches) {
        return new StreamingScenario<>(List.of(batches));
    }

    /** A stream of any records, one list per batch. */
    public static <T> StreamingScenario<T> of(List<List<T>> batches) {
        return new StreamingScenario<>(batches);
    }

    /** One batch of lines, for readable tests: {@code batch("a line", "another line")}. */
    public static List<String> batch(String... lines) {
        return List.of(lines);
    }

    /** A batch interval in which nothing arrived. */
    public static List<String> noLines() {
        return List.of();
    }

    /** One second unless said otherwise. */
    public StreamingScenario<T> batchInterval(Duration interval) {
        this.batchInterval = interval;
        return this;
    }

    /** Runs this many more (empty) batches after the input: to watch windows slide past the data, for example. */
    public StreamingScenario<T> thenEmptyBatches(int count) {
        this.extraBatches = count;
        return this;
    }

    /** Turns on checkpointing (stateful and inverse-window operations need it). */
    public StreamingScenario<T> checkpointIn(Path directory) {
        this.checkpointDirectory = directory;
        return this;
    }

    /**
     * Turns a stream of pairs into a pair DStream. Use it to feed a step with pairs directly: it gives the pairs
     * their real type at runtime, which {@code JavaPairDStream.fromJavaDStream} does not (and then {@code
     * collectAsMap} fails with a ClassCastException).
     */
    public static <K, V> JavaPairDStream<K, V> asPairs(JavaDStream<Tuple2<K, V>> stream) {
        return stream.transformToPair(batch -> batch.mapToPair(pair -> pair));
    }

    /**
     * A second input stream on the same streaming context, one list per batch: its batch N arrives in the same batch
     * interval as the first stream's batch N. The streams may have different lengths (the shorter one then delivers
     * empty batches); the settings of this scenario (batch interval, empty batches, checkpoint) apply to both.
     */
    public <U> TwoStreams<U> and(List<List<U>> secondBatches) {
        return new TwoStreams<>(secondBatches);
    }

    /** Two input streams, batch by batch, for a pipeline that combines them. Made by {@link #and(List)}. */
    public final class TwoStreams<U> {

        private final List<List<U>> secondBatches;

        private TwoStreams(List<List<U>> secondBatches) {
            this.secondBatches = List.copyOf(secondBatches);
        }

        /** Runs the pipeline over every batch and returns what its output DStream held, batch by batch. */
        public <R> BatchOutputs<R> run(BiFunction<JavaDStream<T>, JavaDStream<U>, JavaDStream<R>> pipeline) {
            var context = newContext();
            try {
                var output = pipeline.apply(inputOf(context, inputBatches), inputOf(context, secondBatches));
                if (output == null) {
                    throw new IllegalStateException("the pipeline returned null instead of a DStream");
                }
                try (var collected = CollectedStream.of(output)) {
                    return runAll(context, collected, Math.max(inputBatches.size(), secondBatches.size()));
                }
            } finally {
                stopIfRunning(context);
            }
        }

        /** Same as {@link #run}, for a pipeline that ends in key/value pairs, such as a join. */
        public <K, V> BatchOutputs<Tuple2<K, V>> runPairs(
                BiFunction<JavaDStream<T>, JavaDStream<U>, JavaPairDStream<K, V>> pipeline) {
            return run((first, second) -> {
                var pairs = pipeline.apply(first, second);
                if (pairs == null) {
                    throw new IllegalStateException("the pipeline returned null instead of a DStream");
                }
                return pairs.toJavaDStream();
            });
        }
    }

    /** Runs the pipeline over every batch and returns what its output DStream held, batch by batch. */
    public <R> BatchOutputs<R> run(Function<JavaDStream<T>, JavaDStream<R>> pipeline) {
        var context = newContext();
        try {
            var output = pipeline.apply(inputOf(context));
            if (output == null) {
                throw new IllegalStateException("the pipeline returned null instead of a DStream");
            }
            try (var collected = CollectedStream.of(output)) {
                return runAll(context, collected);
            }
        } finally {
            stopIfRunning(context);
        }
    }

    /** Same as {@link #run}, for a pipeline that ends in key/value pairs, such as word counts. */
    public <K, V> BatchOutputs<Tuple2<K, V>> runPairs(Function<JavaDStream<T>, JavaPairDStream<K, V>> pipeline) {
        return run(input -> {
            var pairs = pipeline.apply(input);
            if (pairs == null) {
                throw new IllegalStateException("the pipeline returned null instead of a DStream");
            }
            return pairs.toJavaDStream();
        });
    }

    /**
     * Runs a pipeline that brings its own output operation (foreachRDD, saveAsTextFiles…) over every batch.
     *
     * @return the number of batches that ran
     */
    public int runWithOwnOutput(Consumer<JavaDStream<T>> pipeline) {
        var context = newContext();
        try {
            pipeline.accept(inputOf(context));
            return runAll(context, (CollectedStream<Object>) null).size();
        } finally {
            stopIfRunning(context);
        }
    }

    private static void stopIfRunning(JavaStreamingContext context) {
        TestSpark.stopStreaming(context);
    }

    /** A streaming app under test: it builds its pipeline on the given input, starts the context and returns when done. */
    @FunctionalInterface
    public interface App<T, R> {
        /**
         * @param collect call it on the DStream whose batches the test wants to read (at most once, before starting)
         */
        void run(JavaStreamingContext context, JavaDStream<T> input, Consumer<JavaDStream<R>> collect) throws Exception;
    }

    /**
     * Runs an app that starts its own streaming context and blocks until it stops (as a {@code main} does), while the
     * test moves the clock one batch at a time, until the app returns.
     *
     * @param maxBatches the app fails the test if it has not returned after this many batches
     */
    public <R> AppRun<R> runApp(int maxBatches, App<T, R> app) {
        var context = newContext();
        return AppRunner.run(context, inputOf(context), batchInterval, maxBatches, app);
    }

    private JavaStreamingContext newContext() {
        var context = TestSpark.streamingContext(batchInterval);
        if (checkpointDirectory != null) {
            context.checkpoint(checkpointDirectory.toString());
        }
        return context;
    }

    private JavaDStream<T> inputOf(JavaStreamingContext context) {
        return inputOf(context, inputBatches);
    }

    private static <E> JavaDStream<E> inputOf(JavaStreamingContext context, List<List<E>> batches) {
        Queue<JavaRDD<E>> queue = new LinkedList<>();
        for (var records : batches) {
            queue.add(context.sparkContext().parallelize(records, 2));
        }
        var input = context.queueStream(queue, true);
        // Spark reports no "batch completed" for a batch without jobs (a window that slides slower than the batch
        // interval has none in between): a no-op output operation gives every batch one, so the test can wait for it.
        input.foreachRDD(batch -> { });
        return input;
    }

    private <R> BatchOutputs<R> runAll(JavaStreamingContext context, CollectedStream<R> collected) {
        return runAll(context, collected, inputBatches.size());
    }

    private <R> BatchOutputs<R> runAll(JavaStreamingContext context, CollectedStream<R> collected, int inputCount) {
        var batches = new ArrayList<Batch<R>>();
        try (var run = StreamingRun.start(context)) {
            for (int number = 1; number <= inputCount + extraBatches; number++) {
                var time = run.nextBatch();
                List<R> records = collected == null ? List.of() : collected.recordsAt(time);
                batches.add(new Batch<>(number, time, records));
            }
        }
        return new BatchOutputs<>(batches);
    }
}
