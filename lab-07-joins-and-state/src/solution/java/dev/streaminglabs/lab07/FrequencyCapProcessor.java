package dev.streaminglabs.lab07;

import java.sql.Timestamp;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;

import org.apache.spark.sql.Encoder;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.streaming.MapState;
import org.apache.spark.sql.streaming.OutputMode;
import org.apache.spark.sql.streaming.StatefulProcessor;
import org.apache.spark.sql.streaming.TTLConfig;
import org.apache.spark.sql.streaming.TimeMode;
import org.apache.spark.sql.streaming.TimerValues;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import scala.collection.Iterator;
import scala.jdk.javaapi.CollectionConverters;

/**
 * Step 5 — a frequency cap, whose counts expire with a TTL.
 *
 * <p>An ad server shows an ad at most {@link #CAP} times to the same user. For each impression (grouped by user), the
 * processor counts how many times the user has seen that ad, in a map state (ad → times shown), and says whether
 * this impression is still within the cap. A user seen once and never again must not stay in the state forever: each
 * entry of the map has a <b>time to live</b> (TTL). An entry not updated for that long has expired: the processor no
 * longer sees it, and Spark removes it from the state store. The TTL counts <em>processing time</em> (the clock of the
 * machine, when each micro-batch runs), not event time: Spark refuses it in a query whose timers are in event time.
 */
public final class FrequencyCapProcessor extends StatefulProcessor<String, Row, Row> {

    /** How many times a user may see the same ad. */
    public static final long CAP = 3;

    /** A decision per impression: its user, its ad, its time, how many times the user has seen the ad, if allowed. */
    public static final StructType DECISION = new StructType()
            .add("user", DataTypes.StringType)
            .add("ad", DataTypes.StringType)
            .add("impressionTime", DataTypes.TimestampType)
            .add("timesShown", DataTypes.LongType)
            .add("allowed", DataTypes.BooleanType);

    private final Duration timeToLive;
    private transient MapState<String, Long> timesShown;

    /** @param timeToLive how long an ad's count for a user is kept after the user last saw the ad */
    public FrequencyCapProcessor(Duration timeToLive) {
        this.timeToLive = timeToLive;
    }

    /** How Spark stores the decisions. */
    public static Encoder<Row> decisionEncoder() {
        return Encoders.row(DECISION);
    }

    @Override
    public void init(OutputMode outputMode, TimeMode timeMode) {
        timesShown = getHandle().getMapState("timesShown", Encoders.STRING(), Encoders.LONG(),
                new TTLConfig(timeToLive));
    }

    /** The user's new impressions ({@link AdEvents.Impression} rows), by time: one decision each. */
    @Override
    public Iterator<Row> handleInputRows(String user, Iterator<Row> impressions, TimerValues timerValues) {
        var decisions = new ArrayList<Row>();
        for (var impression : byTime(impressions)) {
            String ad = impression.getAs("impressionAd");
            long times = timesShown.containsKey(ad) ? timesShown.getValue(ad) + 1 : 1;
            timesShown.updateValue(ad, times);
            decisions.add(RowFactory.create(user, ad, impression.getAs("impressionTime"), times, times <= CAP));
        }
        return CollectionConverters.asScala(decisions).iterator();
    }

    private static java.util.List<Row> byTime(Iterator<Row> impressions) {
        var sorted = new ArrayList<>(CollectionConverters.asJava(impressions.toSeq()));
        sorted.sort(Comparator.comparing(impression -> impression.<Timestamp>getAs("impressionTime")));
        return sorted;
    }
}
