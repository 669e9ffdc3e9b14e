package dev.streaminglabs.testkit;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeoutException;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.streaming.OutputMode;
import org.apache.spark.sql.streaming.StreamingQuery;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionFactory;

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
 * Like the memory sink, it collects rows on the driver; unlike it, it keeps each trigger apart. When the query fails,
 * the test fails at once with the innermost cause (a primary-key violation, a function that cannot be serialized),
 * not with Spark's wrapper around it.
 */
public final class QueryRun implements AutoCloseable {

    private final String key;
    private final StreamingQuery query;
    private final List<String> columns;
    private long seenUpTo = -1;

    private QueryRun(String key, StreamingQuery query, List<String> columns) {
        this.key = key;
        this.query = query;
        this.columns = columns;
    }

    /** Starts {@code result} in {@code mode}, with no checkpoint location of its own. */
    public static QueryRun start(Dataset<Row> result, OutputMode mode) {
        return start(result, mode, null);
    }

    /** Starts {@code result} in {@code mode}, keeping its state in {@code checkpointLocation} (may be null). */
    public static QueryRun start(Dataset<Row> result, OutputMode mode, String checkpointLocation) {
        var key = DriverOutputs.open();
        var writer = result.writeStream()
                .outputMode(mode)
                .queryName("test_" + key.replace("-", "_"))
                .foreachBatch((Dataset<Row> batch, Long batchId) -> DriverOutputs.put(key, batchId, batch.collectAsList()));
        if (checkpointLocation != null) {
            writer = writer.option("checkpointLocation", checkpointLocation);
        }
        try {
            return new QueryRun(key, writer.start(), Arrays.asList(result.columns()));
        } catch (TimeoutException e) {
            throw new IllegalStateException("the query did not start", e);
        } catch (RuntimeException refused) {   // an AnalysisException: Spark refused the query as written
            DriverOutputs.close(key);
            throw refused;
        }
    }

    /**
     * Runs the query until it has processed all the input added so far.
     *
     * @return the rows emitted by the triggers that ran for that input, in trigger order
     * @throws NotDoneYet  when a trigger hit a skeleton's unfinished step
     * @throws QueryFailed when the query failed for another reason: the message holds the innermost cause
     */
    public List<Row> processAllAvailable() {
        try {
            query.processAllAvailable();
        } catch (Exception e) {   // Scala declares no checked exceptions: a StreamingQueryException arrives undeclared
            throw failure(e);
        }
        var rows = new ArrayList<Row>();
        DriverOutputs.read(key).tailMap(seenUpTo, false).forEach((batchId, emitted) -> {
            emitted.forEach(row -> rows.add((Row) row));
            seenUpTo = Math.max(seenUpTo, batchId);
        });
        return rows;
    }

    /**
     * Runs a query that the lab's own code started (its own sink: a database, a web socket) until it has processed
     * all the input added so far, and fails as {@link #processAllAvailable()} does: at once, with the innermost
     * cause, or with the step's "not done yet".
     */
    public static void processAllAvailable(StreamingQuery query) {
        try {
            query.processAllAvailable();
        } catch (Exception e) {   // a StreamingQueryException, undeclared
            throw failure(e);
        }
    }

    /**
     * Stops a query that the lab's own code started, and returns once every {@code StreamingQueryListener} has heard
     * that it stopped (Spark tells them on another thread): what a listener does then is done, or was forgotten.
     */
    public static void stop(StreamingQuery query) {
        try {
            query.stop();
            query.sparkSession().sparkContext().listenerBus().waitUntilEmpty();
        } catch (TimeoutException e) {
            throw new IllegalStateException("the query's listeners did not hear it stop within 10 s", e);
        }
    }

    /** Every trigger's emitted rows so far, by batch id. */
    public Map<Long, List<Row>> emittedByBatch() {
        var byBatch = new TreeMap<Long, List<Row>>();
        DriverOutputs.read(key).forEach((batchId, emitted) ->
                byBatch.put(batchId, emitted.stream().map(Row.class::cast).toList()));
        return byBatch;
    }

    /** The names of the result's columns, in order: what a helper checks before it reads a row by position. */
    public List<String> columns() {
        return columns;
    }

    public StreamingQuery query() {
        return query;
    }

    /**
     * Awaitility's {@code await()} for a query that runs on its own triggers (a real source, a processing-time
     * trigger): it gives up at once — with the query's own error — if the query stops while the test waits.
     */
    public ConditionFactory await() {
        return Awaitility.await()
                .atMost(Duration.ofSeconds(60))
                .failFast(() -> {
                    if (query.exception().isDefined()) {
                        throw failure(query.exception().get());
                    }
                    if (!query.isActive()) {
                        throw new QueryFailed("the query stopped while the test waited for it", null);
                    }
                });
    }

    private static RuntimeException failure(Throwable error) {
        var notDone = NotDoneYet.findIn(error);
        if (notDone != null) {
            return notDone;
        }
        return new QueryFailed("the query failed: " + SparkFailure.explain(error), error);
    }

    @Override
    public void close() {
        try {
            query.stop();
        } catch (TimeoutException e) {
            throw new IllegalStateException("the query did not stop", e);
        } finally {
            DriverOutputs.close(key);
        }
    }

    /** A query under test failed: the message says why, innermost cause first. */
    public static final class QueryFailed extends RuntimeException {
        QueryFailed(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
