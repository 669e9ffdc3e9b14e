package dev.streaminglabs.testkit;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import org.opentest4j.AssertionFailedError;

/**
 * Checks a result table's columns by name, before a test reads its rows: a query grouped by the wrong columns then
 * fails with what it got and what was expected, in the course's words, instead of an index out of bounds in a helper.
 *
 * <pre>{@code
 * ResultColumns.assertColumns("the windowed counts", counts.columns(), List.of("window", "sensor", "count"),
 *         Map.of("sensor", "group by the sensor too"));
 * // the windowed counts: got [window, count]; expected [window, sensor, count]: group by the sensor too
 * }</pre>
 */
public final class ResultColumns {

    private ResultColumns() {
    }

    /**
     * The columns are exactly {@code expected}, in any order. On failure the message adds the advice given for each
     * missing column (the likely cause of its absence), or names the columns that should not be there.
     */
    public static void assertColumns(String what, String[] actual, List<String> expected,
                                     Map<String, String> adviceWhenMissing) {
        var got = Arrays.asList(actual);
        var missing = expected.stream().filter(column -> !got.contains(column)).toList();
        var extra = got.stream().filter(column -> !expected.contains(column)).toList();
        if (missing.isEmpty() && extra.isEmpty()) {
            return;
        }
        var advice = new ArrayList<String>();
        for (var column : missing) {
            advice.add(adviceWhenMissing.getOrDefault(column, "no column " + column));
        }
        if (!extra.isEmpty()) {
            advice.add((extra.size() == 1 ? "%s is not a column of the result" : "%s are not columns of the result")
                    .formatted(String.join(", ", extra)));
        }
        throw new AssertionFailedError("%s: got %s; expected %s: %s".formatted(what, got, expected,
                String.join("; ", advice)), expected, got);
    }
}
