package dev.streaminglabs.common.web;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Event-time windows on the dashboard: the browser twin of {@link dev.streaminglabs.common.timeline.WindowTimeline},
 * fed the same way, trigger by trigger. The page draws the windows on an event-time axis with each key's count, the
 * readings of each trigger at their event time (on time, late but counted, late and dropped), and the watermark.
 *
 * <pre>{@code
 * var view = WindowsView.tumbling(dashboard, Duration.ofMinutes(1));
 * view.trigger(1);                                      // what follows arrived in trigger 1
 * view.event(Instant.parse("2026-03-14T10:00:12Z"), "s1");
 * view.emitted(start, end, "s1", 4);                    // a row the trigger emitted (update mode)
 * view.watermark(watermarkAfterTheTrigger);             // the watermark the next trigger uses
 * view.publish(droppedSoFar);                           // sends it all to the pages
 * }</pre>
 *
 * A reading is classified against the watermark in force during its trigger (the one computed at the end of the
 * trigger before), as Spark does: not older than it, on time; older, but its window has not ended by then, late but
 * counted; older, and its window had ended, dropped. Not thread-safe: feed it from one thread.
 */
public final class WindowsView {

    /** The view of the windows (key: start and key), with the facts {@code watermark} and {@code dropped}. */
    public static final String WINDOWS = "windows";
    /** The view of the readings (key: id): their event time, label, trigger and status. */
    public static final String READINGS = "readings";
    public static final String ON_TIME = "on time";
    public static final String LATE_COUNTED = "late, counted";
    public static final String LATE_DROPPED = "late, dropped";

    private final Dashboard dashboard;
    private final Duration length;
    private final List<Map<String, Object>> readings = new ArrayList<>();
    private final List<Map<String, Object>> windows = new ArrayList<>();
    private long trigger;
    private long nextId;
    private Instant inForce;
    private Instant watermark;

    private WindowsView(Dashboard dashboard, Duration length) {
        this.dashboard = dashboard;
        this.length = length;
    }

    /** Tumbling windows of {@code length}, aligned on the epoch as Spark aligns them. */
    public static WindowsView tumbling(Dashboard dashboard, Duration length) {
        return new WindowsView(dashboard, length);
    }

    /** Starts trigger {@code number}: the events, rows and watermark that follow belong to it. */
    public WindowsView trigger(long number) {
        trigger = number;
        inForce = watermark;
        readings.clear();
        windows.clear();
        return this;
    }

    /** A reading that arrived in this trigger, taken at {@code time}, of {@code label} (a sensor). */
    public WindowsView event(Instant time, String label) {
        var reading = new LinkedHashMap<String, Object>();
        reading.put("id", nextId++);
        reading.put("time", time);
        reading.put("label", label);
        reading.put("trigger", trigger);
        reading.put("status", statusOf(time));
        readings.add(reading);
        return this;
    }

    /** A row this trigger emitted: the window {@code start}–{@code end} of {@code key} counts {@code count}. */
    public WindowsView emitted(Instant start, Instant end, String key, long count) {
        var window = new LinkedHashMap<String, Object>();
        window.put("start", start);
        window.put("end", end);
        window.put("key", key);
        window.put("count", count);
        window.put("trigger", trigger);
        windows.add(window);
        return this;
    }

    /** The watermark computed at the end of this trigger (null: none yet); the next trigger uses it. */
    public WindowsView watermark(Instant watermark) {
        if (watermark != null) {
            this.watermark = watermark;
        }
        return this;
    }

    /** Sends this trigger's readings, windows and watermark to the pages, with Spark's count of dropped rows. */
    public void publish(long droppedSoFar) {
        var facts = new LinkedHashMap<String, Object>();
        facts.put("watermark", watermark);
        facts.put("dropped", droppedSoFar);
        facts.put("windowSeconds", length.toSeconds());
        dashboard.update(READINGS, List.of("id"), trigger, List.copyOf(readings), Map.of());
        dashboard.update(WINDOWS, List.of("start", "key"), trigger, List.copyOf(windows), facts);
    }

    /** As the timeline marks it: see the class comment. */
    String statusOf(Instant time) {
        if (inForce == null || !time.isBefore(inForce)) {
            return ON_TIME;
        }
        long start = Math.floorDiv(time.toEpochMilli(), length.toMillis()) * length.toMillis();
        var end = Instant.ofEpochMilli(start).plus(length);
        return end.isAfter(inForce) ? LATE_COUNTED : LATE_DROPPED;
    }
}
