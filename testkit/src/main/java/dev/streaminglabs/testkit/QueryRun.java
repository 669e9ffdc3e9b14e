package dev.streaminglabs.testkit;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.streaming.OutputMode;
import org.apache.spark.sql.streaming.StreamingQuery;
import org.apache.spark.sql.streaming.StreamingQueryListener;
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

    /** How long {@link #processUntilRead} waits for input to be read before it fails the test. */
    private static final long READ_TIMEOUT_MS = TimeUnit.SECONDS.toMillis(60);

    private final String key;
    private final StreamingQuery query;
    private final List<String> columns;
    private final InputRowsRead inputRowsRead;
    private long seenUpTo = -1;

    private QueryRun(String key, StreamingQuery query, List<String> columns, InputRowsRead inputRowsRead) {
        this.key = key;
        this.query = query;
        this.columns = columns;
        this.inputRowsRead = inputRowsRead;
    }

    /** Starts {@code result} in {@code mode}, with no checkpoint location of its own. */
    public static QueryRun start(Dataset<Row> result, OutputMode mode) {
        return start(result, mode, null);
    }

    /** Starts {@code result} in {@code mode}, keeping its state in {@code checkpointLocation} (may be null). */
    public static QueryRun start(Dataset<Row> result, OutputMode mode, String checkpointLocation) {
        return start(result, mode, checkpointLocation, Map.of());
    }

    /**
     * Starts {@code result} with session settings of its own, such as the state store a stateful operator needs:
     * {@code Map.of("spark.sql.streaming.stateStore.providerClass", "...RocksDBStateStoreProvider")}.
     *
     * <p>A query copies its session's settings when it starts, so the settings are put on the shared session just for
     * the start and put back right after: the query keeps them for its whole life (and records them in its
     * checkpoint), the other tests of the JVM do not see them.
     */
    public static QueryRun start(Dataset<Row> result, OutputMode mode, String checkpointLocation,
                                 Map<String, String> querySettings) {
        var conf = result.sparkSession().conf();
        var previous = new HashMap<String, scala.Option<String>>();
        querySettings.forEach((name, value) -> {
            previous.put(name, conf.getOption(name));
            conf.set(name, value);
        });
        try {
            return startWithSessionSettings(result, mode, checkpointLocation);
        } finally {
            previous.forEach((name, value) -> {
                if (value.isDefined()) {
                    conf.set(name, value.get());
                } else {
                    conf.unset(name);
                }
            });
        }
    }

    private static QueryRun startWithSessionSettings(Dataset<Row> result, OutputMode mode, String checkpointLocation) {
        var key = DriverOutputs.open();
        var name = "test_" + key.replace("-", "_");
        var writer = result.writeStream()
                .outputMode(mode)
                .queryName(name)
                .foreachBatch((Dataset<Row> batch, Long batchId) -> DriverOutputs.put(key, batchId, batch.collectAsList()));
        if (checkpointLocation != null) {
            writer = writer.option("checkpointLocation", checkpointLocation);
        }
        var streams = result.sparkSession().streams();
        var inputRowsRead = new InputRowsRead(name);
        streams.addListener(inputRowsRead);
        try {
            return new QueryRun(key, writer.start(), Arrays.asList(result.columns()), inputRowsRead);
        } catch (TimeoutException e) {
            streams.removeListener(inputRowsRead);
            DriverOutputs.close(key);
            throw new IllegalStateException("the query did not start", e);
        } catch (RuntimeException refused) {   // an AnalysisException: Spark refused the query as written
            streams.removeListener(inputRowsRead);
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
        return emittedSinceLastCall(Long.MAX_VALUE);
    }

    /**
     * Waits until the query's triggers have read {@code inputRows} input rows in all (since it started), for a query
     * that is never idle, so that {@link #processAllAvailable()} would never return: a processing-time stateful
     * operator, for example, runs a batch after every batch, to fire its timers and expire its state.
     *
     * @return the rows emitted by the triggers since the last call, up to the one that read the last of those rows
     */
    public List<Row> processUntilRead(long inputRows) {
        var batchId = inputRowsRead.await(inputRows, query, READ_TIMEOUT_MS);
        if (batchId == null) {
            if (query.exception().isDefined()) {
                throw failure(query.exception().get());
            }
            throw new QueryFailed(query.isActive()
                    ? "the query read %d of the %d input rows within %d s".formatted(inputRowsRead.total(), inputRows,
                            READ_TIMEOUT_MS / 1000)
                    : "the query stopped after reading %d of the %d input rows".formatted(inputRowsRead.total(),
                            inputRows), null);
        }
        return emittedSinceLastCall(batchId);
    }

    private List<Row> emittedSinceLastCall(long upToBatchId) {
        var rows = new ArrayList<Row>();
        DriverOutputs.read(key).subMap(seenUpTo, false, upToBatchId, true).forEach((batchId, emitted) -> {
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
        query.sparkSession().streams().removeListener(inputRowsRead);
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

    /** Counts the input rows the query's triggers read, from its progress events; a test thread waits on it. */
    private static final class InputRowsRead extends StreamingQueryListener {
        private final String queryName;
        private long total;
        private long lastBatchId = -1;

        InputRowsRead(String queryName) {
            this.queryName = queryName;
        }

        @Override
        public void onQueryStarted(QueryStartedEvent event) {
        }

        @Override
        public synchronized void onQueryProgress(QueryProgressEvent event) {
            if (queryName.equals(event.progress().name())) {
                total += event.progress().numInputRows();
                lastBatchId = Math.max(lastBatchId, event.progress().batchId());
                notifyAll();
            }
        }

        @Override
        public synchronized void onQueryTerminated(QueryTerminatedEvent event) {
            notifyAll();   // the waiting thread sees that the query is no longer active
        }

        synchronized long total() {
            return total;
        }

        /** The id of the batch after which {@code rows} had been read; null if the query stopped or time ran out. */
        synchronized Long await(long rows, StreamingQuery query, long timeoutMs) {
            long deadline = System.currentTimeMillis() + timeoutMs;
            while (total < rows) {
                long left = deadline - System.currentTimeMillis();
                if (!query.isActive() || left <= 0) {
                    return null;
                }
                try {
                    wait(Math.min(left, 100));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted while waiting for the query", e);
                }
            }
            return lastBatchId;
        }
    }
}
