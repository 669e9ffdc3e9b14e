package dev.streaminglabs.common.timeline;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * "See the window": a text picture of an event-time run, trigger by trigger, at most {@value #WIDTH} columns wide.
 *
 * <pre>{@code
 * var timeline = WindowTimeline.tumbling(Duration.ofMinutes(10));
 * timeline.trigger();                                   // trigger 1: what follows arrived in it
 * timeline.event(Instant.parse("2026-01-01T10:02:00Z"));
 * timeline.watermark(Instant.parse("2026-01-01T09:53:00Z"));
 * timeline.emitted(start, end, "s1=1");
 * System.out.println(timeline.render());
 * }</pre>
 * prints
 * <pre>
 * TIMELINE · tumbling windows of 10 min · 1 column = 1 min
 * (* on time · o older than the watermark, counted · x too late, dropped · | watermark)
 * event time  10:00     10:10
 * windows     [---------[
 * trigger 1     *                                                                    1 in
 *   watermark (before the axis)                                                      09:53
 *   emitted   10:00–10:10 s1=1
 * </pre>
 *
 * Events are marked {@code *} when they arrive on time, {@code o} when they are older than the watermark in force at
 * their trigger but a window of theirs is still open (counted), {@code x} when every window of theirs had already
 * closed (dropped); a digit when several events share a column. The watermark line runs up to the watermark computed
 * at the end of the trigger, which the next trigger uses. Times are shown in UTC. Not thread-safe: fill it from one
 * thread (the test's, or the driver's).
 *
 * <p>When no emitted window holds any of the events, the windows were not cut on the events' time: the picture then
 * says so first ({@link #diagnosis()}: "the windows emitted are 262 days after the readings: were they cut on arrival
 * time…"), draws its axis over the events only, and lists the emitted windows with their dates.
 */
public final class WindowTimeline {

    /** The widest line it draws: a terminal of 100 columns shows it without wrapping. */
    public static final int WIDTH = 100;

    private static final int LABEL = 12;
    private static final int RIGHT = 18;
    private static final int PLOT = WIDTH - LABEL - RIGHT;
    private static final List<Duration> UNITS = Stream.of(1L, 2L, 5L, 10L, 15L, 30L, 60L, 120L, 300L, 600L, 900L,
            1800L, 3600L, 7200L, 3 * 3600L, 6 * 3600L, 12 * 3600L, 24 * 3600L, 7 * 24 * 3600L)
            .map(Duration::ofSeconds).toList();

    private final Duration length;
    private final Duration slide;
    private final List<Trigger> triggers = new ArrayList<>();
    private String events = "events";

    private WindowTimeline(Duration length, Duration slide) {
        this.length = length;
        this.slide = slide;
    }

    /** Windows of {@code length}, one after the other, aligned on the epoch as Spark's {@code window()} aligns them. */
    public static WindowTimeline tumbling(Duration length) {
        return sliding(length, length);
    }

    /** Windows of {@code length} starting every {@code slide}, aligned on the epoch. */
    public static WindowTimeline sliding(Duration length, Duration slide) {
        if (length.isZero() || length.isNegative() || slide.isZero() || slide.isNegative()) {
            throw new IllegalArgumentException("window length and slide must be positive: " + length + ", " + slide);
        }
        return new WindowTimeline(length, slide);
    }

    /** Windows that are not on a grid (session windows): only the emitted ones are listed, none is drawn. */
    public static WindowTimeline withoutGrid() {
        return new WindowTimeline(null, null);
    }

    /** What the events are, in the words of the lab ("readings", "clicks"): the picture's diagnosis names them. */
    public WindowTimeline eventsCalled(String noun) {
        this.events = noun;
        return this;
    }

    /** Starts the next trigger (or batch): the events, watermark and emitted windows that follow belong to it. */
    public WindowTimeline trigger() {
        triggers.add(new Trigger(triggers.size() + 1));
        return this;
    }

    /** An event that arrived in the current trigger; {@code null} for an event that carries no time. */
    public WindowTimeline event(Instant time) {
        current().events.add(time);
        return this;
    }

    /** The watermark at the end of the current trigger (the next trigger drops what is older than its windows). */
    public WindowTimeline watermark(Instant watermark) {
        current().watermark = watermark;
        return this;
    }

    /** A window the current trigger emitted, with what it said ("s1=3"). */
    public WindowTimeline emitted(Instant start, Instant end, String what) {
        current().emitted.add(new Emitted(start, end, what));
        return this;
    }

    public int triggers() {
        return triggers.size();
    }

    private Trigger current() {
        if (triggers.isEmpty()) {
            trigger();
        }
        return triggers.get(triggers.size() - 1);
    }

    /**
     * What is wrong with the run at first sight, if something is: the windows emitted hold none of the events. A
     * window cut on the arrival (processing) time of the rows lands where the wall clock was, days away from the
     * events' own times; the message says how far, and in which direction.
     */
    public Optional<String> diagnosis() {
        var times = triggers.stream().flatMap(trigger -> trigger.events.stream()).filter(time -> time != null)
                .sorted().toList();
        var windows = triggers.stream().flatMap(trigger -> trigger.emitted.stream()).toList();
        if (times.isEmpty() || windows.isEmpty() || windows.stream().anyMatch(window -> times.stream()
                .anyMatch(time -> !time.isBefore(window.start) && time.isBefore(window.end)))) {
            return Optional.empty();
        }
        var firstEvent = times.get(0);
        var lastEvent = times.get(times.size() - 1);
        var firstStart = windows.stream().map(Emitted::start).min(Instant::compareTo).orElseThrow();
        var lastEnd = windows.stream().map(Emitted::end).max(Instant::compareTo).orElseThrow();
        if (!firstStart.isBefore(lastEvent)) {
            return Optional.of("the windows emitted are %s after the %s: were they cut on arrival time "
                    .formatted(distance(Duration.between(lastEvent, firstStart)), events)
                    + "(current_timestamp()) instead of the time the %s carry?".formatted(events));
        }
        if (!lastEnd.isAfter(firstEvent)) {
            return Optional.of("the windows emitted end %s before the first of the %s: are they cut on the %s' time?"
                    .formatted(distance(Duration.between(lastEnd, firstEvent)), events, events));
        }
        return Optional.of("none of the windows emitted holds any of the %s: are they cut on the %s' time?"
                .formatted(events, events));
    }

    /** The picture, one line per row, none longer than {@value #WIDTH} characters. */
    public String render() {
        var diagnosis = diagnosis();
        var times = allTimes(diagnosis.isEmpty());
        if (times.isEmpty()) {
            return "(timeline: no event, no watermark, nothing emitted yet)\n";
        }
        var grid = length != null ? length : Duration.ofSeconds(1);
        var first = floor(times.stream().min(Instant::compareTo).orElseThrow(), grid);
        var last = ceil(times.stream().max(Instant::compareTo).orElseThrow(), grid);
        var unit = unitFor(Duration.between(first, last));
        if (length != null) {
            // About ten columns per window when the run is short enough: windows stay readable.
            var readable = UNITS.stream().filter(candidate -> candidate.multipliedBy(10).compareTo(length) <= 0)
                    .reduce((smaller, larger) -> larger).orElse(UNITS.get(0));
            unit = readable.compareTo(unit) > 0 ? readable : unit;
        }
        var axis = new Axis(first, unit, (int) Math.min(PLOT, Duration.between(first, last).toMillis() / unit.toMillis()
                + 1));
        var out = new StringBuilder();
        out.append(header(axis)).append('\n');
        diagnosis.ifPresent(text -> out.append(wrap("!! " + text)));
        out.append(pad("event time") + axis.labels(tickEvery(axis))).append('\n');
        if (length != null) {
            drawWindows(axis, out);
        }
        Instant inForce = null;
        for (var trigger : triggers) {
            out.append(line(pad("trigger " + trigger.number) + events(axis, trigger, inForce),
                    trigger.events.size() + " in" + withoutTime(trigger))).append('\n');
            out.append(watermarkLine(axis, trigger.watermark)).append('\n');
            out.append(emittedLines(trigger, diagnosis.isPresent()));
            if (trigger.watermark != null) {
                inForce = trigger.watermark;
            }
        }
        return out.toString();
    }

    @Override
    public String toString() {
        return render();
    }

    private String header(Axis axis) {
        var what = length == null ? "windows off the grid (sessions)"
                : length.equals(slide) ? "tumbling windows of " + human(length)
                : "windows of " + human(length) + " sliding every " + human(slide);
        return cut("TIMELINE · " + what + " · 1 column = " + human(axis.unit)) + '\n'
                + cut("(* on time · o older than the watermark, counted · x too late, dropped · | watermark)");
    }

    private void drawWindows(Axis axis, StringBuilder out) {
        long perColumn = axis.unit.toMillis();
        if (length.toMillis() < 2 * perColumn) {
            out.append(pad("windows") + "(narrower than two columns: not drawn)").append('\n');
            return;
        }
        long rows = Math.min(4, Math.max(1, length.toMillis() / slide.toMillis()));
        for (int row = 0; row < rows; row++) {
            var cells = blank(axis.columns);
            var start = floor(axis.first, slide).plus(slide.multipliedBy(row));
            if (start.isBefore(axis.first)) {
                start = start.plus(length);
            }
            for (var windowStart = start; axis.column(windowStart) < axis.columns;
                 windowStart = windowStart.plus(slide.multipliedBy(rows))) {
                int from = axis.column(windowStart);
                int to = Math.min(axis.columns, axis.column(windowStart.plus(length)));
                for (int column = Math.max(0, from); column < to; column++) {
                    if (cells[column] == ' ') {
                        cells[column] = '-';
                    }
                }
                if (from >= 0) {
                    cells[from] = '[';
                }
            }
            out.append(pad(row == 0 ? "windows" : "") + new String(cells).stripTrailing()).append('\n');
        }
    }

    private String events(Axis axis, Trigger trigger, Instant inForce) {
        var counts = new int[axis.columns];
        var marks = blank(axis.columns);
        for (var time : trigger.events) {
            if (time == null) {
                continue;
            }
            int column = Math.min(axis.columns - 1, Math.max(0, axis.column(time)));
            counts[column]++;
            char mark = mark(time, inForce);
            if (counts[column] == 1) {
                marks[column] = mark;
            } else if (marks[column] != 'x' && marks[column] != 'o' || mark == marks[column]) {
                marks[column] = counts[column] > 9 ? '+' : Character.forDigit(counts[column], 10);
            }
        }
        return new String(marks);
    }

    private char mark(Instant time, Instant inForce) {
        if (inForce == null || !time.isBefore(inForce)) {
            return '*';
        }
        if (length == null) {
            return 'o';
        }
        // The last window holding the event ends at floor(time, slide) + length: if that is past, all are.
        var lastEnd = floor(time, slide).plus(length);
        return lastEnd.isAfter(inForce) ? 'o' : 'x';
    }

    private static String withoutTime(Trigger trigger) {
        long none = trigger.events.stream().filter(time -> time == null).count();
        return none == 0 ? "" : " (" + none + " no time)";
    }

    private String watermarkLine(Axis axis, Instant watermark) {
        if (watermark == null) {
            return pad("  watermark") + "(none)";
        }
        int column = axis.column(watermark);
        if (column < 0) {
            return line(pad("  watermark") + "(before the axis)", format(watermark));
        }
        var cells = new char[Math.min(column, axis.columns - 1) + 1];
        Arrays.fill(cells, '=');
        cells[cells.length - 1] = column >= axis.columns ? '>' : '|';
        return line(pad("  watermark") + new String(cells), format(watermark));
    }

    private String emittedLines(Trigger trigger, boolean withDates) {
        if (trigger.emitted.isEmpty()) {
            return pad("  emitted") + "nothing\n";
        }
        var out = new StringBuilder();
        var current = new StringBuilder(pad("  emitted"));
        boolean firstOnLine = true;
        for (var emitted : trigger.emitted) {
            var text = (withDates ? DateTimeFormatter.ISO_LOCAL_DATE.format(emitted.start.atOffset(ZoneOffset.UTC))
                    + " " : "") + format(emitted.start) + "–" + format(emitted.end) + " " + emitted.what;
            if (!firstOnLine && current.length() + 3 + text.length() > WIDTH) {
                out.append(current).append('\n');
                current = new StringBuilder(pad(""));
                firstOnLine = true;
            }
            current.append(firstOnLine ? "" : " · ").append(text);
            firstOnLine = false;
        }
        return out.append(cut(current.toString())).append('\n').toString();
    }

    private int tickEvery(Axis axis) {
        var grid = length != null ? slide : axis.unit.multipliedBy(10);
        long columnsPerTick = Math.max(1, grid.toMillis() / axis.unit.toMillis());
        long ticks = 1;
        while (columnsPerTick * ticks < 7) {
            ticks++;
        }
        return (int) (columnsPerTick * ticks);
    }

    /** The times the axis must show: the events and their windows, and the emitted windows when they are near. */
    private List<Instant> allTimes(boolean withEmitted) {
        var times = new ArrayList<Instant>();
        for (var trigger : triggers) {
            trigger.events.stream().filter(time -> time != null).forEach(times::add);
            if (length != null) {
                // Show every window of every event whole, up to the end of the last one.
                trigger.events.stream().filter(time -> time != null)
                        .forEach(time -> times.add(floor(time, slide).plus(length)));
            }
            for (var emitted : withEmitted ? trigger.emitted : List.<Emitted>of()) {
                times.add(emitted.start);
                times.add(emitted.end);
            }
        }
        if (!times.isEmpty()) {
            // Watermarks only stretch an axis that events or windows already started.
            var earliest = times.stream().min(Instant::compareTo).orElseThrow();
            triggers.stream().map(trigger -> trigger.watermark)
                    .filter(watermark -> watermark != null && watermark.isAfter(earliest))
                    .forEach(times::add);
        }
        return times;
    }

    private static Duration unitFor(Duration range) {
        for (var unit : UNITS) {
            if (range.toMillis() / unit.toMillis() < PLOT) {
                return unit;
            }
        }
        return UNITS.get(UNITS.size() - 1);
    }

    private static Instant floor(Instant time, Duration step) {
        long ms = time.toEpochMilli();
        return Instant.ofEpochMilli(Math.floorDiv(ms, step.toMillis()) * step.toMillis());
    }

    private static Instant ceil(Instant time, Duration step) {
        var floor = floor(time, step);
        return floor.equals(time) ? time : floor.plus(step);
    }

    static String format(Instant time) {
        var utc = time.atOffset(ZoneOffset.UTC);
        return utc.getSecond() == 0 && utc.getNano() == 0
                ? DateTimeFormatter.ofPattern("HH:mm").format(utc)
                : DateTimeFormatter.ofPattern("HH:mm:ss").format(utc);
    }

    static String human(Duration duration) {
        long seconds = duration.toSeconds();
        if (seconds >= 2 * 86_400 && seconds % 86_400 == 0) {
            return seconds / 86_400 + " days";
        }
        if (seconds % 3600 == 0) {
            return seconds / 3600 + " h";
        }
        if (seconds % 60 == 0) {
            return seconds / 60 + " min";
        }
        return seconds > 0 ? seconds + " s" : duration.toMillis() + " ms";
    }

    /** A distance in time, rounded down to what a reader needs: days, hours or minutes. */
    static String distance(Duration duration) {
        if (duration.toDays() >= 2) {
            return duration.toDays() + " days";
        }
        if (duration.toHours() >= 2) {
            return duration.toHours() + " h";
        }
        return duration.toMinutes() >= 1 ? duration.toMinutes() + " min" : duration.toSeconds() + " s";
    }

    /** Text cut into lines of at most {@value #WIDTH} characters, at spaces. */
    private static String wrap(String text) {
        var out = new StringBuilder();
        var line = new StringBuilder();
        for (var word : text.split(" ")) {
            if (line.length() > 0 && line.length() + 1 + word.length() > WIDTH) {
                out.append(line).append('\n');
                line = new StringBuilder("   ");
            }
            line.append(line.length() == 0 || line.toString().isBlank() ? "" : " ").append(word);
        }
        return out.append(line).append('\n').toString();
    }

    private static String pad(String label) {
        return String.format("%-" + LABEL + "s", label);
    }

    private static char[] blank(int columns) {
        var cells = new char[columns];
        Arrays.fill(cells, ' ');
        return cells;
    }

    /** A plotted line with a note aligned in the right margin. */
    private static String line(String plotted, String note) {
        var left = plotted.stripTrailing();
        int at = Math.max(left.length() + 2, WIDTH - RIGHT + 1);
        return cut(left + " ".repeat(at - left.length()) + note);
    }

    private static String cut(String text) {
        return text.length() <= WIDTH ? text : text.substring(0, WIDTH - 1) + "…";
    }

    /** Maps event time to columns. */
    private record Axis(Instant first, Duration unit, int columns) {

        int column(Instant time) {
            return (int) Math.floorDiv(Duration.between(first, time).toMillis(), unit.toMillis());
        }

        String labels(int every) {
            var cells = blank(columns + 8);
            for (int column = 0; column < columns; column += every) {
                var text = format(first.plus(unit.multipliedBy(column)));
                if (column + text.length() <= cells.length) {
                    text.getChars(0, text.length(), cells, column);
                }
            }
            return new String(cells).stripTrailing();
        }
    }

    private static final class Trigger {
        private final int number;
        private final List<Instant> events = new ArrayList<>();
        private final List<Emitted> emitted = new ArrayList<>();
        private Instant watermark;

        private Trigger(int number) {
            this.number = number;
        }
    }

    private record Emitted(Instant start, Instant end, String what) {
    }
}
