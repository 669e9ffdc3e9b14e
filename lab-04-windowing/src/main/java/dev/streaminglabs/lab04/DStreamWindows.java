package dev.streaminglabs.lab04;

import org.apache.spark.streaming.Duration;
import org.apache.spark.streaming.api.java.JavaDStream;
import org.apache.spark.streaming.api.java.JavaPairDStream;
import scala.Tuple2;

import dev.streaminglabs.common.NotDoneYet;

/**
 * Step 1 — windows on a DStream.
 *
 * <p>A window operation looks at the last few batches at once. Two durations describe it: the window <em>length</em>
 * (how much of the past each window covers) and the <em>slide</em> (how often a new window is computed). Both must be
 * multiples of the batch interval, because a window is made of whole batches: Spark checks it when the windowed
 * DStream is created and refuses with an {@code IllegalArgumentException} otherwise. On the batches where no window
 * ends (the slide is longer than the batch interval), a windowed DStream produces nothing at all.
 *
 * <p>The input here is a stream of page views: one record per view, the page's name.
 */
public final class DStreamWindows {

    private DStreamWindows() {
    }

    /** Every page view of the last {@code length} of the stream, recomputed every {@code slide}. */
    public static JavaDStream<String> recentViews(JavaDStream<String> views, Duration length, Duration slide) {
        // TODO Step 1a: the DStream of the views of each window.
        throw new NotDoneYet("lab-04-windowing", 1, "window a DStream");
    }

    /**
     * How many page views the last {@code length} held, every {@code slide}: one number per window.
     *
     * <p>Spark computes it incrementally (adding the batch that enters, subtracting the one that leaves), so the
     * streaming context needs a checkpoint directory, as in step 2.
     */
    public static JavaDStream<Long> viewsPerWindow(JavaDStream<String> views, Duration length, Duration slide) {
        // TODO Step 1b: one number per window: how many views it holds.
        throw new NotDoneYet("lab-04-windowing", 1, "count the records of each window");
    }

    /**
     * The views of each page over the last {@code length}, every {@code slide}: one (page, views) pair per page seen
     * in the window, each window reduced again from all of its batches.
     */
    public static JavaPairDStream<String, Long> viewsPerPage(JavaDStream<String> views, Duration length,
                                                             Duration slide) {
        // TODO Step 1c: (page, 1) pairs, then add them up per page over each window (no inverse function yet).
        throw new NotDoneYet("lab-04-windowing", 1, "count the views of each page per window");
    }
}
