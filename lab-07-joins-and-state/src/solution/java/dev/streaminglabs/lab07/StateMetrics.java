package dev.streaminglabs.lab07;

import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;

import java.util.Arrays;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.streaming.StateOperatorProgress;
import org.apache.spark.sql.streaming.StreamingQuery;

/**
 * Step 6b — the state in numbers: what a query's progress reports after every micro-batch.
 *
 * <p>Each {@code StreamingQueryProgress} (one per micro-batch, the last 100 in {@code recentProgress()}) has one
 * {@code StateOperatorProgress} per stateful operator: {@code numRowsTotal} (the rows in its state after the
 * micro-batch), {@code numRowsUpdated}, {@code numRowsRemoved} (evicted in that micro-batch) and
 * {@code numRowsDroppedByWatermark} (input rows older than the watermark, never stored). And {@code observe()} adds
 * metrics of one's own: aggregates computed on the rows flowing through a point of the query, reported in each
 * progress's {@code observedMetrics}.
 */
public final class StateMetrics {

    private StateMetrics() {
    }

    /**
     * The state of a query in three numbers: rows in the state now, rows evicted since the start, input rows dropped
     * as too late since the start (over the micro-batches that {@code recentProgress()} still holds).
     */
    public record StateNumbers(long rowsInState, long rowsEvicted, long rowsDropped) {
    }

    /** The state numbers of {@code query}, all its stateful operators added up. */
    public static StateNumbers numbers(StreamingQuery query) {
        var last = query.lastProgress();
        long inState = last == null ? 0 : Arrays.stream(last.stateOperators())
                .mapToLong(StateOperatorProgress::numRowsTotal).sum();
        var all = Arrays.stream(query.recentProgress()).flatMap(progress -> Arrays.stream(progress.stateOperators()))
                .toList();
        return new StateNumbers(inState,
                all.stream().mapToLong(StateOperatorProgress::numRowsRemoved).sum(),
                all.stream().mapToLong(StateOperatorProgress::numRowsDroppedByWatermark).sum());
    }

    /** {@code events}, unchanged, with a metric {@code name} that counts its rows in each micro-batch ("rows"). */
    public static Dataset<Row> counted(Dataset<Row> events, String name) {
        return events.observe(name, count(lit(1)).as("rows"));
    }

    /** The rows counted by the metric {@code name} of {@link #counted}, over every micro-batch of the query. */
    public static long countedRows(StreamingQuery query, String name) {
        return Arrays.stream(query.recentProgress())
                .map(progress -> progress.observedMetrics().get(name))
                .filter(metrics -> metrics != null)
                .mapToLong(metrics -> metrics.<Long>getAs("rows"))
                .sum();
    }
}
