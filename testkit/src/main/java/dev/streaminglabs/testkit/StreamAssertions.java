package dev.streaminglabs.testkit;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

import org.opentest4j.AssertionFailedError;
import scala.Tuple2;

/**
 * Assertions on a batch's output, with failure messages in the course's words:
 * {@code batch at 2 s: count of 'spark' expected 3 but was 1}.
 */
public final class StreamAssertions {

    private StreamAssertions() {
    }

    /** The batch held exactly these keys with these counts, and nothing else. */
    public static <K, V> void assertCounts(Batch<Tuple2<K, V>> batch, Map<K, V> expected) {
        var actual = countsOf(batch);
        var problems = CountDiff.between(expected, actual);
        if (!problems.isEmpty()) {
            throw new AssertionFailedError("%s: %s".formatted(batch.label(), String.join("; ", problems)),
                    CountDiff.sorted(expected), CountDiff.sorted(actual));
        }
    }

    /** The batch held this count for this key (other keys may be there too). */
    public static <K, V> void assertCount(Batch<Tuple2<K, V>> batch, K key, V expected) {
        var actual = countsOf(batch);
        if (!actual.containsKey(key)) {
            throw new AssertionFailedError("%s: count of %s expected %s but it is missing; the batch held %s"
                    .formatted(batch.label(), CountDiff.quote(key), expected, actual), expected, null);
        }
        if (!Objects.equals(actual.get(key), expected)) {
            throw new AssertionFailedError("%s: count of %s expected %s but was %s"
                    .formatted(batch.label(), CountDiff.quote(key), expected, actual.get(key)), expected, actual.get(key));
        }
    }

    /** The batch produced no record at all. */
    public static void assertEmpty(Batch<?> batch) {
        if (!batch.records().isEmpty()) {
            throw new AssertionFailedError("%s: expected no output but got %s"
                    .formatted(batch.label(), batch.records()), List.of(), batch.records());
        }
    }

    /** The batch produced exactly these records, in this order. */
    public static <R> void assertRecordsInOrder(Batch<R> batch, List<R> expected) {
        if (!batch.records().equals(expected)) {
            throw new AssertionFailedError("%s: expected %s in this order but got %s"
                    .formatted(batch.label(), expected, batch.records()), expected, batch.records());
        }
    }

    /**
     * The batch's pairs as a map, failing if a key came out twice: a word count must leave one count per word.
     */
    public static <K, V> Map<K, V> countsOf(Batch<Tuple2<K, V>> batch) {
        var counts = new LinkedHashMap<K, V>();
        for (var pair : batch.records()) {
            if (counts.containsKey(pair._1())) {
                throw new AssertionFailedError("""
                        %s: %s came out more than once (%s and %s). Each key should appear once per batch: \
                        were the pairs reduced by key?""".formatted(batch.label(), CountDiff.quote(pair._1()),
                        counts.get(pair._1()), pair._2()));
            }
            counts.put(pair._1(), pair._2());
        }
        return counts;
    }

    /** Adds up the counts of each key over many batches: the total a stream delivered, whatever its batching. */
    public static <K> Map<K, Long> sumByKey(List<Tuple2<K, Long>> pairs) {
        var totals = new TreeMap<K, Long>();
        pairs.forEach(pair -> totals.merge(pair._1(), pair._2(), Long::sum));
        return totals;
    }
}
