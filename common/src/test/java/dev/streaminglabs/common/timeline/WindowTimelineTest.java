package dev.streaminglabs.common.timeline;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;

class WindowTimelineTest {

    private static Instant at(String hhmm) {
        return Instant.parse("2026-01-01T" + hhmm + ":00Z");
    }

    /** The run of the guide: 10-minute windows, a watermark 10 minutes behind the latest event. */
    private static WindowTimeline lateDataRun() {
        var timeline = WindowTimeline.tumbling(Duration.ofMinutes(10));
        timeline.trigger().event(at("10:02")).event(at("10:07")).event(at("10:13")).watermark(at("10:03"))
                .emitted(at("10:00"), at("10:10"), "s1=2").emitted(at("10:10"), at("10:20"), "s1=1");
        timeline.trigger().event(at("10:09")).event(at("10:24")).watermark(at("10:14"))
                .emitted(at("10:00"), at("10:10"), "s1=3").emitted(at("10:20"), at("10:30"), "s1=1");
        timeline.trigger().event(at("10:05")).event(at("10:12")).watermark(at("10:14"))
                .emitted(at("10:10"), at("10:20"), "s1=2");
        return timeline;
    }

    @Test
    void noLineIsWiderThanATerminal() {
        var picture = lateDataRun().render();
        assertThat(picture.lines()).allSatisfy(line -> assertThat(line.length()).isLessThanOrEqualTo(100));
    }

    @Test
    void drawsOneLinePerTriggerWithItsEventsWatermarkAndEmittedWindows() {
        var lines = lateDataRun().render().lines().toList();

        assertThat(lines).anySatisfy(line -> assertThat(line).startsWith("event time  10:00"));
        assertThat(lines).anySatisfy(line -> assertThat(line).startsWith("windows     [---------[---------["));
        assertThat(lines).anySatisfy(line -> assertThat(line).startsWith("trigger 1     *    *     *"));
        assertThat(lines).anySatisfy(line -> assertThat(line).startsWith("  watermark ===|").endsWith("10:03"));
        assertThat(lines).anySatisfy(line -> assertThat(line).contains("10:00–10:10 s1=2 · 10:10–10:20 s1=1"));
    }

    @Test
    void marksLateEventsCountedOrDroppedByTheWatermarkInForce() {
        var trigger3 = lateDataRun().render().lines().filter(line -> line.startsWith("trigger 3")).findFirst()
                .orElseThrow();

        // 10:05 is older than the watermark 10:14 and its window 10:00–10:10 has closed: dropped.
        assertThat(trigger3.charAt(12 + 5)).as("10:05").isEqualTo('x');
        // 10:12 is older than the watermark too, but its window 10:10–10:20 is still open: counted.
        assertThat(trigger3.charAt(12 + 12)).as("10:12").isEqualTo('o');
    }

    @Test
    void slidingWindowsAreDrawnOnSeveralRows() {
        var timeline = WindowTimeline.sliding(Duration.ofMinutes(10), Duration.ofMinutes(5));
        timeline.trigger().event(at("10:02")).event(at("10:07"));
        var lines = timeline.render().lines().toList();

        assertThat(lines.get(3)).startsWith("windows     [---------");
        assertThat(lines.get(4)).startsWith("                 [---------");
    }

    @Test
    void aFarAwayEventShrinksTheScaleInsteadOfWideningTheLines() {
        var timeline = WindowTimeline.tumbling(Duration.ofMinutes(10));
        timeline.trigger().event(at("10:02")).event(at("23:55")).watermark(at("23:45"));
        var picture = timeline.render();

        assertThat(picture.lines()).allSatisfy(line -> assertThat(line.length()).isLessThanOrEqualTo(100));
        assertThat(picture).contains("1 column = 15 min").contains("(narrower than two columns: not drawn)");
    }

    @Test
    void eventsWithoutATimeAreCountedApart() {
        var timeline = WindowTimeline.withoutGrid();
        timeline.trigger().event(at("10:02")).event(null);

        assertThat(timeline.render()).contains("2 in (1 no time)").doesNotContain("windows     [");
    }

    @Test
    void anEmptyTimelineSaysSo() {
        assertThat(WindowTimeline.tumbling(Duration.ofMinutes(1)).render()).contains("no event");
    }

    @Test
    void windowsFarFromTheEventsAreNamedAsSuchAndTheAxisStaysOnTheEvents() {
        // Windows cut on arrival time: they lie where the wall clock was, days after the readings' own time.
        var timeline = WindowTimeline.tumbling(Duration.ofMinutes(10)).eventsCalled("readings");
        timeline.trigger().event(at("10:02")).event(at("10:07")).event(at("10:13"))
                .emitted(Instant.parse("2026-01-10T21:40:00Z"), Instant.parse("2026-01-10T21:50:00Z"), "s1=3");

        assertThat(timeline.diagnosis()).hasValue("the windows emitted are 9 days after the readings: were they cut "
                + "on arrival time (current_timestamp()) instead of the time the readings carry?");
        var picture = timeline.render();
        assertThat(picture.lines()).allSatisfy(line -> assertThat(line.length()).isLessThanOrEqualTo(100));
        assertThat(picture).contains("!! the windows emitted are 9 days after the readings")
                .contains("1 column = 1 min")
                .contains("2026-01-10 21:40–21:50 s1=3");
        assertThat(picture.lines()).anySatisfy(line -> assertThat(line).startsWith("event time  10:00"));
    }

    @Test
    void windowsThatHoldTheEventsNeedNoDiagnosis() {
        assertThat(lateDataRun().diagnosis()).isEmpty();
        assertThat(lateDataRun().render()).doesNotContain("!!");

        var sessions = WindowTimeline.withoutGrid();
        sessions.trigger().event(at("10:00")).event(at("10:03")).emitted(at("10:00"), at("10:08"), "ana=2");
        assertThat(sessions.diagnosis()).isEmpty();
    }

    @Test
    void windowsBeforeTheEventsOrBetweenThemAreNamedToo() {
        var before = WindowTimeline.tumbling(Duration.ofMinutes(10));
        before.trigger().event(at("10:02")).emitted(at("05:00"), at("05:10"), "s1=1");
        assertThat(before.diagnosis()).hasValue("the windows emitted end 4 h before the first of the events: are "
                + "they cut on the events' time?");

        var between = WindowTimeline.tumbling(Duration.ofMinutes(10));
        between.trigger().event(at("10:02")).event(at("10:42")).emitted(at("10:20"), at("10:30"), "s1=2");
        assertThat(between.diagnosis()).hasValue("none of the windows emitted holds any of the events: are they cut "
                + "on the events' time?");
    }

    @Test
    void aScaleOfDaysSaysDays() {
        assertThat(WindowTimeline.human(Duration.ofDays(7))).isEqualTo("7 days");
        assertThat(WindowTimeline.human(Duration.ofHours(24))).isEqualTo("24 h");
    }
}
