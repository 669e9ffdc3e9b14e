package dev.streaminglabs.testkit;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

import org.apache.spark.sql.Row;
import org.opentest4j.AssertionFailedError;

/**
 * Assertions on the rows a Structured Streaming query emitted (see {@link QueryRun}) or holds in a table, with
 * failure messages in the course's words: {@code trigger 2: count of 'spark' expected 3 but was 1}.
 *
 * <p>A "count" row is a key in its first column and a number in its last one, as {@code groupBy(...).count()}
 * makes them.
 *
 * <pre>{@code
 * assertCounts("trigger 2", query.processAllAvailable(), Map.of("spark", 3L, "flink", 1L));
 * }</pre>
 */
public final class RowAssertions {

    private RowAssertions() {
    }

    /** The rows are exactly these keys with these counts, and nothing else. */
    public static void assertCounts(String where, List<Row> rows, Map<String, Long> expected) {
        var actual = countsOf(where, rows);
        var problems = new ArrayList<String>();
        new TreeMap<>(expected).forEach((key, count) -> {
            if (!actual.containsKey(key)) {
                problems.add("count of '%s' expected %d but it is missing".formatted(key, count));
            } else if (!Objects.equals(actual.get(key), count)) {
                problems.add("count of '%s' expected %d but was %d".formatted(key, count, actual.get(key)));
            }
        });
        actual.forEach((key, count) -> {
            if (!expected.containsKey(key)) {
                problems.add("unexpected '%s' (count %d)".formatted(key, count));
            }
        });
        if (!problems.isEmpty()) {
            throw new AssertionFailedError("%s: %s".formatted(where, String.join("; ", problems)),
                    new TreeMap<>(expected), actual);
        }
    }

    /** No row at all. */
    public static void assertNoRows(String where, List<Row> rows) {
        if (!rows.isEmpty()) {
            throw new AssertionFailedError("%s: expected no row but got %s".formatted(where, rows), List.of(), rows);
        }
    }

    /** The values of {@code column}, in any order, are exactly these (duplicates count). */
    public static void assertValues(String where, List<Row> rows, String column, List<?> expected) {
        var actual = valuesOf(rows, column);
        var sortedActual = actual.stream().map(String::valueOf).sorted().toList();
        var sortedExpected = expected.stream().map(String::valueOf).sorted().toList();
        if (!sortedActual.equals(sortedExpected)) {
            throw new AssertionFailedError("%s: %s expected %s (in any order) but was %s"
                    .formatted(where, column, sortedExpected, sortedActual), sortedExpected, sortedActual);
        }
    }

    /** The values of one column, in row order. */
    public static List<Object> valuesOf(List<Row> rows, String column) {
        return rows.stream().map(row -> (Object) row.getAs(column)).toList();
    }

    /**
     * The rows as key → count (first column → last column), sorted by key, failing if a key came out twice: a
     * result table has one row per key.
     */
    public static Map<String, Long> countsOf(String where, List<Row> rows) {
        var counts = new TreeMap<String, Long>();
        for (var row : rows) {
            var key = String.valueOf(row.get(0));
            var count = ((Number) row.get(row.length() - 1)).longValue();
            var before = counts.put(key, count);
            if (before != null) {
                throw new AssertionFailedError("""
                        %s: '%s' came out more than once (%d and %d). A result table has one row per key: \
                        was the query grouped by it?""".formatted(where, key, before, count));
            }
        }
        return counts;
    }
}
