package dev.streaminglabs.lab07;

import java.util.regex.Pattern;

import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.streaming.Duration;
import org.apache.spark.streaming.api.java.JavaDStream;
import org.apache.spark.streaming.api.java.JavaPairDStream;
import scala.Tuple2;

import dev.streaminglabs.common.NotDoneYet;

/**
 * Step 1 — the deck's DStream transformations, and joining two DStreams.
 *
 * <p>Two streams of an ad server: the <em>impressions</em> (an ad was shown) and the <em>clicks</em> (an ad was
 * clicked). Each record of both is an ad's id, such as {@code a1}. Every transformation below works batch by batch:
 * on the RDD of one batch interval, or on the RDDs of the two streams for the same interval. A join of two DStreams
 * pairs the records of the <em>same batch</em> only: a click that arrives one batch after its impression finds
 * nothing, unless one side is a window over the last few batches.
 */
public final class AdStreams {

    /** A well-formed ad id: a lower-case letter, then letters or digits ({@code a1}, {@code promo7}). */
    public static final Pattern AD_ID = Pattern.compile("[a-z][a-z0-9]*");

    private AdStreams() {
    }

    /** The ad ids of raw lines: each line trimmed, and only the lines that are then a well-formed {@link #AD_ID}. */
    public static JavaDStream<String> validAds(JavaDStream<String> lines) {
        // TODO Step 1a: trim each line, then keep only the lines that are a well-formed AD_ID.
        throw new NotDoneYet("lab-07-joins-and-state", 1, "keep the well-formed ad ids");
    }

    /** How many events (impressions and clicks together) each batch held: one number per batch, 0 when none. */
    public static JavaDStream<Long> eventsPerBatch(JavaDStream<String> impressions, JavaDStream<String> clicks) {
        // TODO Step 1b: one stream of both streams' events, then one number per batch.
        throw new NotDoneYet("lab-07-joins-and-state", 1, "count the events of both streams per batch");
    }

    /** How many times each ad was shown in each batch: one (ad, impressions) pair per ad of the batch. */
    public static JavaPairDStream<String, Long> impressionsPerAd(JavaDStream<String> impressions) {
        // TODO Step 1c: how many times each value of the batch occurs.
        throw new NotDoneYet("lab-07-joins-and-state", 1, "count the impressions of each ad per batch");
    }

    /**
     * The ad shown most often in each batch, with its number of impressions: one pair per batch (none for an empty
     * batch). Between two ads shown as often, the one whose id comes first in alphabetical order.
     */
    public static JavaDStream<Tuple2<String, Long>> mostShownAd(JavaDStream<String> impressions) {
        // TODO Step 1d: the (ad, impressions) pairs of the batch, reduced to one with moreShown.
        throw new NotDoneYet("lab-07-joins-and-state", 1, "keep the most shown ad of each batch");
    }

    /** The more shown of two (ad, impressions) pairs; on a tie, the first id in alphabetical order. */
    static Tuple2<String, Long> moreShown(Tuple2<String, Long> one, Tuple2<String, Long> other) {
        int byCount = Long.compare(one._2(), other._2());
        if (byCount != 0) {
            return byCount > 0 ? one : other;
        }
        return one._1().compareTo(other._1()) <= 0 ? one : other;
    }

    /** The clicks of each batch, without those on the ads of {@code blocked} (a fixed RDD: ads caught cheating). */
    public static JavaDStream<String> withoutBlockedAds(JavaDStream<String> clicks, JavaRDD<String> blocked) {
        // TODO Step 1e: on each batch's RDD, any RDD operation: here, take the blocked ads away.
        throw new NotDoneYet("lab-07-joins-and-state", 1, "remove the clicks on blocked ads");
    }

    /**
     * For each ad both shown and clicked in the same batch: (ad, (impressions, clicks)) in that batch. An ad only
     * shown, or only clicked, in a batch is not there.
     */
    public static JavaPairDStream<String, Tuple2<Long, Long>> impressionsJoinClicks(JavaDStream<String> impressions,
                                                                                  JavaDStream<String> clicks) {
        // TODO Step 1f: count each side per ad, then join the two pair streams on the ad.
        throw new NotDoneYet("lab-07-joins-and-state", 1, "join the impressions and clicks of each batch");
    }

    /**
     * For each ad shown or clicked in a batch: (ad, (impressions, clicks)) in that batch, with 0 for the side where it
     * did not appear.
     */
    public static JavaPairDStream<String, Tuple2<Long, Long>> adActivity(JavaDStream<String> impressions,
                                                                       JavaDStream<String> clicks) {
        // TODO Step 1g: count each side per ad, cogroup the two, then turn each side's group into a number (total).
        throw new NotDoneYet("lab-07-joins-and-state", 1, "cogroup the impressions and clicks of each batch");
    }

    /** The sum of some counts; 0 for none. A cogroup gives each key the (maybe empty) group of each side's values. */
    static long total(Iterable<Long> counts) {
        long total = 0;
        for (long count : counts) {
            total += count;
        }
        return total;
    }

    /**
     * For each ad clicked in a batch and shown in the last {@code window} of the stream (that batch included):
     * (ad, (impressions in the window, clicks in the batch)).
     */
    public static JavaPairDStream<String, Tuple2<Long, Long>> clicksOnRecentImpressions(
            JavaDStream<String> impressions, JavaDStream<String> clicks, Duration window) {
        // TODO Step 1h: as impressionsJoinClicks, with the impressions of the last `window` instead of one batch.
        throw new NotDoneYet("lab-07-joins-and-state", 1, "join each batch's clicks with a window of impressions");
    }
}
