package dev.streaminglabs.lab04;

import static dev.streaminglabs.lab04.EventTimeRun.at;
import static dev.streaminglabs.lab04.EventTimeRun.instant;
import static dev.streaminglabs.lab04.EventTimeRun.minutes;
import static dev.streaminglabs.lab04.EventTimeRun.window;
import static org.assertj.core.api.Assertions.assertThat;

import org.apache.spark.sql.streaming.OutputMode;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.opentest4j.AssertionFailedError;

import dev.streaminglabs.common.timeline.WindowTimeline;
import dev.streaminglabs.lab04.EventTimeWindows.SensorReading;

/**
 * Every test counts the readings of sensor s1 per tumbling window, accepting readings up to a delay: after a trigger,
 * watermark = latest reading seen − delay, and the next trigger uses it. Most tests follow the README: 10-minute
 * windows, a 10-minute delay. The tests named "…Delay…" use a delay shorter or longer than the window, so that the
 * window length and the delay cannot be mistaken for one another.
 */
@Tag("step4")
@DisplayName("Step 4 — accept late readings up to a watermark, in update and append mode")
class Step4WatermarkTest {

    private static SensorReading reading(String time) {
        return new SensorReading("s1", at(time), 1.0);
    }

    /** 10-minute windows, readings accepted up to 10 minutes late. */
    private static EventTimeRun<SensorReading> run(OutputMode mode) {
        return run(mode, 10, 10);
    }

    private static EventTimeRun<SensorReading> run(OutputMode mode, int windowMinutes, int delayMinutes) {
        return EventTimeRun.start(SensorReading.encoder(),
                        readings -> LateReadings.countsWithWatermark(readings, windowMinutes + " minutes",
                                delayMinutes + " minutes"),
                        mode, WindowTimeline.tumbling(minutes(windowMinutes)), EventTimeRun.Result.SENSOR_COUNTS,
                        SensorReading::time, SensorReading::toRow)
                .expectingAWatermark(minutes(windowMinutes), minutes(delayMinutes));
    }

    @Test
    void updateModeReEmitsAWindowEachTimeALateReadingChangesIt() {
        try (var run = run(OutputMode.Update())) {
            run.trigger(reading("10:02"), reading("10:07"), reading("10:13"));
            run.assertEmitted(window("10:00", "10:10", "s1", 2), window("10:10", "10:20", "s1", 1));

            // 10:09 arrives after 10:13, out of order; the watermark is 10:03 and its window is open: counted, and the
            // window 10:00–10:10 comes out again.
            run.trigger(reading("10:09"), reading("10:24"));
            run.assertEmitted(window("10:00", "10:10", "s1", 3), window("10:20", "10:30", "s1", 1));

            run.trigger(reading("10:41"));
            run.assertEmitted(window("10:40", "10:50", "s1", 1));
        }
    }

    @Test
    void appendModeEmitsEachWindowOnceAfterTheWatermarkPassesItsEnd() {
        try (var run = run(OutputMode.Append())) {
            run.trigger(reading("10:02"), reading("10:07"), reading("10:13"));
            run.assertEmitted();   // watermark 10:03: no window has ended before it

            run.trigger(reading("10:09"), reading("10:24"));
            // The watermark moves to 10:14, past the end of 10:00–10:10: final, emitted once, late reading included.
            run.assertEmitted(window("10:00", "10:10", "s1", 3));

            run.trigger(reading("10:16"));
            run.assertEmitted();   // counted in 10:10–10:20, which stays open: the watermark is still 10:14

            run.trigger(reading("10:41"));
            run.assertEmitted(window("10:10", "10:20", "s1", 2), window("10:20", "10:30", "s1", 1));
        }
    }

    @Test
    void aDelayShorterThanTheWindowClosesTheWindowSooner() {
        try (var run = run(OutputMode.Append(), 10, 3)) {   // 10-minute windows, readings up to 3 minutes late
            run.trigger(reading("10:02"), reading("10:08"));
            run.assertEmitted();   // watermark 10:05: 10:00–10:10 is still open

            run.trigger(reading("10:14"));
            // The watermark moves to 10:11, 3 minutes behind 10:14: past the end of 10:00–10:10.
            run.assertEmitted(window("10:00", "10:10", "s1", 2));
        }
    }

    @Test
    void aDelayLongerThanTheWindowKeepsSeveralWindowsOpen() {
        try (var run = run(OutputMode.Append(), 5, 15)) {   // 5-minute windows, readings up to 15 minutes late
            run.trigger(reading("10:01"), reading("10:07"), reading("10:12"));
            run.assertEmitted();   // watermark 09:57

            run.trigger(reading("10:24"));
            // Watermark 10:09: 10:00–10:05 is final; 10:05–10:10 and 10:10–10:15 are still open.
            run.assertEmitted(window("10:00", "10:05", "s1", 1));

            run.trigger(reading("10:06"));   // older than the watermark, but its window is open: counted
            run.assertEmitted();

            run.trigger(reading("10:30"));   // watermark 10:15
            run.assertEmitted(window("10:05", "10:10", "s1", 2), window("10:10", "10:15", "s1", 1));
        }
    }

