package dev.streaminglabs.lab01;

import org.apache.spark.streaming.api.java.JavaDStream;
import org.apache.spark.streaming.api.java.JavaPairDStream;
import scala.Tuple2;

import dev.streaminglabs.common.NotDoneYet;

/**
 * Step 2 — count the words of each batch.
 *
 * <p>A DStream is a sequence of RDDs, one per batch interval. A transformation on the DStream is applied to each of
 * those RDDs in turn, so the counts below start again from zero in every batch.
 */
public final class WordCount {

    private WordCount() {
    }

    /**
     * For each batch of lines, every word of the batch (as {@link Tokenizer#wordsOf} finds them) with the number of
     * times it appears in that batch: one pair per word.
     */
    public static JavaPairDStream<String, Long> countWords(JavaDStream<String> lines) {
        // TODO Step 2: lines -> words -> (word, 1) pairs -> one count per word.
        throw new NotDoneYet("lab-01-socket", 2, "count the words of each batch");
    }
}
