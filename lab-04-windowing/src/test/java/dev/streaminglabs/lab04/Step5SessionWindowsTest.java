package dev.streaminglabs.lab04;

import static dev.streaminglabs.lab04.EventTimeRun.at;
import static dev.streaminglabs.lab04.EventTimeRun.window;

import org.apache.spark.sql.streaming.OutputMode;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import dev.streaminglabs.common.timeline.WindowTimeline;
import dev.streaminglabs.lab04.SessionWindows.Click;

/**
 * Sessions with a 5-minute gap, accepting clicks up to 10 minutes late, in append mode: a session comes out once, when
 * the watermark (latest click − 10 minutes) has passed its end (its last click + 5 minutes).
 */
@Tag("step5")
@DisplayName("Step 5 — cut each user's clicks into sessions with a gap duration")
class Step5SessionWindowsTest {

    private static Click click(String user, String time) {
        return new Click(user, "/home", time == null ? null : at(time));
    }

    private static EventTimeRun<Click> run() {
        return EventTimeRun.start(Click.encoder(), clicks -> SessionWindows.sessions(clicks, "5 minutes", "10 minutes"),
                OutputMode.Append(), WindowTimeline.withoutGrid(), EventTimeRun.Result.SESSION_COUNTS, Click::time,
                Click::toRow);
    }

    @Test
    void clicksLessThanTheGapApartShareOneSession() {
        try (var run = run()) {
            run.trigger(click("ana", "10:00"), click("ana", "10:03"), click("ana", "10:06"));
            run.trigger(click("zoe", "10:30"));   // moves the watermark to 10:20

            // From the first click to the last click + the gap.
            run.assertEmitted(window("10:00", "10:11", "ana", 3));
        }
    }

    @Test
    void aSilenceLongerThanTheGapStartsANewSession() {
        try (var run = run()) {
            run.trigger(click("ana", "10:00"), click("ana", "10:07"));
            run.trigger(click("zoe", "10:30"));

            run.assertEmitted(window("10:00", "10:05", "ana", 1), window("10:07", "10:12", "ana", 1));
        }
    }

    @Test
    void eachUserHasTheirOwnSessions() {
        try (var run = run()) {
            run.trigger(click("ana", "10:00"), click("bob", "10:02"), click("ana", "10:04"));
            run.trigger(click("zoe", "10:30"));

            run.assertEmitted(window("10:00", "10:09", "ana", 2), window("10:02", "10:07", "bob", 1));
        }
    }

    @Test
    void aSessionIsEmittedOnlyOnceTheWatermarkPassesItsEnd() {
        try (var run = run()) {
            run.trigger(click("ana", "10:00"));
            run.assertEmitted();

            run.trigger(click("bob", "10:12"));   // watermark 10:02: ana's session ends at 10:05, it may still grow
            run.assertEmitted();

            run.trigger(click("bob", "10:20"));   // watermark 10:10
            run.assertEmitted(window("10:00", "10:05", "ana", 1));
        }
    }

    @Test
    void aLateClickInTheGapMergesTwoSessions() {
        try (var run = run()) {
            run.trigger(click("ana", "10:00"), click("ana", "10:08"));   // two sessions so far

            run.trigger(click("ana", "10:04"));   // late, but within the gap of both: one session now
            run.trigger(click("zoe", "10:40"));
            run.assertEmitted(window("10:00", "10:13", "ana", 3));
        }
    }

    @Test
    void aClickWithoutATimestampIsInNoSession() {
        try (var run = run()) {
            run.trigger(click("ana", null), click("ana", "10:00"));
            run.trigger(click("zoe", "10:40"));

            run.assertEmitted(window("10:00", "10:05", "ana", 1));
        }
    }
}
