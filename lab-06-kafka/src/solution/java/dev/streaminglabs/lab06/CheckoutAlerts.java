package dev.streaminglabs.lab06;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.current_timestamp;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.to_json;

import java.util.concurrent.TimeoutException;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.streaming.OutputMode;
import org.apache.spark.sql.streaming.StreamingQuery;
import org.apache.spark.sql.streaming.Trigger;

/**
 * Step 5 — real-time mode: every click on a checkout page becomes an alert on another topic, record by record, as
 * soon as it is read, instead of at the end of a micro-batch.
 *
 * <p>An alert: key the user, value {@code {"user":"u7","page":"/checkout/pay","time":"...","seen_at":"..."}} where
 * {@code seen_at} is when Spark handled the click. Stateless (a filter and a projection): what real-time mode runs.
 */
public final class CheckoutAlerts {

    public static final String CHECKOUT_PAGES = "/checkout";

    private CheckoutAlerts() {
    }

    /**
     * The clicks ({@link ClickStream#clicks}) on checkout pages (those whose page starts with {@code /checkout}), as
     * Kafka records: key the user, value JSON with {@code user}, {@code page}, {@code time} and {@code seen_at}.
     */
    public static Dataset<Row> alerts(Dataset<Row> clicks) {
        return clicks.filter(col(ClickStream.PAGE).startsWith(CHECKOUT_PAGES))
                .select(
                        col(ClickStream.USER).as("key"),
                        to_json(struct(
                                col(ClickStream.USER),
                                col(ClickStream.PAGE),
                                col(ClickStream.TIME),
                                current_timestamp().as("seen_at"))).as("value"));
    }

    /**
     * Starts writing {@code alerts} (key, value) to {@code topic} in real-time mode: long-running tasks that read
     * and write record by record; every {@code batchDuration} (e.g. {@code "5 seconds"}) Spark checkpoints where
     * it is and starts the next batch. Update mode; the checkpoint in {@code checkpointFolder}.
     */
    public static StreamingQuery startRealTime(Dataset<Row> alerts, String bootstrapServers, String topic,
                                               String checkpointFolder, String batchDuration) throws TimeoutException {
        return alerts.writeStream()
                .format("kafka")
                .outputMode(OutputMode.Update())
                .option("kafka.bootstrap.servers", bootstrapServers)
                .option("topic", topic)
                .option("checkpointLocation", checkpointFolder)
                .trigger(Trigger.RealTime(batchDuration))
                .start();
    }
}
