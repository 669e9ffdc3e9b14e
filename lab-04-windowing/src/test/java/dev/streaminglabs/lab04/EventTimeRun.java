package dev.streaminglabs.lab04;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoder;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.streaming.OutputMode;
import org.opentest4j.AssertionFailedError;

import dev.streaminglabs.common.MemoryInput;
import dev.streaminglabs.common.timeline.WindowTimeline;
import dev.streaminglabs.testkit.QueryRun;
import dev.streaminglabs.testkit.RowAssertions;
import dev.streaminglabs.testkit.TestSpark;

/**
 * A windowed Structured Streaming query under test, fed trigger by trigger with events that carry their own time.
 * It draws the run as a {@link WindowTimeline} and adds the picture to every failed assertion.
 *
 * <pre>{@code
 * try (var run = EventTimeRun.start(SensorReading.encoder(), readings -> tumblingCounts(readings, "10 minutes"),
 *         OutputMode.Update(), WindowTimeline.tumbling(Duration.ofMinutes(10)), Result.SENSOR_COUNTS,
 *         SensorReading::time, SensorReading::toRow)) {
 *     run.trigger(reading("s1", "10:02"));
 *     run.assertEmitted(window("10:00", "10:10", "s1", 1));
 * }
 * }</pre>
 */
final class EventTimeRun<E> implements AutoCloseable {

    /** Every event of these tests happens on this day (UTC). */
    static final String DAY = "2026-03-14T";

    /**
     * The columns a windowed count must have, read by name, and what the absence of each one says about the query.
     *
     * @param window the column of the window (a struct of start, end)
     * @param key    the column of what is counted per window (a sensor, a user)
     * @param events what the events are called, in failure messages
     */
    record Result(String window, String key, String events, Map<String, String> adviceWhenMissing) {

        static final Result SENSOR_COUNTS = new Result("window", "sensor", "readings", Map.of(
                "window", "group by window(time, ...) too",
                "sensor", "group by the sensor too",
                "count", "count the readings of each group (count())"));

        static final Result SESSION_COUNTS = new Result("session_window", "user", "clicks", Map.of(
                "session_window", "a session has no fixed length: group by session_window(time, gap), not by a "
                        + "window of fixed length",
                "user", "group by the user too",
                "count", "count the clicks of each session (count())"));

        List<String> columns() {
            return List.of(window, key, "count");
        }
    }

    private final MemoryInput<Row> input;
    private final QueryRun query;
    private final String mode;
    private final WindowTimeline timeline;
    private final Result result;
    private final Function<E, Timestamp> timeOf;
    private final Function<E, Row> toRow;
    private List<WindowCount> lastEmitted = List.of();
    private List<Duration> lastLengths = List.of();
    private Instant latestEvent;
    private Duration length;
    private Duration delay;

    private EventTimeRun(MemoryInput<Row> input, QueryRun query, String mode, WindowTimeline timeline, Result result,
                         Function<E, Timestamp> timeOf, Function<E, Row> toRow) {
        this.toRow = toRow;
        this.input = input;
        this.query = query;
        this.mode = mode;
        this.timeline = timeline;
        this.result = result;
        this.timeOf = timeOf;
    }

    /**
     * Builds the query with the step's method (a skeleton's hole fails here), checks its columns by name, then starts
     * it in {@code mode}.
     */
    static <E> EventTimeRun<E> start(Encoder<Row> encoder, Function<Dataset<Row>, Dataset<Row>> windowed,
                                     OutputMode mode, WindowTimeline timeline, Result result,
                                     Function<E, Timestamp> timeOf, Function<E, Row> toRow) {
        var input = TestSpark.memoryInput(encoder);
        var counts = built(windowed, input.toDF());
        if (counts == null) {
            throw new IllegalStateException("the step's method returned null instead of a Dataset");
        }
        RowAssertions.assertColumns("the columns of the windowed counts", counts.columns(), result.columns(),
                result.adviceWhenMissing());
        return new EventTimeRun<>(input, QueryRun.start(counts, mode), mode.toString().toLowerCase(),
                timeline.eventsCalled(result.events()), result, timeOf, toRow);
    }

    /**
     * The step's query on {@code input}. A query that Spark refuses to build fails with Spark's first line; when the
     * refusal is a watermark on a column the Dataset does not have, the message says where the watermark goes.
     */
    private static Dataset<Row> built(Function<Dataset<Row>, Dataset<Row>> windowed, Dataset<Row> input) {
        try {
            return windowed.apply(input);
        } catch (RuntimeException notDoneOrOther) {
            throw notDoneOrOther;
        } catch (Exception refused) {   // an AnalysisException: Scala declares no checked exception
            var message = String.valueOf(refused.getMessage());
            var firstLine = message.lines().findFirst().orElse("");
            if (firstLine.contains("UNRESOLVED_COLUMN") && message.contains("EventTimeWatermark")) {
                throw new AssertionFailedError("Spark refuses the query: " + firstLine + " The watermark is declared "
                        + "on a Dataset that has no such column, such as the result of the aggregation: "
                        + "withWatermark goes on the input, before the groupBy that uses it.", refused);
            }
            throw new AssertionFailedError("Spark refuses the query: " + firstLine, refused);
        }
    }

