package dev.streaminglabs.lab07;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.stream.Collectors;

import org.apache.spark.sql.Row;
import org.opentest4j.AssertionFailedError;

import dev.streaminglabs.lab07.AdEvents.Click;
import dev.streaminglabs.lab07.AdEvents.Impression;

/** The events of the structured tests, on one day (UTC), and the rows the queries emit, as short text. */
final class Events {

    /** Every event of these tests happens on this day (UTC). */
    static final String DAY = "2026-03-14T";

    private Events() {
    }

    /** 10:07 on the test day; {@code "10:07:30"} works too. */
    static Timestamp at(String time) {
        return Timestamp.from(instant(time));
    }

    static Instant instant(String time) {
        return Instant.parse(DAY + (time.length() == 5 ? time + ":00" : time) + "Z");
    }

    static Impression impression(String ad, String user, String time) {
        return new Impression(ad, user, at(time));
    }

    static Click click(String ad, String user, String time) {
        return new Click(ad, user, at(time));
    }

    static List<Row> rows(Impression... impressions) {
        return List.of(impressions).stream().map(Impression::toRow).toList();
    }

    static List<Row> rows(Click... clicks) {
        return List.of(clicks).stream().map(Click::toRow).toList();
    }

    /** "10:07" for a timestamp of the test day, "10:07:30" with seconds, "-" for null. */
    static String hhmm(Object time) {
        if (time == null) {
            return "-";
        }
        var text = ((Timestamp) time).toInstant().toString();   // 2026-03-14T10:07:00Z
        var clock = text.substring(text.indexOf('T') + 1, text.length() - 1);
        return clock.endsWith(":00") ? clock.substring(0, 5) : clock;
    }

    /** The values of these columns of a row, times as "10:07", nulls as "-": "a1 10:00 a1 10:05". */
    static String describe(Row row, String... columns) {
        var parts = new ArrayList<String>();
        for (var column : columns) {
            Object value = row.getAs(column);
            parts.add(value instanceof Timestamp ? hhmm(value) : value == null ? "-" : String.valueOf(value));
        }
        return String.join(" ", parts);
    }

    /** Each row described by {@link #describe}, sorted. */
    static List<String> described(Collection<Row> rows, String... columns) {
        return rows.stream().map(row -> describe(row, columns)).sorted().collect(Collectors.toList());
    }

    /** The rows, described by these columns, are exactly {@code expected} (in any order). */
    static void assertRows(String where, List<Row> rows, List<String> expected, String hint, String... columns) {
        var actual = described(rows, columns);
        var wanted = expected.stream().sorted().toList();
        if (!actual.equals(wanted)) {
            var missing = new ArrayList<>(wanted);
            actual.forEach(missing::remove);
            var unexpected = new ArrayList<>(actual);
            wanted.forEach(unexpected::remove);
            var problems = new ArrayList<String>();
            if (!missing.isEmpty()) {
                problems.add("missing " + missing);
            }
            if (!unexpected.isEmpty()) {
                problems.add("not expected " + unexpected);
            }
            throw new AssertionFailedError("%s (%s): expected %s but got %s — %s%s".formatted(where,
                    String.join(", ", columns), wanted, actual, String.join("; ", problems),
                    hint.isEmpty() ? "" : ". " + hint), wanted, actual);
        }
    }
}
