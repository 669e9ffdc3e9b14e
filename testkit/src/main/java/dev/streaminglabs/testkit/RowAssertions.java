package dev.streaminglabs.testkit;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.apache.spark.sql.Row;
import org.opentest4j.AssertionFailedError;

/**
 * Assertions on the rows a Structured Streaming query emitted (see {@link QueryRun}) or holds in a table, with
 * failure messages in the course's words: {@code trigger 2: count of 'spark' expected 3 but was 1}.
 *
 * <p>Rows are read by column NAME: a result with other columns than expected fails with what it has and what was
 * expected ({@code got [window, count]; expected [window, sensor, count]}), never with an index out of bounds.
 *
 * <pre>{@code
 * assertCounts("trigger 2", query.processAllAvailable(), "word", Map.of("spark", 3L, "flink", 1L));
 * assertColumns("trigger 1", query.columns(), List.of("window", "sensor", "count"), "group by the sensor too");
 * }</pre>
 */
public final class RowAssertions {

    private RowAssertions() {
    }

    /** The result has exactly these columns, in this order (see {@link QueryRun#columns()}). */
    public static void assertColumns(String where, List<String> actual, List<String> expected, String hint) {
        if (!actual.equals(expected)) {
            throw new AssertionFailedError("%s: the result has the columns %s; expected %s%s".formatted(where,
                    actual, expected, hint == null || hint.isBlank() ? "" : ": " + hint), expected, actual);
        }
    }

    /** The rows are exactly these keys (column {@code keyColumn}) with these counts (column {@code count}). */
    public static void assertCounts(String where, List<Row> rows, String keyColumn, Map<String, Long> expected) {
        var actual = countsOf(where, rows, keyColumn, "count");
        var problems = CountDiff.between(expected, actual);
        if (!problems.isEmpty()) {
            throw new AssertionFailedError("%s: %s".formatted(where, String.join("; ", problems)),
                    new TreeMap<>(expected), actual);
        }
    }

    /**
     * The rows are exactly these keys (the first column, whatever its name) with these counts (the column
     * {@code count}, as {@code groupBy(...).count()} names it).
     */
    public static void assertCounts(String where, List<Row> rows, Map<String, Long> expected) {
        var keyColumn = rows.isEmpty() || rows.get(0).schema() == null ? "" : rows.get(0).schema().fieldNames()[0];
        assertCounts(where, rows, keyColumn, expected);
    }

    /** No row at all. */
    public static void assertNoRows(String where, List<Row> rows) {
        if (!rows.isEmpty()) {
            throw new AssertionFailedError("%s: expected no row but got %s".formatted(where, rows), List.of(), rows);
        }
    }

    /** The values of {@code column}, in any order, are exactly these (duplicates count). */
    public static void assertValues(String where, List<Row> rows, String column, List<?> expected) {
        var actual = valuesOf(where, rows, column);
        var sortedActual = actual.stream().map(String::valueOf).sorted().toList();
        var sortedExpected = expected.stream().map(String::valueOf).sorted().toList();
        if (!sortedActual.equals(sortedExpected)) {
            throw new AssertionFailedError("%s: %s expected %s (in any order) but was %s"
                    .formatted(where, column, sortedExpected, sortedActual), sortedExpected, sortedActual);
        }
    }

    /** The values of one column, in row order; a missing column fails with the columns there are. */
    public static List<Object> valuesOf(String where, List<Row> rows, String column) {
        rows.stream().findFirst().ifPresent(row -> requireColumn(where, row, column));
        return rows.stream().map(row -> (Object) row.getAs(column)).toList();
    }

    /**
     * The rows as key → count, sorted by key, failing if a key came out twice: a result table has one row per key,
     * and a result emitted in one trigger holds each key once.
     */
    public static Map<String, Long> countsOf(String where, List<Row> rows, String keyColumn, String countColumn) {
        var counts = new TreeMap<String, Long>();
        for (var row : rows) {
            requireColumn(where, row, keyColumn);
            requireColumn(where, row, countColumn);
            var key = String.valueOf((Object) row.getAs(keyColumn));
            var count = ((Number) row.getAs(countColumn)).longValue();
            var before = counts.put(key, count);
            if (before != null) {
                throw new AssertionFailedError("%s: '%s' appears in two rows (counts %d and %d)"
                        .formatted(where, key, before, count));
            }
        }
        return counts;
    }

    private static void requireColumn(String where, Row row, String column) {
        if (row.schema() != null && !Arrays.asList(row.schema().fieldNames()).contains(column)) {
            throw new AssertionFailedError("%s: the result has no column '%s'; its columns are %s".formatted(where,
                    column, Arrays.toString(row.schema().fieldNames())));
        }
    }
}
