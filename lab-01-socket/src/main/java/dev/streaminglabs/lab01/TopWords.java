package dev.streaminglabs.lab01;

import java.io.Serializable;
import java.util.Comparator;

import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.streaming.api.java.JavaPairDStream;
import scala.Tuple2;

import dev.streaminglabs.common.NotDoneYet;

/**
 * Step 3 — keep the top words of each batch.
 *
 * <p>Sorting and "take the first n" are not DStream operations, they are RDD operations. {@code transformToPair}
 * opens the DStream up: it hands you each batch's RDD, and you return the RDD that batch should have instead.
 */
public final class TopWords {

    private TopWords() {
    }

    /**
     * For each batch, the {@code n} most frequent words of that batch, most frequent first; words with the same count
     * in alphabetical order. A batch with fewer than {@code n} words keeps them all; an empty batch stays empty.
     */
    public static JavaPairDStream<String, Long> topWords(JavaPairDStream<String, Long> counts, int n) {
        // TODO Step 3: per batch, take the n first pairs in ByCountThenWord order and make them the batch's RDD.
        throw new NotDoneYet("lab-01-socket", 3, "keep the top words of each batch");
    }

    /**
     * Most frequent first; equal counts in alphabetical order, so that the top list is the same on every run.
     * {@link Serializable} because Spark ships it to the executors with the task that sorts.
     */
    public static final class ByCountThenWord implements Comparator<Tuple2<String, Long>>, Serializable {
        @Override
        public int compare(Tuple2<String, Long> left, Tuple2<String, Long> right) {
            int byCount = Long.compare(right._2(), left._2());
            return byCount != 0 ? byCount : left._1().compareTo(right._1());
        }
    }
}
