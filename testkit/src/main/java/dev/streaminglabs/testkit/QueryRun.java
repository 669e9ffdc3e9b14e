package dev.streaminglabs.testkit;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.streaming.OutputMode;
import org.apache.spark.sql.streaming.StreamingQuery;
import org.apache.spark.sql.streaming.StreamingQueryException;
import org.apache.spark.sql.streaming.StreamingQueryListener;

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

    /** How long {@link #processUntilRead} waits for input to be read before it fails the test. */
    private static final long READ_TIMEOUT_MS = TimeUnit.SECONDS.toMillis(60);

    private final String key;
    private final StreamingQuery query;
    private final InputRowsRead inputRowsRead;
    private long seenUpTo = -1;

    private QueryRun(String key, StreamingQuery query, InputRowsRead inputRowsRead) {
        this.key = key;
        this.query = query;
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
        var previous = new java.util.HashMap<String, scala.Option<String>>();
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
        var key = UUID.randomUUID().toString();
        var name = "test_" + key.replace("-", "_");
        EMITTED.put(key, new ConcurrentSkipListMap<>());
        var writer = result.writeStream()
                .outputMode(mode)
                .queryName(name)
                .foreachBatch((Dataset<Row> batch, Long batchId) -> keep(key, batchId, batch.collectAsList()));
        if (checkpointLocation != null) {
            writer = writer.option("checkpointLocation", checkpointLocation);
        }
        var streams = result.sparkSession().streams();
        var inputRowsRead = new InputRowsRead(name);
        streams.addListener(inputRowsRead);
        try {
            return new QueryRun(key, writer.start(), inputRowsRead);
        } catch (TimeoutException e) {
            streams.removeListener(inputRowsRead);
            throw new IllegalStateException("the query did not start", e);
        } catch (RuntimeException e) {
            streams.removeListener(inputRowsRead);
            throw e;
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
            throw explained(e);
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
            var failure = query.exception();
            if (failure.isDefined()) {
                throw explained(failure.get());
            }
            throw new IllegalStateException(query.isActive()
                    ? "the query read %d of the %d input rows within %d s".formatted(inputRowsRead.total(), inputRows,
                            READ_TIMEOUT_MS / 1000)
                    : "the query stopped after reading %d of the %d input rows".formatted(inputRowsRead.total(),
                            inputRows));
        }
        return emittedSinceLastCall(batchId);
    }

    private List<Row> emittedSinceLastCall(long upToBatchId) {
        var rows = new ArrayList<Row>();
        EMITTED.get(key).subMap(seenUpTo, false, upToBatchId, true).forEach((batchId, emitted) -> {
            rows.addAll(emitted);
            seenUpTo = Math.max(seenUpTo, batchId);
        });
        return rows;
    }

    private static RuntimeException explained(Exception e) {
        // Scala declares no checked exceptions: a StreamingQueryException arrives undeclared.
        var notDone = NotDoneYet.findIn(e);
        if (notDone != null) {
            return notDone;
        }
        var why = e instanceof StreamingQueryException failed ? failed.message() : e.toString();
        return new IllegalStateException("the query failed: " + why, e);
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
        query.sparkSession().streams().removeListener(inputRowsRead);
        try {
            query.stop();
        } catch (TimeoutException e) {
            throw new IllegalStateException("the query did not stop", e);
        } finally {
            EMITTED.remove(key);
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