    /**
     * The query's windows last {@code length} and its watermark is {@code delay} behind the latest event: a failure
     * says so when the windows or the watermark do not match (no watermark, the length used as the delay...).
     */
    EventTimeRun<E> expectingAWatermark(Duration length, Duration delay) {
        this.length = length;
        this.delay = delay;
        return this;
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
            if (time != null && (latestEvent == null || time.toInstant().isAfter(latestEvent))) {
                latestEvent = time.toInstant();
            }
        }
        input.addAll(Arrays.stream(events).map(toRow).toList());
        var rows = query.processAllAvailable();
        var emitted = new ArrayList<WindowCount>();
        var lengths = new ArrayList<Duration>();
        for (var row : rows) {
            Row window = row.getAs(result.window());
            var start = window.<Timestamp>getAs("start").toInstant();
            var end = window.<Timestamp>getAs("end").toInstant();
            var key = String.valueOf(row.<Object>getAs(result.key()));
            long number = ((Number) row.getAs("count")).longValue();
            var count = new WindowCount(hhmm(start) + "–" + clock(end), key, number);
            emitted.add(count);
            if (!lengths.contains(Duration.between(start, end))) {
                lengths.add(Duration.between(start, end));
            }
            timeline.emitted(start, end, count.key() + "=" + count.count());
        }
        lastLengths = lengths;
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

    /** The rows the watermark made the query drop, over every micro-batch it ran (its recent progress). */
    long droppedInAllMicroBatches() {
        return Arrays.stream(query.query().recentProgress())
                .flatMap(progress -> Arrays.stream(progress.stateOperators()))
                .mapToLong(operator -> operator.numRowsDroppedByWatermark())
                .sum();
    }

    /** Each micro-batch the query ran, with its input and drops: "micro-batch 3: 2 rows in, 1 dropped". */
    String microBatches() {
        var lines = new ArrayList<String>();
        for (var progress : query.query().recentProgress()) {
            long dropped = Arrays.stream(progress.stateOperators())
                    .mapToLong(operator -> operator.numRowsDroppedByWatermark()).sum();
            lines.add("micro-batch %d: %d rows in, %d dropped%s".formatted(progress.batchId(),
                    progress.numInputRows(), dropped, progress.numInputRows() == 0 ? " (a no-data batch)" : ""));
        }
        return String.join("\n", lines);
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
        timeline.diagnosis().ifPresent(problems::add);
        problems.addAll(watermarkProblems());
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

    /**
     * What the run shows about the watermark and the windows that the test did not ask for: no watermark, a
     * watermark that is not {@code delay} behind the latest event, windows that do not last {@code length}. Empty
     * when the test gave no expectation ({@link #expectingAWatermark}) or all is as expected.
     */
    List<String> watermarkProblems() {
        var problems = new ArrayList<String>();
        if (delay == null || latestEvent == null) {
            return problems;
        }
        var watermark = watermark();
        if (watermark == null) {
            problems.add("the query reports no watermark: withWatermark(time, delay) goes before the aggregation, on "
                    + "the time column the windows are cut on");
        } else if (!Duration.between(watermark, latestEvent).equals(delay)) {
            problems.add("the watermark is %s, %s behind the latest %s (%s), where the delay is %s%s".formatted(
                    hhmm(watermark), human(Duration.between(watermark, latestEvent)),
                    result.events().replaceAll("s$", ""), hhmm(latestEvent), human(delay),
                    Duration.between(watermark, latestEvent).equals(length)
                            ? ": was the window length given as the delay?" : ""));
        }
        for (var emitted : lastLengths) {
            if (!emitted.equals(length)) {
                problems.add("the windows emitted last %s, not %s%s".formatted(human(emitted),
                        human(length), emitted.equals(delay)
                                ? " (the delay): are the window length and the delay swapped?" : ""));
            }
        }
        return problems;
    }

    /** The watermark's problems, if any, for an assertion's description; else nothing. */
    String watermarkNotes() {
        var problems = watermarkProblems();
        return problems.isEmpty() ? "" : " — " + String.join("; ", problems);
    }

    private static String human(Duration duration) {
        return duration.toSeconds() % 60 != 0 ? duration.toSeconds() + " s"
                : duration.toMinutes() % 60 != 0 || duration.isZero() ? duration.toMinutes() + " min"
                : duration.toHours() + " h";
    }

    /** Adds the run's picture to a failure message. */
    String picture() {
        return "\n\n" + timeline.render();
    }

    /** 10:07, or 10:07:30; with the date when it is not the test day (a window cut on the wall clock). */
    private static String hhmm(Instant time) {
        var text = time.toString();   // 2026-03-14T10:07:00Z
        return text.startsWith(DAY) ? clock(time) : text.substring(0, text.indexOf('T')) + " " + clock(time);
    }

    /** 10:07, or 10:07:30, whatever the day: the end of a window, whose start says the day. */
    private static String clock(Instant time) {
        var text = time.toString();
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
