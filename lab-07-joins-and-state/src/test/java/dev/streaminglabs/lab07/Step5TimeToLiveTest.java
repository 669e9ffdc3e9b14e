package dev.streaminglabs.lab07;

import static dev.streaminglabs.lab07.Events.impression;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;

import org.apache.spark.sql.Row;
import org.apache.spark.sql.streaming.OutputMode;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import dev.streaminglabs.common.MemoryInput;
import dev.streaminglabs.lab07.AdEvents.Impression;
import dev.streaminglabs.testkit.QueryRun;
import dev.streaminglabs.testkit.TestSpark;

/**
 * A frequency cap of 3: each impression is "allowed" while the user has seen its ad at most 3 times. A decision is
 * described as "user ad timesShown allowed|capped". The TTL counts the machine's time: an hour is longer than any
 * test; a millisecond is shorter than the time between two triggers (each micro-batch takes far longer than that).
 */
@Tag("step5")
@DisplayName("Step 5 — a frequency cap whose counts expire: map state with a TTL")
class Step5TimeToLiveTest {

    private static final Duration AN_HOUR = Duration.ofHours(1);
    private static final Duration A_MILLISECOND = Duration.ofMillis(1);

    @Test
    void theFourthImpressionOfAnAdToTheSameUserIsOverTheCap() {
        try (var run = new CapRun(AN_HOUR)) {
            assertThat(run.trigger(impression("a1", "u1", "10:00"), impression("a1", "u1", "10:01"),
                    impression("a2", "u1", "10:02"), impression("a1", "u1", "10:03"),
                    impression("a1", "u2", "10:04"), impression("a1", "u1", "10:05")))
                    .as("trigger 1: the decisions (counted per user and per ad, in the order of their time)")
                    .containsExactly("u1 a1 1 allowed", "u1 a1 2 allowed", "u1 a1 3 allowed", "u1 a1 4 capped",
                            "u1 a2 1 allowed", "u2 a1 1 allowed");
        }
    }

    @Test
    void withinTheTimeToLiveTheCountsAddUpFromTriggerToTrigger() {
        try (var run = new CapRun(AN_HOUR)) {
            run.trigger(impression("a1", "u1", "10:00"), impression("a1", "u1", "10:01"));

            assertThat(run.trigger(impression("a1", "u1", "10:02"), impression("a1", "u1", "10:03")))
                    .as("trigger 2: the decisions (a TTL of an hour: the counts of trigger 1 are still there)")
                    .containsExactly("u1 a1 3 allowed", "u1 a1 4 capped");
        }
    }

    @Test
    void aCountNotUpdatedForLongerThanTheTimeToLiveHasExpired() {
        try (var run = new CapRun(A_MILLISECOND)) {
            assertThat(run.trigger(impression("a1", "u1", "10:00"), impression("a1", "u1", "10:01"),
                    impression("a1", "u1", "10:02")))
                    .as("trigger 1: the decisions (one micro-batch: the TTL does not expire within it)")
                    .containsExactly("u1 a1 1 allowed", "u1 a1 2 allowed", "u1 a1 3 allowed");

            assertThat(run.trigger(impression("a1", "u1", "10:03")))
                    .as("trigger 2: the decisions. The count of (u1, a1) was last updated a micro-batch ago, longer "
                            + "than its TTL of 1 ms: it has expired, and u1 starts again from 1. Does the map state "
                            + "have a TTL?")
                    .containsExactly("u1 a1 1 allowed");
        }
    }

    /** The frequency cap under test, on RocksDB, fed trigger by trigger. Its query is never idle: see FrequencyCap. */
    private static final class CapRun implements AutoCloseable {
        private final MemoryInput<Row> impressions = TestSpark.memoryInput(Impression.encoder());
        private final QueryRun query;
        private long added;

        CapRun(Duration timeToLive) {
            var decisions = FrequencyCap.decisions(impressions.toDF(), timeToLive);
            if (decisions == null) {
                throw new IllegalStateException("FrequencyCap.decisions returned null instead of a Dataset");
            }
            query = QueryRun.start(decisions, OutputMode.Append(), null, TestQueries.onRocksDb());
        }

        /** Adds these impressions, waits until the query has read them, and describes the decisions it emitted. */
        List<String> trigger(Impression... newImpressions) {
            impressions.addAll(Arrays.stream(newImpressions).map(Impression::toRow).toList());
            added += newImpressions.length;
            return query.processUntilRead(added).stream()
                    .map(row -> "%s %s %d %s".formatted(row.getAs("user"), row.getAs("ad"),
                            row.<Long>getAs("timesShown"), row.<Boolean>getAs("allowed") ? "allowed" : "capped"))
                    .sorted().toList();
        }

        @Override
        public void close() {
            query.close();
        }
    }
}
