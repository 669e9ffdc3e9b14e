package dev.streaminglabs.lab06;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.to_json;

import java.util.concurrent.TimeoutException;

import org.apache.spark.api.java.function.VoidFunction2;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.streaming.OutputMode;
import org.apache.spark.sql.streaming.StreamingQuery;

import dev.streaminglabs.common.NotDoneYet;

/**
 * Step 4 — exactly-once, proven by a fault drill ({@link FaultDrill}): the running totals of clicks per page, each
 * micro-batch handed to a sink, the query failed on purpose right after a sink's write and restarted from its
 * checkpoint.
 *
 * <p>Spark's part of exactly-once: the checkpoint records which offsets each trigger read before it runs, and which
 * triggers are committed after the sink wrote. A restarted query runs the uncommitted trigger again, on the same
 * offsets: the sink may see a trigger twice. The sink's part: write so that twice is the same as once (an upsert
 * keyed by the page) — or accept duplicates (the Kafka sink appends: at-least-once).
 */
public final class ExactlyOnce {

    private ExactlyOnce() {
    }

    /**
     * Starts {@code totals} (columns {@code page}, {@code count}: running totals) in update mode, each micro-batch
     * handed to {@code sink} with its batch id, its offsets and commits kept in {@code checkpointFolder}.
     */
    public static StreamingQuery start(Dataset<Row> totals, String checkpointFolder,
                                       VoidFunction2<Dataset<Row>, Long> sink) throws TimeoutException {
        // TODO Step 4b: writeStream in update mode, its checkpoint, each micro-batch to the sink (foreachBatch).
        throw new NotDoneYet("lab-06-kafka", 4, "start the query with its checkpoint and sink");
    }

    /**
     * Writes one micro-batch of totals to {@code topic}, as the Kafka sink does: one record per row, key the page,
     * value {@code {"page":"/cart","clicks":3}}. Kafka appends: a batch written twice is there twice.
     */
    public static void writeToTopic(Dataset<Row> totals, String bootstrapServers, String topic) {
        // TODO Step 4c: key and value columns, then a batch write() in the "kafka" format to the topic.
        throw new NotDoneYet("lab-06-kafka", 4, "write a micro-batch to a topic");
    }
}
