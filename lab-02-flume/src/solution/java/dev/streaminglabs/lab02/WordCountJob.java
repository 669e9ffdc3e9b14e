package dev.streaminglabs.lab02;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

import org.apache.spark.streaming.api.java.JavaDStream;
import org.apache.spark.streaming.api.java.JavaPairDStream;
import org.apache.spark.streaming.api.java.JavaStreamingContext;
import scala.Tuple2;

/**
 * Step 4 — the job: count the words of the lines pushed by Flume, batch by batch, save each batch, stop on time.
 *
 * <p>Once the receiver has stored the events, they are a DStream like any other: the job does not know (or care)
 * that they came from a Flume agent.
 */
public final class WordCountJob {

    /** The key under which a batch counts its malformed lines (bodies that were not UTF-8), instead of their words. */
    public static final String MALFORMED = "<malformed>";

    private WordCountJob() {
    }

    /** The words of a line: lower-cased runs of letters ("GET /api/orders 200" gives get, api, orders). */
    public static List<String> wordsOf(String text) {
        return Arrays.stream(text.toLowerCase(Locale.ROOT).split("[^\\p{L}]+"))
                .filter(word -> !word.isEmpty())
                .toList();
    }

    /**
     * The count of each word in each batch. A malformed line counts once under {@link #MALFORMED} and its words not
     * at all: garbled words would pollute the counts, dropping the line would hide the problem.
     */
    public static JavaPairDStream<String, Long> countWords(JavaDStream<FlumeLine> lines) {
        return lines
                .flatMap(line -> (line.malformed() ? List.of(MALFORMED) : wordsOf(line.text())).iterator())
                .mapToPair(word -> new Tuple2<>(word, 1L))
                .reduceByKey(Long::sum);
    }

    /**
     * Saves every batch as text: one folder per batch, {@code <prefix>-<batch time in ms>.txt}, whose part files hold
     * one line {@code word<TAB>count} per word.
     */
    public static void saveEachBatch(JavaPairDStream<String, Long> counts, String prefix) {
        counts.map(pair -> pair._1() + "\t" + pair._2())
                .dstream()
                .saveAsTextFiles(prefix, "txt");
    }

    /**
     * Starts {@code context}, lets it run for {@code duration}, then stops it gracefully: the receivers stop taking
     * new events and the batches already received are processed before the stop returns. The Spark context under it
     * keeps running: whoever created it stops it.
     */
    public static void runFor(JavaStreamingContext context, java.time.Duration duration) throws InterruptedException {
        context.start();
        context.awaitTerminationOrTimeout(duration.toMillis());
        context.stop(false, true);
    }
}
