package dev.streaminglabs.lab03;

import org.apache.spark.sql.streaming.StreamingQueryProgress;

import dev.streaminglabs.common.NotDoneYet;

/**
 * Step 5 — what one trigger did, read from the query's progress: the line a demo prints after each trigger.
 *
 * <p>After every trigger, Spark publishes a {@link StreamingQueryProgress} ({@code query.lastProgress()}, the
 * {@code recentProgress()} before it, or a {@code StreamingQueryListener}): the batch id, the rows read, how long each
 * phase took, the state kept, and where each source and the sink stand. Its {@code json()} shows everything.
 *
 * @param batchId    the micro-batch's id (0, 1, 2...)
 * @param inputRows  the rows read from all the sources in that micro-batch
 * @param durationMs how long the micro-batch took, from trigger to commit, in milliseconds
 */
public record TriggerReport(long batchId, long inputRows, long durationMs) {

    /** The report of the micro-batch that {@code progress} describes. */
    public static TriggerReport of(StreamingQueryProgress progress) {
        // TODO Step 5c: the batch id, the number of input rows and the batch duration are all fields of the progress.
        throw new NotDoneYet("lab-03-structured", 5, "read the progress of a trigger");
    }

    /** {@code [trigger 3] 12 rows in · 45 ms}. */
    public String line() {
        return "[trigger %d] %d rows in · %d ms".formatted(batchId, inputRows, durationMs);
    }
}
