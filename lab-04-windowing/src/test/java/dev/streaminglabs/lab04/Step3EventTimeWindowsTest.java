package dev.streaminglabs.lab04;

import static dev.streaminglabs.lab04.EventTimeRun.at;
import static dev.streaminglabs.lab04.EventTimeRun.minutes;
import static dev.streaminglabs.lab04.EventTimeRun.window;

import java.util.function.Function;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.streaming.OutputMode;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import dev.streaminglabs.common.timeline.WindowTimeline;
import dev.streaminglabs.lab04.EventTimeWindows.SensorReading;

@Tag("step3")
@DisplayName("Step 3 — count readings per event-time window, tumbling and sliding")
class Step3EventTimeWindowsTest {

    private static SensorReading reading(String sensor, String time) {
        return new SensorReading(sensor, time == null ? null : at(time), 1.0);
    }

    private static EventTimeRun<SensorReading> tumbling() {
        return run(readings -> EventTimeWindows.tumblingCounts(readings, "10 minutes"),
                WindowTimeline.tumbling(minutes(10)));
    }

    private static EventTimeRun<SensorReading> run(Function<Dataset<Row>, Dataset<Row>> windowed,
                                                   WindowTimeline timeline) {
        // Update mode: each trigger emits the windows whose count changed.
        return EventTimeRun.start(SensorReading.encoder(), windowed, OutputMode.Update(), timeline,
                EventTimeRun.Result.SENSOR_COUNTS, SensorReading::time, SensorReading::toRow);
    }

    @Test
    void tumblingWindowsCountEachReadingOnce() {
        try (var run = tumbling()) {
            run.trigger(reading("s1", "10:02"), reading("s1", "10:07"), reading("s1", "10:13"),
                    reading("s2", "10:04"));

            run.assertEmitted(
                    window("10:00", "10:10", "s1", 2),
                    window("10:10", "10:20", "s1", 1),
                    window("10:00", "10:10", "s2", 1));
        }
    }

    @Test
    void slidingWindowsCountEachReadingInSeveralWindows() {
        try (var run = run(readings -> EventTimeWindows.slidingCounts(readings, "10 minutes", "5 minutes"),
                WindowTimeline.sliding(minutes(10), minutes(5)))) {
            run.trigger(reading("s1", "10:02"), reading("s1", "10:07"), reading("s1", "10:13"));

            // A 10-minute window every 5 minutes: each reading is in 10 / 5 = 2 windows.
            run.assertEmitted(
                    window("09:55", "10:05", "s1", 1),
                    window("10:00", "10:10", "s1", 2),
                    window("10:05", "10:15", "s1", 2),
                    window("10:10", "10:20", "s1", 1));
        }
    }

    @Test
    void aReadingOnAWindowBoundaryBelongsToTheWindowItStarts() {
        try (var run = tumbling()) {
            run.trigger(reading("s1", "10:10:00"), reading("s1", "10:09:59"));

            // Windows are [start, end): 10:10:00 is the first instant of 10:10–10:20, not the last of 10:00–10:10.
            run.assertEmitted(
                    window("10:00", "10:10", "s1", 1),
                    window("10:10", "10:20", "s1", 1));
        }
    }

    @Test
    void outOfOrderReadingsStillLandInTheWindowOfTheirEventTime() {
        try (var run = tumbling()) {
            run.trigger(reading("s1", "10:12"));
            run.assertEmitted(window("10:10", "10:20", "s1", 1));

            // Arrives after 10:12 but happened at 10:03: it opens (or updates) the window of 10:03.
            run.trigger(reading("s1", "10:03"), reading("s1", "10:18"));
            run.assertEmitted(
                    window("10:00", "10:10", "s1", 1),
                    window("10:10", "10:20", "s1", 2));
        }
    }

    @Test
    void aReadingWithoutATimestampIsInNoWindow() {
        try (var run = tumbling()) {
            run.trigger(reading("s1", null), reading("s1", "10:02"));

            // window(null) is null, and Spark leaves such rows out of every window: the reading is not counted.
            run.assertEmitted(window("10:00", "10:10", "s1", 1));
        }
    }
}
