package dev.streaminglabs.lab01;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import org.apache.spark.streaming.api.java.JavaPairDStream;

import dev.streaminglabs.common.web.Dashboard;

/**
 * The demo's top words on the live dashboard ({@code --web}), given: each batch's most frequent words
 * ({@link TopWords#topWords}, step 3) replace the bars of the page's {@code words} view. A DStream counts each batch on
 * its own, so each batch is a whole new picture (lab 03's running totals, in update mode, are merged instead).
 */
public final class TopWordsOnTheWeb {

    /** How many bars the page shows. */
    public static final int BARS = 15;

    private TopWordsOnTheWeb() {
    }

    /** Shows each batch's {@value #BARS} most frequent words of {@code counts} on {@code dashboard}. */
    public static void show(JavaPairDStream<String, Long> counts, Dashboard dashboard) {
        var batches = new AtomicLong();
        // Runs on the driver, where the dashboard is: the top words of a batch are a handful of pairs.
        TopWords.topWords(counts, BARS).foreachRDD(batch -> {
            List<Map<String, Object>> rows = batch.collect().stream().map(pair -> {
                var row = new LinkedHashMap<String, Object>();
                row.put("word", pair._1());
                row.put("count", pair._2());
                return (Map<String, Object>) row;
            }).toList();
            dashboard.replace("words", batches.incrementAndGet(), rows, Map.of());
        });
    }
}
