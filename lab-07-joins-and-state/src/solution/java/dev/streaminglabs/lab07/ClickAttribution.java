package dev.streaminglabs.lab07;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.expr;

import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Step 3 — two streams joined on event time: a stream–stream join.
 *
 * <p>An ad server logs each impression (an ad shown to a user) and each click, in two streams. A click is
 * <em>attributed</em> to an impression when the same user clicked the same ad at most {@link #CLICK_WITHIN} after
 * seeing it. Either event may arrive first, and late: Spark keeps the rows of both streams in the join's state, to
 * match them with rows that have not arrived yet. Without bounds, that state grows forever. Two things bound it:
 * <ul>
 *   <li>a <b>watermark on each stream</b>: how late its events may arrive ({@link #IMPRESSION_DELAY},
 *       {@link #CLICK_DELAY});</li>
 *   <li>a <b>time-range condition</b> in the join: a click between the impression's time and
 *       {@link #CLICK_WITHIN} after it. With it, Spark knows when a row can no longer find a match, drops it from
 *       the state, and — in an outer join — only then emits it with nulls on the other side.</li>
 * </ul>
 * The query's watermark is the smaller of the two streams' watermarks: the slower stream holds the other back.
 */
public final class ClickAttribution {

    /** How late an impression may arrive. */
    public static final String IMPRESSION_DELAY = "10 minutes";
    /** How late a click may arrive (clicks travel through more systems than impressions). */
    public static final String CLICK_DELAY = "20 minutes";
    /** A click counts for an impression if it comes at most this long after it. */
    public static final String CLICK_WITHIN = "15 minutes";

    private ClickAttribution() {
    }

    /**
     * The clicks attributed to an impression: one row per (impression, click) pair that matches — the same ad, the
     * same user, the click from the impression's time to {@link #CLICK_WITHIN} later. Emitted as soon as both rows
     * have arrived.
     *
     * @param impressions {@link AdEvents.Impression} rows
     * @param clicks      {@link AdEvents.Click} rows
     * @return the columns of both: {@code impressionAd, impressionUser, impressionTime, clickAd, clickUser, clickTime}
     */
    public static Dataset<Row> clicksWithImpressions(Dataset<Row> impressions, Dataset<Row> clicks) {
        return attributed(impressions, clicks, "inner");
    }

    /**
     * Every impression, with its matching clicks (as in {@link #clicksWithImpressions}) or, when no click came in
     * time, once, with nulls in the click's columns — emitted when no click can match it any more.
     */
    public static Dataset<Row> impressionsWithClicks(Dataset<Row> impressions, Dataset<Row> clicks) {
        return attributed(impressions, clicks, "left_outer");
    }

    private static Dataset<Row> attributed(Dataset<Row> impressions, Dataset<Row> clicks, String joinType) {
        return impressions.withWatermark("impressionTime", IMPRESSION_DELAY)
                .join(clicks.withWatermark("clickTime", CLICK_DELAY), sameAdSameUserInTime(), joinType);
    }

    private static Column sameAdSameUserInTime() {
        return col("clickAd").equalTo(col("impressionAd"))
                .and(col("clickUser").equalTo(col("impressionUser")))
                .and(col("clickTime").geq(col("impressionTime")))
                .and(col("clickTime").leq(col("impressionTime").plus(expr("interval " + CLICK_WITHIN))));
    }

    /** The demo: see {@link ClickAttributionDemo}, in {@code src/given/java} (the lab gives it; nothing to fill in). */
    public static void main(String[] args) throws Exception {
        ClickAttributionDemo.main(args);
    }
}
