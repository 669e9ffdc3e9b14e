package dev.streaminglabs.lab07;

import java.time.Duration;

import org.apache.spark.api.java.function.MapFunction;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.streaming.OutputMode;
import org.apache.spark.sql.streaming.TimeMode;

/**
 * Step 5 — the query of the frequency cap: the impressions grouped by user, each group handled by a
 * {@link FrequencyCapProcessor}.
 *
 * <p>A TTL counts processing time, so the query runs in processing-time mode. In that mode Spark runs a micro-batch
 * after every micro-batch, even with no new data, to expire the state on time: the query is never idle. It needs the
 * RocksDB state store ({@link StateStores}), as every {@code transformWithState} query.
 */
public final class FrequencyCap {

    private FrequencyCap() {
    }

    /**
     * One decision per impression ({@link FrequencyCapProcessor#DECISION} rows), the counts of a user's ads kept for
     * {@code timeToLive} after the user last saw each ad.
     *
     * @param impressions {@link AdEvents.Impression} rows
     */
    public static Dataset<Row> decisions(Dataset<Row> impressions, Duration timeToLive) {
        return impressions
                .groupByKey((MapFunction<Row, String>) impression -> impression.getAs("impressionUser"),
                        Encoders.STRING())
                .transformWithState(new FrequencyCapProcessor(timeToLive), TimeMode.ProcessingTime(),
                        OutputMode.Append(), FrequencyCapProcessor.decisionEncoder());
    }
}
