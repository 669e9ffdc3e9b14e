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

import dev.streaminglabs.common.NotDoneYet;

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
        // TODO Step 5a: keep the checkout clicks, then a "key" (the user) and a JSON "value" (with seen_at: now).
        throw new NotDoneYet("lab-06-kafka", 5, "turn checkout clicks into alerts");
    }

    /**
     * Starts writing {@code alerts} (key, value) to {@code topic} in real-time mode: long-running tasks that read
     * and write record by record; every {@code batchDuration} (e.g. {@code "5 seconds"}) Spark checkpoints where
     * it is and starts the next batch. Update mode; the checkpoint in {@code checkpointFolder}.
     */
    public static StreamingQuery startRealTime(Dataset<Row> alerts, String bootstrapServers, String topic,
                                               String checkpointFolder, String batchDuration) throws TimeoutException {
        // TODO Step 5b: step 2's Kafka sink, on the real-time trigger with batchDuration.
        throw new NotDoneYet("lab-06-kafka", 5, "start a query in real-time mode");
    }
}
