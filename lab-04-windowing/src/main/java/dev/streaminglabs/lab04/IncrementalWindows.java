package dev.streaminglabs.lab04;

import org.apache.spark.streaming.Duration;
import org.apache.spark.streaming.api.java.JavaDStream;
import org.apache.spark.streaming.api.java.JavaPairDStream;
import scala.Tuple2;

import dev.streaminglabs.common.NotDoneYet;

/**
 * Step 2 — incremental windows: an inverse function and a filter.
 *
 * <p>Without an inverse function, each window is reduced again from all of its batches: a 10-minute window sliding
 * every 10 seconds reduces 60 batches every 10 seconds. With one, Spark keeps the previous window's result and
 * updates it: it adds the batch that entered the window ({@code reduce}) and takes away the batch that left it
 * ({@code inverse reduce}) — two batches, whatever the window's length. The previous result is state that lives
 * across batches, so the streaming context needs a checkpoint directory, or it refuses to start.
 *
 * <p>The price: a key whose views all left the window stays in the state with a count of 0, unless a filter function
 * drops it. The filter decides which keys are kept in the window's result (and so in the state).
 */
public final class IncrementalWindows {

    private IncrementalWindows() {
    }

    /**
     * The views of each page over the last {@code length}, every {@code slide}, computed incrementally; pages that
     * no longer have any view in the window are dropped rather than reported with 0.
     *
     * @param partitions how many partitions the windowed counts are spread over
     */
    public static JavaPairDStream<String, Long> viewsPerPage(JavaDStream<String> views, Duration length,
                                                             Duration slide, int partitions) {
        // TODO Step 2: (page, 1) pairs, then a windowed reduce that adds what enters, subtracts what leaves,
        //  and keeps only the pages that still have views in the window.
        throw new NotDoneYet("lab-04-windowing", 2, "count per window incrementally, with an inverse function");
    }
}
