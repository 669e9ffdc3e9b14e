package dev.streaminglabs.lab06;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.to_json;
import static org.apache.spark.sql.functions.window;

import java.util.concurrent.TimeoutException;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.streaming.OutputMode;
import org.apache.spark.sql.streaming.StreamingQuery;

/**
 * Step 2 — write back to Kafka: clicks per page and per minute of event time, sent to an output topic that any
 * consumer (a dashboard, another job) can read.
 *
 * <p>An output record: key {@code "/cart"} (the page), value
 * {@code {"window_start":"2026-01-05T09:00:00.000Z","page":"/cart","clicks":3}}. In update mode, each trigger sends
 * the counts that changed: a consumer keeps the last value of each (page, minute).
 */
public final class PageCounts {

    public static final String WINDOW = "window";
    public static final String COUNT = "count";
    /** How late a click may arrive and still be counted in its minute (lab 04's watermark). */
    public static final String LATENESS = "1 minute";
    public static final String WINDOW_LENGTH = "1 minute";

    private PageCounts() {
    }

    /**
     * The clicks ({@link ClickStream#clicks}) counted per page and per one-minute event-time window: columns
     * {@code window} (start, end), {@code page}, {@code count}; with a watermark of {@link #LATENESS} on the time.
     */
    public static Dataset<Row> clicksPerPage(Dataset<Row> clicks) {
        return clicks.withWatermark(ClickStream.TIME, LATENESS)
                .groupBy(window(col(ClickStream.TIME), WINDOW_LENGTH), col(ClickStream.PAGE))
                .count();
    }

    /**
     * The counts as Kafka records: a {@code key} column (the page) and a {@code value} column (JSON with
     * {@code window_start}, {@code page} and {@code clicks}), the two columns the Kafka sink writes.
     */
    public static Dataset<Row> toRecords(Dataset<Row> counts) {
        return counts.select(
                col(ClickStream.PAGE).as("key"),
                to_json(struct(
                        col(WINDOW + ".start").as("window_start"),
                        col(ClickStream.PAGE),
                        col(COUNT).as("clicks"))).as("value"));
    }

    /**
     * Starts writing {@code records} (key, value) to {@code topic} on the brokers at {@code bootstrapServers}, in
     * update mode, with its progress kept in {@code checkpointFolder}.
     */
    public static StreamingQuery writeToTopic(Dataset<Row> records, String bootstrapServers, String topic,
                                              String checkpointFolder) throws TimeoutException {
        return records.writeStream()
                .format("kafka")
                .outputMode(OutputMode.Update())
                .option("kafka.bootstrap.servers", bootstrapServers)
                .option("topic", topic)
                .option("checkpointLocation", checkpointFolder)
                .start();
    }
}
