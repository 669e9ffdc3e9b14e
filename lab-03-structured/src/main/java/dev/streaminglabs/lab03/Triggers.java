package dev.streaminglabs.lab03;

import java.time.Duration;
import java.util.concurrent.TimeoutException;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.streaming.OutputMode;
import org.apache.spark.sql.streaming.StreamingQuery;
import org.apache.spark.sql.streaming.StreamingQueryException;
import org.apache.spark.sql.streaming.Trigger;

import dev.streaminglabs.common.NotDoneYet;

/**
 * Step 5 — triggers: when a query runs its next micro-batch.
 *
 * <p>With no trigger given, a query starts its next micro-batch as soon as the previous one is done. A
 * <b>processing-time</b> trigger starts one every interval instead (the DStream's batch interval, in Structured
 * Streaming). <b>Available-now</b> reads everything that is there when the query starts, in as many micro-batches as
 * the source's limits ask (maxFilesPerTrigger...), then stops: a streaming job run like a batch job, for instance
 * every night, that still remembers in its checkpoint what it has already read.
 */
public final class Triggers {

    private Triggers() {
    }

    /**
     * Starts {@code result} into the memory sink (table {@code queryName}, the whole result table: complete mode),
     * one micro-batch every {@code interval}.
     */
    public static StreamingQuery startEvery(Dataset<Row> result, Duration interval, String queryName)
            throws TimeoutException {
        // TODO Step 5a: as step 1's startInMemory, plus a processing-time trigger of interval (in milliseconds).
        throw new NotDoneYet("lab-03-structured", 5, "run a micro-batch every interval");
    }

    /**
     * Runs {@code rows} (a query without aggregation: append mode) into the memory sink (table {@code queryName})
     * over all the input available now, and returns once the query has stopped by itself.
     */
    public static StreamingQuery runAvailableNow(Dataset<Row> rows, String queryName)
            throws TimeoutException, StreamingQueryException {
        // TODO Step 5b: append mode, memory sink, the available-now trigger; start, then wait for the query to end by
        //   itself.
        throw new NotDoneYet("lab-03-structured", 5, "process what is there now, then stop");
    }
}
