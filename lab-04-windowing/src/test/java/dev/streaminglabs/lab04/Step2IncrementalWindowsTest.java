package dev.streaminglabs.lab04;

import static dev.streaminglabs.lab04.PageViews.assertPageCounts;
import static dev.streaminglabs.lab04.PageViews.showingTheRun;
import static dev.streaminglabs.testkit.StreamingScenario.batch;
import static dev.streaminglabs.testkit.StreamingScenario.noLines;

import java.nio.file.Path;
import java.util.Map;

import org.apache.spark.streaming.Durations;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.streaminglabs.testkit.StreamingScenario;

/** Batches of 1 second; each record is the name of a page that was viewed. */
@Tag("step2")
@DisplayName("Step 2 — window incrementally, with an inverse function and a filter")
class Step2IncrementalWindowsTest {

    @TempDir
    Path checkpoints;

    @Test
    void incrementalCountsAreTheCountsOfEachWindow() {
        var counts = StreamingScenario.lines(
                        batch("home", "cart"),
                        batch("home"),
                        batch("home", "cart", "cart"))
                .checkpointIn(checkpoints)
                .runPairs(views -> IncrementalWindows.viewsPerPage(views, Durations.seconds(3), Durations.seconds(1),
                        2));

        showingTheRun(counts, () -> {
            assertPageCounts(counts.batch(1), Map.of("home", 1L, "cart", 1L));
            assertPageCounts(counts.batch(2), Map.of("home", 2L, "cart", 1L));
            assertPageCounts(counts.batch(3), Map.of("home", 3L, "cart", 3L));
        });
    }

    @Test
    void viewsLeavingTheWindowAreSubtracted() {
        var counts = StreamingScenario.lines(
                        batch("home", "cart"),
                        batch("home"),
                        batch("cart"),
                        noLines())
                .thenEmptyBatches(1)
                .checkpointIn(checkpoints)
                .runPairs(views -> IncrementalWindows.viewsPerPage(views, Durations.seconds(3), Durations.seconds(1),
                        2));

        showingTheRun(counts, () -> {
            assertPageCounts(counts.batch(3), Map.of("home", 2L, "cart", 2L));
            // 4 s: the batch at 1 s (home, cart) leaves the window; 5 s: the batch at 2 s (home) leaves.
            assertPageCounts(counts.batch(4), Map.of("home", 1L, "cart", 1L));
            assertPageCounts(counts.batch(5), Map.of("cart", 1L));
        });
    }

    @Test
    void aPageWhoseViewsAllLeftTheWindowIsDroppedNotReportedAsZero() {
        var counts = StreamingScenario.lines(
                        batch("home", "cart"),
                        batch("home"))
                .thenEmptyBatches(3)
                .checkpointIn(checkpoints)
                .runPairs(views -> IncrementalWindows.viewsPerPage(views, Durations.seconds(2), Durations.seconds(1),
                        2));

        showingTheRun(counts, () -> {
            assertPageCounts(counts.batch(2), Map.of("home", 2L, "cart", 1L));
            assertPageCounts(counts.batch(3), Map.of("home", 1L));   // not cart=0
            assertPageCounts(counts.batch(4), Map.of());             // not home=0, cart=0
            assertPageCounts(counts.batch(5), Map.of());
        });
    }

    @Test
    void aWindowSlidingEveryTwoBatchesAddsAndSubtractsTwoBatchesAtATime() {
        var counts = StreamingScenario.lines(
                        batch("home"),
                        batch("cart"),
                        batch("home"),
                        noLines(),
                        noLines(),
                        noLines())
                .checkpointIn(checkpoints)
                .runPairs(views -> IncrementalWindows.viewsPerPage(views, Durations.seconds(4),
                        Durations.seconds(2), 2));

        showingTheRun(counts, () -> {
            assertPageCounts(counts.batch(2), Map.of("home", 1L, "cart", 1L));
            assertPageCounts(counts.batch(4), Map.of("home", 2L, "cart", 1L));
            assertPageCounts(counts.batch(6), Map.of("home", 1L));   // the batches at 1 s and 2 s have left
        });
    }
}
