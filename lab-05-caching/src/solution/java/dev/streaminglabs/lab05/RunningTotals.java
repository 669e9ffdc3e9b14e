package dev.streaminglabs.lab05;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

import org.apache.spark.api.java.Optional;
import org.apache.spark.streaming.api.java.JavaDStream;
import org.apache.spark.streaming.api.java.JavaPairDStream;
import scala.Tuple2;

/**
 * Step 4a — running totals: a state that lives from batch to batch.
 *
 * <p>{@code updateStateByKey} keeps one value per key across batches: at every batch, for every key seen so far, it
 * calls an update function with the key's new values of the batch (maybe none) and its previous state (maybe none),
 * and keeps what the function returns. Each batch's state is an RDD built from the previous batch's state: a lineage
 * that grows forever, which is why Spark refuses to start a stateful stream without a checkpoint directory and cuts
 * that lineage with a checkpoint every few batches.
 */
public final class RunningTotals {

    private RunningTotals() {
    }

    /** The words of a line: runs of letters or digits, in lower case. */
    public static List<String> wordsOf(String line) {
        return Arrays.stream(line.toLowerCase(Locale.ROOT).split("[^\\p{L}\\p{N}]+"))
                .filter(word -> !word.isEmpty())
                .toList();
    }

    /**
     * For every word seen since the stream started, how many times it appeared in all the batches so far. Every batch
     * emits the total of every word, including the words that did not appear in that batch.
     */
    public static JavaPairDStream<String, Long> runningTotals(JavaDStream<String> lines) {
        return lines
                .flatMap(line -> wordsOf(line).iterator())
                .mapToPair(word -> new Tuple2<>(word, 1L))
                .updateStateByKey((List<Long> newCounts, Optional<Long> total) ->
                        Optional.of(total.orElse(0L) + newCounts.stream().mapToLong(Long::longValue).sum()));
    }
}
