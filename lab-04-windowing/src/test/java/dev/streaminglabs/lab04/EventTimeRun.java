package dev.streaminglabs.lab04;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.function.Function;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoder;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.streaming.OutputMode;
import org.opentest4j.AssertionFailedError;

import dev.streaminglabs.common.MemoryInput;
import dev.streaminglabs.common.timeline.WindowTimeline;
import dev.streaminglabs.testkit.QueryRun;
import dev.streaminglabs.testkit.TestSpark;

/**
 * A windowed Structured Streaming query under test, fed trigger by trigger with events that carry their own time.
 * It draws the run as a {@link WindowTimeline} and adds the picture to every failed assertion.
 *
 * <pre>{@code
 * try (var run = EventTimeRun.start(SensorReading.encoder(), readings -> tumblingCounts(readings, "10 minutes"),
 *         OutputMode.Update(), WindowTimeline.tumbling(Duration.ofMinutes(10)), SensorReading::time,
 *         SensorReading::toRow)) {
 *     run.trigger(reading("s1", "10:02"));
 *     run.assertEmitted(window("10:00", "10:10", "s1", 1));
 * }
 * }</pre>
 */
final class EventTimeRun<E> implements AutoCloseable {

    /** Every event of these tests happens on this day (UTC). */
    static final String DAY = "2026-03-14T";

    private final MemoryInput<Row> input;
    private final QueryRun query;
    private final String mode;
    private final WindowTimeline timeline;
    private final Function<E, Timestamp> timeOf;
    private final Function<E, Row> toRow;
    private List<WindowCount> lastEmitted = List.of();

    private EventTimeRun(MemoryInput<Row> input, QueryRun query, String mode, WindowTimeline timeline,
                         Function<E, Timestamp> timeOf, Function<E, Row> toRow) {
        this.toRow = toRow;
        this.input = input;
        this.query = query;
        this.mode = mode;
        this.timeline = timeline;
        this.timeOf = timeOf;
    }

    /** Builds the query with the step's method (a skeleton's hole fails here), then starts it in {@code mode}. */
    static <E> EventTimeRun<E> start(Encoder<Row> encoder, Function<Dataset<Row>, Dataset<Row>> windowed,
                                     OutputMode mode, WindowTimeline timeline, Function<E, Timestamp> timeOf,
                                     Function<E, Row> toRow) {
        var input = TestSpark.memoryInput(encoder);
        var result = windowed.apply(input.toDF());
        if (result == null) {
            throw new IllegalStateException("the step's method returned null instead of a Dataset");
        }
        return new EventTimeRun<>(input, QueryRun.start(result, mode), mode.toString().toLowerCase(), timeline,
                timeOf, toRow);
    }

    /** 10:07 on the test day, as a timestamp; {@code "10:07:30"} works too. */
    static Timestamp at(String time) {
        return Timestamp.from(instant(time));
    }

    static Instant instant(String time) {
        return Instant.parse(DAY + (time.length() == 5 ? time + ":00" : time) + "Z");
    }

    /** The window start–end (or session) of key that the query emitted with count. */
    static WindowCount window(String start, String end, String key, long count) {
        return new WindowCount(start + "–" + end, key, count);
    }

    /** Adds these events to the input and runs the query until it has processed them all. */
    @SafeVarargs
    final List<WindowCount> trigger(E... events) {
        timeline.trigger();
        for (var event : events) {
            var time = timeOf.apply(event);
            timeline.event(time == null ? null : time.toInstant());
        }
        input.addAll(Arrays.stream(events).map(toRow).toList());
        var rows = query.processAllAvailable();
        var emitted = new ArrayList<WindowCount>();
        for (var row : rows) {
            var window = row.getStruct(0);
            var start = window.getTimestamp(0).toInstant();
            var end = window.getTimestamp(1).toInstant();
            var count = new WindowCount(hhmm(start) + "–" + hhmm(end), String.valueOf(row.get(1)), row.getLong(2));
            emitted.add(count);
            timeline.emitted(start, end, count.key() + "=" + count.count());
        }
        timeline.watermark(watermark());
        emitted.sort(Comparator.comparing(WindowCount::toString));
        lastEmitted = emitted;
        return emitted;
    }

    /** The watermark the next trigger will use: Spark reports it in the query's progress. */
    Instant watermark() {
        var progress = query.query().lastProgress();
        if (progress == null || progress.eventTime().get("watermark") == null) {
            return null;
        }
        var watermark = Instant.parse(progress.eventTime().get("watermark"));
        return watermark.equals(Instant.EPOCH) ? null : watermark;
    }

    QueryRun query() {
        return query;
    }

    /** The last trigger emitted exactly these windows (in any order), or the failure shows the whole run. */
    void assertEmitted(WindowCount... expected) {
        var label = "trigger %d (%s mode)".formatted(timeline.triggers(), mode);
        var wanted = new ArrayList<>(Arrays.asList(expected));
        wanted.sort(Comparator.comparing(WindowCount::toString));
        if (wanted.equals(lastEmitted)) {
            return;
        }
        var problems = new ArrayList<String>();
        for (var window : wanted) {
            var same = lastEmitted.stream().filter(actual -> actual.sameWindow(window)).findFirst();
            if (same.isEmpty()) {
                problems.add("window %s of %s expected count %d but it was not emitted"
                        .formatted(window.window(), window.key(), window.count()));
            } else if (same.get().count() != window.count()) {
                problems.add("window %s of %s count expected %d but was %d"
                        .formatted(window.window(), window.key(), window.count(), same.get().count()));
            }
        }
        for (var actual : lastEmitted) {
            if (wanted.stream().noneMatch(window -> window.sameWindow(actual))) {
                problems.add("window %s of %s was emitted (count %d) but was not expected"
                        .formatted(actual.window(), actual.key(), actual.count()));
            }
        }
        if (problems.isEmpty()) {
            problems.add("a window was emitted more than once: " + lastEmitted);
        }
        throw new AssertionFailedError("%s: %s%n%n%s".formatted(label, String.join("; ", problems), timeline.render()),
                wanted, lastEmitted);
    }

    /** Adds the run's picture to a failure message. */
    String picture() {
        return "\n\n" + timeline.render();
    }

    private static String hhmm(Instant time) {
        var text = time.toString();   // 2026-03-14T10:07:00Z
        var clock = text.substring(text.indexOf('T') + 1, text.length() - 1);
        return clock.endsWith(":00") ? clock.substring(0, 5) : clock;
    }

    @Override
    public void close() {
        query.close();
    }

    /** A window (its start–end), a key and its count, as a query emitted it. */
    record WindowCount(String window, String key, long count) {

        boolean sameWindow(WindowCount other) {
            return window.equals(other.window) && key.equals(other.key);
        }

        @Override
        public String toString() {
            return window + " " + key + "=" + count;
        }
    }

    static Duration minutes(long minutes) {
        return Duration.ofMinutes(minutes);
    }
}
