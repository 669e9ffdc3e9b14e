package dev.streaminglabs.testkit;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.TimeoutException;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.streaming.OutputMode;
import org.apache.spark.sql.streaming.StreamingQuery;
import org.apache.spark.sql.streaming.StreamingQueryException;

import dev.streaminglabs.common.NotDoneYet;

/**
 * A Structured Streaming query under test: started on a streaming Dataset in a given output mode, it keeps what
 * every trigger emitted, so a test can say "after this input, the query emitted these rows".
 *
 * <pre>{@code
 * var lines = TestSpark.memoryInput(Encoders.STRING());
 * try (var query = QueryRun.start(WordCount.countWords(lines.toDF()), OutputMode.Update())) {
 *     lines.add("to be or not to be");
 *     List<Row> emitted = query.processAllAvailable();   // what the triggers for that input emitted
 * }
 * }</pre>
 *
 * Like the memory sink, it collects rows on the driver; unlike it, it keeps each trigger apart.
 */
public final class QueryRun implements AutoCloseable {

    private static final Map<String, ConcurrentSkipListMap<Long, List<Row>>> EMITTED = new ConcurrentHashMap<>();

    private final String key;
    private final StreamingQuery query;
    private long seenUpTo = -1;

    private QueryRun(String key, StreamingQuery query) {
        this.key = key;
        this.query = query;
    }

    /** Starts {@code result} in {@code mode}, with no checkpoint location of its own. */
    public static QueryRun start(Dataset<Row> result, OutputMode mode) {
        return start(result, mode, null);
    }

    /** Starts {@code result} in {@code mode}, keeping its state in {@code checkpointLocation} (may be null). */
    public static QueryRun start(Dataset<Row> result, OutputMode mode, String checkpointLocation) {
        var key = UUID.randomUUID().toString();
        EMITTED.put(key, new ConcurrentSkipListMap<>());
        var writer = result.writeStream()
                .outputMode(mode)
                .queryName("test_" + key.replace("-", "_"))
                .foreachBatch((Dataset<Row> batch, Long batchId) -> keep(key, batchId, batch.collectAsList()));
        if (checkpointLocation != null) {
            writer = writer.option("checkpointLocation", checkpointLocation);
        }
        try {
            return new QueryRun(key, writer.start());
        } catch (TimeoutException e) {
            throw new IllegalStateException("the query did not start", e);
        }
    }

    private static void keep(String key, long batchId, List<Row> rows) {
        var batches = EMITTED.get(key);
        if (batches != null) {
            batches.put(batchId, List.copyOf(rows));
        }
    }

    /**
     * Runs the query until it has processed all the input added so far.
     *
     * @return the rows emitted by the triggers that ran for that input, in trigger order
     */
    public List<Row> processAllAvailable() {
        try {
            query.processAllAvailable();
        } catch (Exception e) {
            // Scala declares no checked exceptions: a StreamingQueryException arrives undeclared.
            var notDone = NotDoneYet.findIn(e);
            if (notDone != null) {
                throw notDone;
            }
            var why = e instanceof StreamingQueryException failed ? failed.message() : e.toString();
            throw new IllegalStateException("the query failed: " + why, e);
        }
        var rows = new ArrayList<Row>();
        EMITTED.get(key).tailMap(seenUpTo, false).forEach((batchId, emitted) -> {
            rows.addAll(emitted);
            seenUpTo = Math.max(seenUpTo, batchId);
        });
        return rows;
    }

    /** Every trigger's emitted rows so far, by batch id. */
    public Map<Long, List<Row>> emittedByBatch() {
        return Map.copyOf(EMITTED.get(key));
    }

    public StreamingQuery query() {
        return query;
    }

    @Override
    public void close() {
        try {
            query.stop();
        } catch (TimeoutException e) {
            throw new IllegalStateException("the query did not stop", e);
        } finally {
            EMITTED.remove(key);
        }
    }
}
