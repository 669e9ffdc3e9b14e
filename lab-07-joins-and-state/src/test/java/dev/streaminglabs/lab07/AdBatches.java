package dev.streaminglabs.lab07;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.opentest4j.AssertionFailedError;
import scala.Tuple2;

import dev.streaminglabs.testkit.Batch;
import dev.streaminglabs.testkit.BatchOutputs;

/** Assertions on the batches of step 1's ad streams, in the course's words, showing the whole run on a failure. */
final class AdBatches {

    private AdBatches() {
    }

    /** (impressions, clicks) of an ad, for readable expectations: {@code seen(2, 1)}. */
    static Tuple2<Long, Long> seen(long impressions, long clicks) {
        return new Tuple2<>(impressions, clicks);
    }

    /**
     * Batch {@code number} held exactly these ads with these (impressions, clicks), and no other ad.
     *
     * @param missingHint what to suspect when an expected ad is missing from the batch
     */
    static void assertAds(BatchOutputs<Tuple2<String, Tuple2<Long, Long>>> run, int number,
                          Map<String, Tuple2<Long, Long>> expected, String missingHint) {
        var batch = run.batch(number);
        var actual = asMap(batch);
        var problems = new ArrayList<String>();
        new TreeMap<>(expected).forEach((ad, counts) -> {
            if (!actual.containsKey(ad)) {
                problems.add("ad '%s' expected %s but it is missing%s".formatted(ad, describe(counts), missingHint));
            } else if (!actual.get(ad).equals(counts)) {
                problems.add("ad '%s' expected %s but was %s".formatted(ad, describe(counts), describe(actual.get(ad))));
            }
        });
        actual.forEach((ad, counts) -> {
            if (!expected.containsKey(ad)) {
                problems.add("ad '%s' was not expected (%s)".formatted(ad, describe(counts)));
            }
        });
        if (!problems.isEmpty()) {
            throw new AssertionFailedError("%s: %s%s".formatted(batch.label(), String.join("; ", problems), wholeRun(run)),
                    new TreeMap<>(expected).toString(), actual.toString());
        }
    }

    /** Batch {@code number} produced exactly these records, in any order. */
    static <R> void assertHolds(BatchOutputs<R> run, int number, List<R> expected, String what) {
        var batch = run.batch(number);
        var wanted = sorted(expected);
        var actual = sorted(batch.records());
        if (!wanted.equals(actual)) {
            throw new AssertionFailedError("%s: %s expected %s but was %s%s"
                    .formatted(batch.label(), what, wanted, actual, wholeRun(run)), wanted, actual);
        }
    }

    private static String describe(Tuple2<Long, Long> counts) {
        return "%d impression(s), %d click(s)".formatted(counts._1(), counts._2());
    }

    private static Map<String, Tuple2<Long, Long>> asMap(Batch<Tuple2<String, Tuple2<Long, Long>>> batch) {
        var map = new TreeMap<String, Tuple2<Long, Long>>();
        for (var record : batch.records()) {
            if (map.put(record._1(), record._2()) != null) {
                throw new AssertionFailedError("%s: ad '%s' came out more than once: %s. Each ad should appear once "
                        .formatted(batch.label(), record._1(), batch.records())
                        + "per batch: were the events counted per ad before the join?");
            }
        }
        return map;
    }

    private static <R> List<String> sorted(List<R> records) {
        return records.stream().map(String::valueOf).sorted().toList();
    }

    static String wholeRun(BatchOutputs<?> run) {
        return "\n\nwhat each batch produced:\n" + run;
    }
}
