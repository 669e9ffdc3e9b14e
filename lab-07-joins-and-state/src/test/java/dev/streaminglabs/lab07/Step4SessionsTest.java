package dev.streaminglabs.lab07;

import static dev.streaminglabs.lab07.Events.click;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import dev.streaminglabs.common.NotDoneYet;
import dev.streaminglabs.testkit.LogCapture;

/**
 * The sessions of each user: clicks less than 30 minutes apart, a session ending 30 minutes after its last click.
 * Clicks may be 10 minutes late: after a trigger, the watermark is the latest click time minus 10 minutes, and a
 * session's timer fires once the watermark has passed the session's end. A session is described as
 * "user start–end clicks [ads]".
 */
@Tag("step4")
@DisplayName("Step 4 — sessions with transformWithState: value and list state, an event-time timer")
class Step4SessionsTest {

    @Test
    void aSessionComesOutOnceTheWatermarkPassesItsEndEvenIfTheUserNeverClicksAgain() {
        try (var run = SessionRun.start(null)) {
            assertThat(run.trigger(click("a1", "u1", "10:00"), click("a2", "u1", "10:10")))
                    .as("trigger 1: sessions emitted (watermark 10:00; u1's session is open until 10:40)").isEmpty();

            // u1 clicks no more. Other users' clicks move the watermark: 10:35, then 10:45.
            assertThat(run.trigger(click("a1", "u2", "10:45")))
                    .as("trigger 2: sessions emitted (watermark 10:35, before the end of u1's session at 10:40): "
                            + "a session comes out when its timer fires, not before")
                    .isEmpty();
            assertThat(run.trigger(click("a2", "u2", "10:55")))
                    .as("trigger 3: sessions emitted (watermark 10:45, past the end of u1's session: its timer "
                            + "fires although u1 sent nothing)")
                    .containsExactly("u1 10:00–10:40 2 [a1, a2]");
        }
    }

    @Test
    void clicksLessThanTheGapApartMakeOneSessionTheirAdsInTheOrderOfTheirTime() {
        try (var run = SessionRun.start(null)) {
            run.trigger(click("a2", "u1", "10:20"), click("a3", "u1", "10:45"), click("a1", "u1", "10:00"));

            assertThat(run.trigger(click("a9", "u9", "12:00")))
                    .as("trigger 2: sessions emitted (watermark 11:50): one session of u1, its clicks (out of order in "
                            + "the micro-batch) sorted by time")
                    .containsExactly("u1 10:00–11:15 3 [a1, a2, a3]");
        }
    }

    @Test
    void aClickThatExtendsTheSessionMovesItsTimerToTheNewEnd() {
        try (var run = SessionRun.start(null)) {
            run.trigger(click("a1", "u1", "10:00"));   // u1's session would end at 10:30
            run.trigger(click("a2", "u1", "10:20"));   // now it ends at 10:50

            assertThat(run.trigger(click("a9", "u9", "10:45")))
                    .as("trigger 3: sessions emitted (watermark 10:35: past 10:30, the end before u1's second "
                            + "click, not past 10:50, the end after it). Was the timer of the old end deleted when "
                            + "the click at 10:20 moved the session's end?")
                    .isEmpty();
            assertThat(run.trigger(click("a9", "u9", "11:05")))
                    .as("trigger 4: sessions emitted (watermark 10:55)")
                    .containsExactly("u1 10:00–10:50 2 [a1, a2]");
        }
    }

