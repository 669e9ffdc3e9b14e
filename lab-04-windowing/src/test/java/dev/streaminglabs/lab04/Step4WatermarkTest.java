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

import dev.streaminglabs.common.timeline.WindowTimeline;
import dev.streaminglabs.lab04.EventTimeWindows.SensorReading;

/**
 * Every test counts the readings of sensor s1 in 10-minute windows, accepting readings up to 10 minutes late: after a
 * trigger, watermark = latest reading seen − 10 minutes, and the next trigger uses it.
 */
@Tag("step4")
@DisplayName("Step 4 — accept late readings up to a watermark, in update and append mode")
class Step4WatermarkTest {

    private static SensorReading reading(String time) {
        return new SensorReading("s1", at(time), 1.0);
    }

    private static EventTimeRun<SensorReading> run(OutputMode mode) {
        return EventTimeRun.start(SensorReading.encoder(),
                readings -> LateReadings.countsWithWatermark(readings, "10 minutes", "10 minutes"), mode,
                WindowTimeline.tumbling(minutes(10)), SensorReading::time,
                SensorReading::toRow);
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
    void aLateReadingWhoseWindowIsStillOpenIsCounted() {
        try (var run = run(OutputMode.Update())) {
            run.trigger(reading("10:13"), reading("10:24"));   // watermark 10:14

            // 10:12 is older than the watermark, but the window 10:10–10:20 ends after it: Spark still counts it.
            run.trigger(reading("10:12"));
            run.assertEmitted(window("10:10", "10:20", "s1", 2));
            assertThat(LateReadings.droppedByWatermark(run.query().query()))
                    .as("rows dropped by the watermark" + run.picture()).isZero();
        }
    }

    @Test
    void aReadingTooLateForItsClosedWindowIsDroppedAndCounted() {
        try (var run = run(OutputMode.Update())) {
            run.trigger(reading("10:02"), reading("10:24"));   // watermark 10:14: 10:00–10:10 is closed

            run.trigger(reading("10:05"));
            run.assertEmitted();
            assertThat(LateReadings.droppedByWatermark(run.query().query()))
                    .as("trigger 2: rows dropped by the watermark (the reading at 10:05)" + run.picture())
                    .isEqualTo(1);
        }
    }

    @Test
    void theWatermarkFollowsTheLatestReadingAndNeverGoesBack() {
        try (var run = run(OutputMode.Update())) {
            run.trigger(reading("10:13"), reading("10:02"));
            assertThat(run.watermark()).as("watermark after trigger 1 (latest 10:13 − 10 min)" + run.picture())
                    .isEqualTo(instant("10:03"));

            run.trigger(reading("10:08"));
            assertThat(run.watermark()).as("watermark after an older reading" + run.picture())
                    .isEqualTo(instant("10:03"));

            run.trigger();
            run.assertEmitted();
            assertThat(run.watermark()).as("watermark after an empty trigger" + run.picture())
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
}
