package dev.streaminglabs.lab07;

import static dev.streaminglabs.lab07.Events.assertRows;
import static dev.streaminglabs.lab07.Events.click;
import static dev.streaminglabs.lab07.Events.impression;
import static dev.streaminglabs.lab07.JoinRun.COLUMNS;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Impressions joined with clicks: the same ad, the same user, the click at most 15 minutes after the impression.
 * Impressions may be 10 minutes late, clicks 20 minutes: after a trigger, each stream's watermark is its latest event
 * time minus its delay, and the query's watermark is the smaller of the two. The rows are described as
 * "ad user impressionTime clickTime", "-" for a null.
 */
@Tag("step3")
@DisplayName("Step 3 — join two event-time streams: watermarks on both sides and a time range")
class Step3StreamStreamJoinTest {

    @Test
    void onlyAClickOfTheSameUserOnTheSameAdWithin15MinutesIsAttributed() {
        try (var run = JoinRun.start(ClickAttribution::clicksWithImpressions, null)) {
            var emitted = run.trigger(
                    List.of(impression("a1", "u1", "10:00"), impression("a2", "u2", "10:00"),
                            impression("a3", "u3", "10:00"), impression("a5", "u5", "10:00")),
                    List.of(click("a1", "u1", "10:15"),     // 15 minutes after: still attributed
                            click("a5", "u5", "10:00"),     // the same second: attributed
                            click("a2", "u2", "10:16"),     // 16 minutes after: too late to count
                            click("a3", "u3", "09:59"),     // before the ad was shown
                            click("a1", "u9", "10:02"),     // another user
                            click("a4", "u1", "10:02")));   // an ad never shown: a key on one side only

            assertRows("trigger 1 (inner join)", emitted, List.of("a1 u1 10:00 10:15", "a5 u5 10:00 10:00"),
                    "A click counts for an impression of the same ad, by the same user, from the impression's time to "
                            + "15 minutes after it", COLUMNS);
        }
    }

    @Test
    void aClickThatArrivesBeforeItsImpressionIsAttributedWhenTheImpressionComes() {
        try (var run = JoinRun.start(ClickAttribution::clicksWithImpressions, null)) {
            assertRows("trigger 1 (the click comes first)", run.trigger(List.of(), List.of(click("a1", "u1", "10:05"))),
                    List.of(), "", COLUMNS);

            assertRows("trigger 2 (then its impression, out of order)",
                    run.trigger(List.of(impression("a1", "u1", "10:00")), List.of()),
                    List.of("a1 u1 10:00 10:05"),
                    "The click waited in the join's state for its impression", COLUMNS);
        }
    }

    @Test
    void anUnclickedImpressionComesOutWithNullsOnlyOnceBothWatermarksHavePassed() {
        try (var run = JoinRun.start(ClickAttribution::impressionsWithClicks, null)) {
            // A matched impression comes out at once, as in an inner join.
            assertRows("trigger 1 (left outer join)",
                    run.trigger(List.of(impression("a1", "u1", "10:00"), impression("a2", "u2", "10:00")),
                            List.of(click("a1", "u1", "10:05"))),
                    List.of("a1 u1 10:00 10:05"), "", COLUMNS);

            // Impressions move on to 10:40 (their watermark: 10:30), clicks stay at 10:05 (their watermark: 09:45).
            // A click for a2 could still come: the query's watermark is the clicks', 09:45.
            assertRows("trigger 2 (impressions' watermark 10:30, clicks' 09:45)",
                    run.trigger(List.of(impression("a3", "u3", "10:40")), List.of()),
                    List.of(),
                    "a2 may still get a click until the watermark of BOTH streams passes 10:15: is there a watermark "
                            + "on each stream?", COLUMNS);
            assertThat(run.watermark()).as("the query's watermark after trigger 2 (the smaller of the two)")
                    .isEqualTo("09:45");

            // Clicks move on to 10:40 (their watermark: 10:20): no click can match a2 any more.
            assertRows("trigger 3 (impressions' watermark 10:30, clicks' 10:20)",
                    run.trigger(List.of(), List.of(click("a9", "u9", "10:40"))),
                    List.of("a2 u2 10:00 -"),
                    "Once both watermarks have passed 10:15, the impression of a2 comes out once, with nulls for the "
                            + "click; the clicked a1 never does", COLUMNS);
        }
    }

    @Test
    void eventsOlderThanTheWatermarkAreDroppedOnEitherSideAndCounted() {
        try (var run = JoinRun.start(ClickAttribution::clicksWithImpressions, null)) {
            run.trigger(List.of(impression("a1", "u1", "10:40")), List.of(click("a9", "u9", "10:50")));
            assertThat(run.watermark()).as("the query's watermark after trigger 1").isEqualTo("10:30");

            // Both events are older than the watermark: each is dropped before the join, even though they match.
            assertRows("trigger 2 (a late impression and its late click)",
                    run.trigger(List.of(impression("a2", "u2", "10:05")), List.of(click("a2", "u2", "10:06"))),
                    List.of(), "Rows older than the watermark are dropped", COLUMNS);
            assertThat(run.droppedByWatermark()).as("rows dropped by the watermark (the impression and the click)")
                    .isEqualTo(2);
        }
    }

    @Test
    void theJoinStateIsEvictedOnceTheWatermarkHasPassed() {
        try (var run = JoinRun.start(ClickAttribution::clicksWithImpressions, null)) {
            run.trigger(List.of(impression("a1", "u1", "10:00"), impression("a2", "u2", "10:01")),
                    List.of(click("a1", "u1", "10:05")));
            assertThat(run.stateRows()).as("rows in the join's state after trigger 1: 2 impressions and 1 click, "
                    + "each waiting for more matches").isEqualTo(3);

            run.trigger(List.of(impression("a3", "u3", "11:00")), List.of(click("a9", "u9", "11:00")));
            assertThat(run.stateRows())
                    .as("rows in the join's state after trigger 2: the watermark (10:40) is past every event of "
                            + "trigger 1 + 15 minutes, so only the 2 events of trigger 2 are left. More rows left "
                            + "means that the state is never evicted: is there a time range in the join condition, and a "
                            + "watermark on each stream?")
                    .isEqualTo(2);
            assertThat(run.watermark()).as("the query's watermark after trigger 2").isEqualTo("10:40");
        }
    }
}