    @Test
    void aLateReadingWhoseWindowIsStillOpenIsCounted() {
        try (var run = run(OutputMode.Update())) {
            run.trigger(reading("10:13"), reading("10:24"));   // watermark 10:14

            // 10:12 is older than the watermark, but the window 10:10–10:20 ends after it: Spark still counts it.
            run.trigger(reading("10:12"));
            run.assertEmitted(window("10:10", "10:20", "s1", 2));
            assertDropped(run, 0, "trigger 2: rows dropped by the watermark (the reading at 10:12 was counted)");
        }
    }

    @Test
    void aReadingTooLateForItsClosedWindowIsDroppedAndCounted() {
        try (var run = run(OutputMode.Update())) {
            run.trigger(reading("10:02"), reading("10:24"));   // watermark 10:14: 10:00–10:10 is closed

            run.trigger(reading("10:05"));
            run.assertEmitted();
            assertDropped(run, 1, "trigger 2: rows dropped by the watermark (the reading at 10:05)");
        }
    }

    @Test
    void aDropInATriggerThatAlsoMovesTheWatermarkIsCounted() {
        try (var run = run(OutputMode.Update(), 10, 5)) {   // 10-minute windows, readings up to 5 minutes late
            run.trigger(reading("10:02"), reading("10:21"));   // watermark 10:16: 10:00–10:10 is closed

            // 10:05 is dropped; 10:40 moves the watermark to 10:35, so Spark runs one more micro-batch with no data
            // (to close the windows that end before 10:35). The drop is in the micro-batch before the last one.
            run.trigger(reading("10:05"), reading("10:40"));
            run.assertEmitted(window("10:40", "10:50", "s1", 1));
            assertDropped(run, 1, "trigger 2: rows dropped by the watermark (the reading at 10:05)");
        }
    }

    @Test
    void theWatermarkFollowsTheLatestReadingAndNeverGoesBack() {
        try (var run = run(OutputMode.Update())) {
            run.trigger(reading("10:13"), reading("10:02"));
            assertThat(run.watermark())
                    .as("watermark after trigger 1 (latest 10:13 − 10 min)" + run.watermarkNotes() + run.picture())
                    .isEqualTo(instant("10:03"));

            run.trigger(reading("10:08"));
            assertThat(run.watermark())
                    .as("watermark after an older reading" + run.watermarkNotes() + run.picture())
                    .isEqualTo(instant("10:03"));

            run.trigger();
            run.assertEmitted();
            assertThat(run.watermark())
                    .as("watermark after an empty trigger" + run.watermarkNotes() + run.picture())
                    .isEqualTo(instant("10:03"));
        }
    }

    @Test
    void aTimestampFarInTheFuturePushesTheWatermarkAndLaterReadingsAreDropped() {
        try (var run = run(OutputMode.Append())) {
            run.trigger(reading("10:02"), reading("10:07"));
            run.assertEmitted();

            // A sensor with a broken clock says 23:55: the watermark jumps to 23:45, every open window is final.
            run.trigger(reading("23:55"));
            run.assertEmitted(window("10:00", "10:10", "s1", 2));

            // Readings of the real present now look 13 hours late: all dropped.
            run.trigger(reading("10:15"), reading("10:16"));
            run.assertEmitted();
            assertThat(LateReadings.droppedByWatermark(run.query().query()))
                    .as("rows dropped after the jump of the watermark" + run.picture()).isPositive();
        }
    }

    /**
     * {@code droppedByWatermark} says {@code expected}. When it does not, the message shows each micro-batch of the
     * run with its drops, and says where the drops are when Spark reported them in an earlier micro-batch than the
     * last one.
     */
    private static void assertDropped(EventTimeRun<SensorReading> run, long expected, String what) {
        long actual = LateReadings.droppedByWatermark(run.query().query());
        if (actual == expected) {
            return;
        }
        var lastProgress = run.query().query().lastProgress();
        var why = "";
        if (run.droppedInAllMicroBatches() == expected && lastProgress != null && lastProgress.numInputRows() == 0) {
            why = ". Spark reported the drop in an earlier micro-batch: the last one is the no-data batch that ran "
                    + "for the new watermark. Add up the drops of every recent progress, not only lastProgress()";
        }
        var notes = run.watermarkNotes();
        throw new AssertionFailedError(String.format("%s: expected %d but droppedByWatermark says %d%s%s%n%nthe "
                + "query's micro-batches (recentProgress):%n%s%s", what, expected, actual, why, notes,
                run.microBatches(), run.picture()), expected, actual);
    }
}
