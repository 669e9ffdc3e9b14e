package dev.streaminglabs.lab06;

import java.util.concurrent.TimeoutException;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.streaming.StreamingQuery;
import org.apache.spark.sql.streaming.StreamingQueryException;
import org.apache.spark.sql.streaming.StreamingQueryProgress;
import org.apache.spark.sql.streaming.Trigger;

/**
 * Step 3 — offsets and load: a backlog read in slices of at most N records a trigger, a catch-up run that reads what
 * is there and stops, and how far behind the newest record a query is.
 *
 * <p>Where the query stands in a topic is a list of offsets, one per partition. Spark keeps them in the query's
 * checkpoint ({@code offsets/} and {@code commits/}), not in a Kafka consumer group: a query restarted on the same
 * checkpoint resumes where it stopped, whatever the topic's consumer groups say.
 */
public final class Backlog {

    /** The Kafka source's metric, in each trigger's progress: offsets between the last read and the newest record. */
    public static final String MAX_OFFSETS_BEHIND_LATEST = "maxOffsetsBehindLatest";

    private Backlog() {
    }

    /**
     * The records of {@code topic} from its first offset, at most {@code maxRecordsPerTrigger} records a trigger
     * (for all partitions together): a backlog of N records takes ⌈N / max⌉ triggers.
     */
    public static Dataset<Row> readInSlices(SparkSession spark, String bootstrapServers, String topic,
                                            long maxRecordsPerTrigger) {
        return spark.readStream()
                .format("kafka")
                .option("kafka.bootstrap.servers", bootstrapServers)
                .option("subscribe", topic)
                .option("startingOffsets", "earliest")
                .option("maxOffsetsPerTrigger", maxRecordsPerTrigger)
                .load();
    }

    /**
     * Copies {@code records} (key, value) to {@code topic} with an available-now trigger: every record there is when
     * it starts, in as many triggers as the source's limit asks, then the query stops by itself. Returns the stopped
     * query (its {@code recentProgress()} says what each trigger read).
     */
    public static StreamingQuery catchUp(Dataset<Row> records, String bootstrapServers, String topic,
                                         String checkpointFolder) throws TimeoutException, StreamingQueryException {
        var query = records.selectExpr("key", "value").writeStream()
                .format("kafka")
                .option("kafka.bootstrap.servers", bootstrapServers)
                .option("topic", topic)
                .option("checkpointLocation", checkpointFolder)
                .trigger(Trigger.AvailableNow())
                .start();
        query.awaitTermination();
        return query;
    }

    /**
     * How many offsets the trigger of {@code progress} left behind the newest record of the topic (the largest lag
     * of any partition), from the Kafka source's metrics; 0 when it has caught up.
     */
    public static long offsetsBehindLatest(StreamingQueryProgress progress) {
        return Long.parseLong(progress.sources()[0].metrics().get(MAX_OFFSETS_BEHIND_LATEST));
    }
}
