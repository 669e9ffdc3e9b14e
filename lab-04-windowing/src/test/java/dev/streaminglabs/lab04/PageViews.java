package dev.streaminglabs.lab04;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.junit.jupiter.api.function.Executable;
import org.opentest4j.AssertionFailedError;
import scala.Tuple2;

import dev.streaminglabs.common.NotDoneYet;
import dev.streaminglabs.testkit.Batch;
import dev.streaminglabs.testkit.BatchOutputs;
import dev.streaminglabs.testkit.StreamAssertions;

/** Assertions on the windows of a DStream of page views, in the course's words. */
final class PageViews {

    private PageViews() {
    }

    /** The window that batch {@code number} computed held exactly these views (in any order). */
    static void assertWindowHolds(BatchOutputs<String> run, int number, String... views) {
        var expected = sorted(List.of(views));
        var actual = sorted(run.batch(number).records());
        if (!expected.equals(actual)) {
            throw new AssertionFailedError("%s: the window expected to hold %s but held %s%s"
                    .formatted(run.batch(number).label(), expected, actual, wholeRun(run)), expected, actual);
        }
    }

    /**
     * The window that {@code batch} computed held exactly these pages with these counts. A page that comes out twice
     * in a window, or with a count of 0, fails with what that says about the window.
     */
    static void assertPageCounts(Batch<Tuple2<String, Long>> batch, Map<String, Long> expected) {
        var seen = new HashMap<String, Long>();
        for (var pair : batch.records()) {
            var before = seen.put(pair._1(), pair._2());
            if (before != null) {
                throw new AssertionFailedError("""
                        %s: '%s' came out more than once in the window (%d and %d): the window holds several counts \
                        of one page, one per batch. A window needs one count per page, reduced over all of its \
                        batches: reduce over the window (reduceByKeyAndWindow), not batch by batch.""".formatted(
                        batch.label(), pair._1(), before, pair._2()));
            }
            if (pair._2() == 0 && !Long.valueOf(0).equals(expected.get(pair._1()))) {
                throw new AssertionFailedError("""
                        %s: the window holds '%s' with a count of 0: its views have all left the window. A page \
                        with no view in the window is not in its result: the filter function drops such pairs \
                        (keep the counts > 0).""".formatted(batch.label(), pair._1()));
            }
        }
        StreamAssertions.assertCounts(batch, expected);
    }

    /** Batch {@code number} produced exactly one number, the count of its window. */
    static void assertWindowCount(BatchOutputs<Long> run, int number, long expected) {
        var records = run.batch(number).records();
        if (records.size() != 1 || records.get(0) != expected) {
            throw new AssertionFailedError("%s: the window's count expected [%d] but was %s%s"
                    .formatted(run.batch(number).label(), expected, records, wholeRun(run)), List.of(expected),
                    records);
        }
    }

    /** Batch {@code number} produced nothing: no window ends on it, or its window was empty. */
    static void assertNothing(BatchOutputs<?> run, int number, String why) {
        if (!run.batch(number).records().isEmpty()) {
            throw new AssertionFailedError("%s: %s, expected no output but got %s%s"
                    .formatted(run.batch(number).label(), why, run.batch(number).records(), wholeRun(run)));
        }
    }

    /** Runs batch assertions; a failure also shows what every batch of the run produced. */
    static void showingTheRun(BatchOutputs<?> run, Runnable assertions) {
        try {
            assertions.run();
        } catch (AssertionFailedError failed) {
            throw new AssertionFailedError(failed.getMessage() + wholeRun(run),
                    failed.getExpected() == null ? null : failed.getExpected().getValue(),
                    failed.getActual() == null ? null : failed.getActual().getValue());
        }
    }

    private static String wholeRun(BatchOutputs<?> run) {
        return "\n\nwhat each batch produced:\n" + run;
    }

    /**
     * The error that setting up a stream raised. A skeleton's "not done yet" goes through untouched, so that the step
     * shows as not done rather than broken.
     */
    static Throwable refusalOf(Executable setup) {
        try {
            setup.execute();
        } catch (NotDoneYet notDone) {
            throw notDone;
        } catch (Throwable refused) {
            return refused;
        }
        throw new AssertionFailedError("expected Spark to refuse this stream, but it ran");
    }

    private static List<String> sorted(List<String> views) {
        return new ArrayList<>(views).stream().sorted().collect(Collectors.toList());
    }
}
