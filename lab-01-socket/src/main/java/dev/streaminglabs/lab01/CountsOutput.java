package dev.streaminglabs.lab01;

import java.io.Serializable;
import java.util.HashMap;
import java.util.Map;

import org.apache.spark.streaming.api.java.JavaPairDStream;

import dev.streaminglabs.common.NotDoneYet;

/**
 * Step 4 — output operations: send each batch's counts somewhere.
 *
 * <p>Transformations only describe work. Nothing runs until an output operation ({@code print}, {@code foreachRDD},
 * {@code saveAsTextFiles}…) asks for each batch's result; a streaming context with no output operation refuses to
 * start.
 */
public final class CountsOutput {

    private CountsOutput() {
    }

    /**
     * The word counts of one batch, as they reach a sink.
     *
     * @param batchTimeMillis the batch time, in milliseconds
     * @param counts          each word of the batch with its count
     */
    public record BatchCounts(long batchTimeMillis, Map<String, Long> counts) implements Serializable {
    }

    /** Where the counts of each batch go: a console, a dashboard, a database… */
    @FunctionalInterface
    public interface CountsSink extends Serializable {
        void accept(BatchCounts batch);
    }

    /**
     * Hands every batch's counts, with the batch time, to {@code sink}, once per batch — empty batches too, so that
     * a dashboard can show "nothing this second".
     */
    public static void sendEachBatch(JavaPairDStream<String, Long> counts, CountsSink sink) {
        // TODO Step 4a: for every batch, bring its counts to the driver and hand them to the sink with the batch time.
        throw new NotDoneYet("lab-01-socket", 4, "send each batch to a sink");
    }

    /**
     * Saves every batch as text: one folder per batch, named {@code <prefix>-<batch time in ms>.txt}, whose part
     * files hold one line {@code word<TAB>count} per word.
     */
    public static void saveEachBatch(JavaPairDStream<String, Long> counts, String prefix) {
        // TODO Step 4b: turn each pair into a "word<TAB>count" line, then save every batch under the prefix.
        throw new NotDoneYet("lab-01-socket", 4, "save each batch as text files");
    }
}
