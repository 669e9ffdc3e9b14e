package dev.streaminglabs.testkit;

import java.util.ArrayList;
import java.util.List;

import org.apache.spark.streaming.Time;
import org.apache.spark.streaming.api.java.JavaDStream;

/**
 * Keeps what a DStream held in each batch, on the driver, for a test to read.
 *
 * <pre>{@code
 * try (var output = CollectedStream.of(counts.toJavaDStream());
 *      var run = StreamingRun.start(streamingContext)) {
 *     var time = run.nextBatch();
 *     List<Tuple2<String, Long>> firstBatch = output.recordsAt(time);
 * }
 * }</pre>
 *
 * The output operation it adds captures only a key (a string), never the collected data, so the DStream graph stays
 * serializable when a test turns checkpointing on.
 */
public final class CollectedStream<R> implements AutoCloseable {

    private final String key;

    private CollectedStream(String key) {
        this.key = key;
    }

    /** Adds an output operation to {@code stream} that keeps every batch. Call it before the context starts. */
    public static <R> CollectedStream<R> of(JavaDStream<R> stream) {
        var key = DriverOutputs.open();
        stream.foreachRDD((rdd, time) -> DriverOutputs.put(key, time.milliseconds(), rdd.collect()));
        return new CollectedStream<>(key);
    }

    /** The records of the batch at {@code time}; empty if that batch produced no RDD. */
    @SuppressWarnings("unchecked")
    public List<R> recordsAt(Time time) {
        var records = DriverOutputs.read(key).get(time.milliseconds());
        return records == null ? List.of() : (List<R>) records;
    }

    /** Every record of every batch so far, in batch order. */
    @SuppressWarnings("unchecked")
    public List<R> allRecords() {
        var all = new ArrayList<R>();
        DriverOutputs.read(key).values().forEach(batch -> all.addAll((List<R>) batch));
        return all;
    }

    @Override
    public void close() {
        DriverOutputs.close(key);
    }
}