    @Test
    void afterASessionIsOverTheUsersNextClickStartsAFreshSession() {
        try (var run = SessionRun.start(null)) {
            run.trigger(click("a1", "u1", "10:00"));
            assertThat(run.trigger(click("a9", "u9", "10:45")))
                    .as("trigger 2: sessions emitted (watermark 10:35)").containsExactly("u1 10:00–10:30 1 [a1]");

            assertThat(run.trigger(click("a2", "u1", "10:50")))
                    .as("trigger 3: sessions emitted. u1's first session is over and came out at trigger 2: the click "
                            + "at 10:50 starts a new one, and nothing comes out again. Was the state (the session and "
                            + "its ads) cleared when the first one was emitted?")
                    .isEmpty();
            assertThat(run.trigger(click("a9", "u9", "12:00")))
                    .as("trigger 4: sessions emitted (watermark 11:50). u1's second session holds only its own click: "
                            + "was the state (the session and its ads) cleared when the first one was emitted?")
                    .containsExactly("u1 10:50–11:20 1 [a2]", "u9 10:45–11:15 1 [a9]");
        }
    }

    @Test
    void aClickAfterAPauseLongerThanTheGapStartsANewSessionBeforeTheTimerHasFired() {
        try (var run = SessionRun.start(null)) {
            run.trigger(click("a1", "u1", "10:00"));   // watermark 09:50

            // 11:00 is 60 minutes later: u1's first session is over, although its timer (10:30) has not fired yet,
            // the watermark being still 09:50 when this click is handled.
            assertThat(run.trigger(click("a2", "u1", "11:00")))
                    .as("trigger 2: sessions emitted. The click at 11:00 comes after the end of u1's session (10:30): "
                            + "the session is over before the watermark says so")
                    .containsExactly("u1 10:00–10:30 1 [a1]");
            assertThat(run.trigger(click("a9", "u9", "12:00")))
                    .as("trigger 3: sessions emitted (watermark 11:50)")
                    .containsExactly("u1 11:00–11:30 1 [a2]");
        }
    }

    @Test
    void aClickExactlyOneGapAfterTheLastStartsANewSession() {
        try (var run = SessionRun.start(null)) {
            run.trigger(click("a1", "u1", "10:00"));   // u1's session ends at 10:30; watermark 09:50

            assertThat(run.trigger(click("a2", "u1", "10:30")))
                    .as("trigger 2: sessions emitted. The click at 10:30 comes exactly 30 minutes after the last: "
                            + "a session is the clicks LESS than the gap apart, and its end (10:30) is not in it, so "
                            + "this click ends u1's session and starts a new one (30 minutes or more, not more than 30)")
                    .containsExactly("u1 10:00–10:30 1 [a1]");
            assertThat(run.trigger(click("a9", "u9", "12:00")))
                    .as("trigger 3: sessions emitted (watermark 11:50)")
                    .containsExactly("u1 10:30–11:00 1 [a2]");
        }
    }

    @Test
    void aClickOlderThanTheWatermarkIsDroppedBeforeTheProcessorAndCounted() {
        try (var run = SessionRun.start(null)) {
            run.trigger(click("a1", "u1", "10:30"));   // watermark 10:20
            run.trigger(click("a2", "u1", "10:05"));   // older than the watermark: dropped

            assertThat(run.droppedByWatermark()).as("clicks dropped by the watermark").isEqualTo(1);
            assertThat(run.trigger(click("a9", "u9", "12:00")))
                    .as("trigger 3: sessions emitted (watermark 11:50): the late click is in no session")
                    .containsExactly("u1 10:30–11:00 1 [a1]");
        }
    }

    @Test
    void withoutTheRocksDbStateStoreTheQueryIsRefusedWithSparksReason() {
        // Spark logs the refused query as an error with its stack trace: expected here, so kept, not printed.
        Throwable refusal;
        try (var sparkSays = LogCapture.of("org.apache.spark.sql.execution.streaming.runtime.MicroBatchExecution")) {
            refusal = catchThrowable(() -> {
                try (var run = SessionRun.start(null, TestQueries.stateful())) {
                    run.trigger(click("a1", "u1", "10:00"));
                }
            });
        }
        if (refusal instanceof NotDoneYet notDone) {
            throw notDone;
        }

        assertThat(refusal).as("a transformWithState query on the default state store")
                .hasMessageContaining("is not supported by TransformWithState operator")
                .hasMessageContaining("RocksDBStateStoreProvider");
    }
}
