package dev.streaminglabs.lab04;

import static dev.streaminglabs.lab04.PageViews.assertNothing;
import static dev.streaminglabs.lab04.PageViews.assertPageCounts;
import static dev.streaminglabs.lab04.PageViews.assertWindowCount;
import static dev.streaminglabs.lab04.PageViews.assertWindowHolds;
import static dev.streaminglabs.lab04.PageViews.refusalOf;
import static dev.streaminglabs.lab04.PageViews.showingTheRun;
import static dev.streaminglabs.testkit.StreamingScenario.batch;
import static dev.streaminglabs.testkit.StreamingScenario.noLines;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;

import org.apache.spark.streaming.Durations;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.streaminglabs.testkit.StreamingScenario;

/** Batches of 1 second; each record is the name of a page that was viewed. */
@Tag("step1")
@DisplayName("Step 1 — window a DStream: window, countByWindow, reduceByKeyAndWindow")
class Step1DStreamWindowsTest {

    @TempDir
    Path checkpoints;

    @Test
    void aWindowHoldsTheViewsOfTheLastBatches() {
        var windows = StreamingScenario.lines(
                        batch("home"),
                        batch("cart"),
                        batch("home"),
                        noLines())
                .thenEmptyBatches(2)
                .run(views -> DStreamWindows.recentViews(views, Durations.seconds(3), Durations.seconds(1)));

        // A 3-second window, every second: the batch at t holds the batches at t-2, t-1 and t.
        assertWindowHolds(windows, 1, "home");
        assertWindowHolds(windows, 2, "home", "cart");
        assertWindowHolds(windows, 3, "home", "cart", "home");
        assertWindowHolds(windows, 4, "cart", "home");
        assertWindowHolds(windows, 5, "home");
        assertNothing(windows, 6, "the window has slid past every view");
    }

    @Test
    void aWindowSlidingEveryTwoBatchesIsComputedEveryOtherBatch() {
        var windows = StreamingScenario.lines(
                        batch("home"),
                        batch("cart"),
                        batch("home", "home"),
                        noLines())
                .run(views -> DStreamWindows.recentViews(views, Durations.seconds(2),
                        Durations.seconds(2)));

        // Length = slide: tumbling windows, each batch in exactly one window.
        assertNothing(windows, 1, "no window ends at 1 s");
        assertWindowHolds(windows, 2, "home", "cart");
        assertNothing(windows, 3, "no window ends at 3 s");
        assertWindowHolds(windows, 4, "home", "home");
    }

    @Test
    void countByWindowCountsTheViewsOfEachWindow() {
        var counts = StreamingScenario.lines(
                        batch("home", "cart"),
                        batch("home"),
                        noLines())
                .thenEmptyBatches(3)
                .checkpointIn(checkpoints)   // countByWindow is computed incrementally: see step 2
                .run(views -> DStreamWindows.viewsPerWindow(views, Durations.seconds(3), Durations.seconds(1)));

        assertWindowCount(counts, 1, 2);
        assertWindowCount(counts, 2, 3);
        assertWindowCount(counts, 3, 3);
        assertWindowCount(counts, 4, 1);
        // Once data has been seen, an empty window counts 0 rather than nothing.
        assertWindowCount(counts, 5, 0);
        assertWindowCount(counts, 6, 0);
    }

    @Test
    void reduceByKeyAndWindowCountsTheViewsOfEachPageInTheWindow() {
        var counts = StreamingScenario.lines(
                        batch("home", "cart"),
                        batch("home"),
                        batch("home"))
                .thenEmptyBatches(3)
                .runPairs(views -> DStreamWindows.viewsPerPage(views, Durations.seconds(3), Durations.seconds(1)));

        showingTheRun(counts, () -> {
            assertPageCounts(counts.batch(1), Map.of("home", 1L, "cart", 1L));
            assertPageCounts(counts.batch(2), Map.of("home", 2L, "cart", 1L));
            assertPageCounts(counts.batch(3), Map.of("home", 3L, "cart", 1L));
            // Each window is reduced from its own batches: a page absent from them is simply not there.
            assertPageCounts(counts.batch(4), Map.of("home", 2L));
            assertPageCounts(counts.batch(5), Map.of("home", 1L));
            assertPageCounts(counts.batch(6), Map.of());
        });
    }

    @Test
    void aWindowLengthThatIsNotAMultipleOfTheBatchIntervalIsRejected() {
        var refusal = refusalOf(() -> StreamingScenario.lines(batch("home"))
                .run(views -> DStreamWindows.recentViews(views, Durations.milliseconds(2500), Durations.seconds(1))));

        assertThat(refusal).as("a window of 2.5 s on batches of 1 s")
                .hasMessageContaining("window duration of windowed DStream (2500 ms)")
                .hasMessageContaining("must be a multiple of the slide duration of parent DStream");
    }

    @Test
    void aSlideThatIsNotAMultipleOfTheBatchIntervalIsRejected() {
        var refusal = refusalOf(() -> StreamingScenario.lines(batch("home"))
                .runPairs(views -> DStreamWindows.viewsPerPage(views, Durations.seconds(3),
                        Durations.milliseconds(1500))));

        assertThat(refusal).as("a slide of 1.5 s on batches of 1 s")
                .hasMessageContaining("slide duration of windowed DStream (1500 ms)")
                .hasMessageContaining("must be a multiple of the slide duration of parent DStream");
    }
}
