package dev.streaminglabs.lab07;

import static dev.streaminglabs.lab07.AdBatches.assertAds;
import static dev.streaminglabs.lab07.AdBatches.assertHolds;
import static dev.streaminglabs.lab07.AdBatches.seen;
import static dev.streaminglabs.testkit.StreamingScenario.batch;
import static dev.streaminglabs.testkit.StreamingScenario.noLines;

import java.util.List;
import java.util.Map;

import org.apache.spark.streaming.Durations;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import scala.Tuple2;

import dev.streaminglabs.testkit.StreamingScenario;
import dev.streaminglabs.testkit.TestSpark;

/**
 * Batches of 1 second. Each record of both streams is an ad's id: the impressions (the ad was shown) and the clicks
 * (it was clicked). {@code StreamingScenario.lines(...)} gives the impressions, batch by batch; {@code .and(...)} the
 * clicks, batch by batch, in the same intervals.
 */
@Tag("step1")
@DisplayName("Step 1 — the deck's DStream transformations, and joining two DStreams")
class Step1DStreamJoinsTest {

    @Test
    void filterKeepsWellFormedAdIdsAndDropsBlankOrMalformedLines() {
        var ads = StreamingScenario.lines(
                        batch("a1", "  a2 ", "", "   ", "A3!", "promo7"),
                        noLines())
                .run(AdStreams::validAds);

        assertHolds(ads, 1, List.of("a1", "a2", "promo7"),
                "the ads (trimmed; blank and malformed lines dropped)");
        assertHolds(ads, 2, List.of(), "the ads of an empty batch");
    }

    @Test
    void unionCountsTheEventsOfBothStreamsInEachBatchAndZeroForAnEmptyOne() {
        var counts = StreamingScenario.lines(batch("a1", "a2"), noLines(), batch("a1"))
                .and(List.of(batch("a1"), noLines(), noLines()))
                .run(AdStreams::eventsPerBatch);

        assertHolds(counts, 1, List.of(3L), "the number of events (impressions + clicks)");
        assertHolds(counts, 2, List.of(0L), "the number of events of an empty batch (one number, 0)");
        assertHolds(counts, 3, List.of(1L), "the number of events");
    }

    @Test
    void countByValueCountsTheImpressionsOfEachAdInEachBatch() {
        var counts = StreamingScenario.lines(batch("a1", "a2", "a1"), batch("a2"))
                .runPairs(AdStreams::impressionsPerAd);

        assertHolds(counts, 1, List.of(new Tuple2<>("a1", 2L), new Tuple2<>("a2", 1L)), "the impressions per ad");
        assertHolds(counts, 2, List.of(new Tuple2<>("a2", 1L)),
                "the impressions per ad (each batch is counted on its own)");
    }

    @Test
    void reduceKeepsTheMostShownAdOfEachBatchAndBreaksATieByTheId() {
        var top = StreamingScenario.lines(
                        batch("a2", "a1", "a2", "a3"),
                        batch("b2", "b1", "b1", "b2", "b3"),
                        noLines())
                .run(AdStreams::mostShownAd);

        assertHolds(top, 1, List.of(new Tuple2<>("a2", 2L)), "the most shown ad");
        assertHolds(top, 2, List.of(new Tuple2<>("b1", 2L)),
                "the most shown ad (b1 and b2 both twice: the first id in alphabetical order wins)");
        assertHolds(top, 3, List.of(), "the most shown ad of an empty batch (none)");
    }

    @Test
    void transformRemovesTheClicksOnBlockedAdsFromEachBatch() {
        var blocked = TestSpark.context().parallelize(List.of("a2", "a9"));
        var clicks = StreamingScenario.lines(batch("a1", "a2", "a3", "a2"), batch("a2"), batch("a1", "a1"))
                .run(stream -> AdStreams.withoutBlockedAds(stream, blocked));

        assertHolds(clicks, 1, List.of("a1", "a3"), "the clicks on ads that are not blocked");
        assertHolds(clicks, 2, List.of(), "the clicks on ads that are not blocked");
        assertHolds(clicks, 3, List.of("a1", "a1"), "the clicks on ads that are not blocked (both clicks count)");
    }

    @Test
    void joinPairsTheImpressionsAndClicksOfAnAdInTheSameBatch() {
        var joined = StreamingScenario.lines(batch("a1", "a1", "a2"), batch("a1"))
                .and(List.of(batch("a1", "a3"), batch("a1", "a1")))
                .runPairs(AdStreams::impressionsJoinClicks);

        // a2 was only shown and a3 only clicked: an inner join keeps neither.
        assertAds(joined, 1, Map.of("a1", seen(2, 1)), "");
        assertAds(joined, 2, Map.of("a1", seen(1, 2)), "");
    }

    @Test
    void aClickOneBatchAfterItsImpressionDoesNotJoinIt() {
        var joined = StreamingScenario.lines(batch("a1"), noLines())
                .and(List.of(noLines(), batch("a1")))
                .runPairs(AdStreams::impressionsJoinClicks);

        assertAds(joined, 1, Map.of(), "");
        assertAds(joined, 2, Map.of(), "");
    }

    @Test
    void cogroupKeepsAnAdSeenOnOneSideOnlyWithZeroForTheOtherSide() {
        var activity = StreamingScenario.lines(batch("a1", "a1", "a2"), noLines())
                .and(List.of(batch("a1", "a3"), batch("a3")))
                .runPairs(AdStreams::adActivity);

        assertAds(activity, 1, Map.of("a1", seen(2, 1), "a2", seen(1, 0), "a3", seen(0, 1)),
                "; cogroup keeps every ad of either side");
        assertAds(activity, 2, Map.of("a3", seen(0, 1)), "; cogroup keeps every ad of either side");
    }

    @Test
    void aWindowOnTheImpressionsLetsAClickFindAnImpressionOfAnEarlierBatch() {
        var joined = StreamingScenario.lines(batch("a1", "a2"), batch("a1"), batch("a2"), noLines())
                .and(List.of(noLines(), batch("a2"), batch("a1"), batch("a1")))
                .runPairs((impressions, clicks) ->
                        AdStreams.clicksOnRecentImpressions(impressions, clicks, Durations.seconds(2)));

        // The window covers the batch of the click and the one before: 2 seconds.
        String hint = "; the click should find the impressions of the last 2 seconds: is the window on the impressions?";
        assertAds(joined, 1, Map.of(), hint);
        assertAds(joined, 2, Map.of("a2", seen(1, 1)), hint);
        // At 3 s, a2 is shown again, but clicked a batch before: the click of 2 s is not counted again.
        assertAds(joined, 3, Map.of("a1", seen(1, 1)), hint);
        // At 4 s, the impressions of a1 (at 1 s and 2 s) have left the window: the click finds nothing.
        assertAds(joined, 4, Map.of(), hint);
    }
}
