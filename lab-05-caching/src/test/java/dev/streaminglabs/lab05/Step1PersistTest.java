package dev.streaminglabs.lab05;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.storage.StorageLevel;
import org.apache.spark.util.LongAccumulator;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import dev.streaminglabs.lab05.ReusedResult.Summary;
import dev.streaminglabs.lab05.StorageLevelChoice.Situation;
import dev.streaminglabs.testkit.TestSpark;

@Tag("step1")
@DisplayName("Step 1 — persist a result that is reused, at the right storage level")
class Step1PersistTest {

    private static final List<String> ACCESS_LOG = List.of(
            "alice 200", "bob 500", "alice 404", "carol 503", "bob 200", "dave 200");

    @Test
    void smallResultReadOftenStaysInMemoryAsObjects() {
        assertLevel(Situation.SMALL_AND_READ_OFTEN, StorageLevel.MEMORY_ONLY(), "Java objects in memory are the "
                + "fastest to read; serialized bytes would be deserialized at every read, to save memory that a "
                + "small result does not need");
    }

    @Test
    void largeResultExpensiveToRecomputeSpillsToDisk() {
        assertLevel(Situation.LARGE_AND_EXPENSIVE_TO_RECOMPUTE, StorageLevel.MEMORY_AND_DISK(), "what does not fit "
                + "in memory must go to disk, not be dropped and recomputed");
    }

    @Test
    void tightMemoryKeepsSerializedBytes() {
        assertLevel(Situation.MEMORY_TIGHT_CPU_TO_SPARE, StorageLevel.MEMORY_ONLY_SER(), "serialized bytes take "
                + "less memory than objects; the spare CPU pays for deserializing them");
    }

    @Test
    void resultFarLargerThanMemoryGoesToDisk() {
        assertLevel(Situation.FAR_LARGER_THAN_MEMORY, StorageLevel.DISK_ONLY(), "filling the memory first would push "
                + "other cached results out, only to spill most of this one to disk anyway");
    }

    @Test
    void cachedResultReusedByTwoActionsIsComputedOnce() {
        var parsed = counter();

        var summary = ReusedResult.summarize(lines(ACCESS_LOG), StorageLevel.MEMORY_ONLY(), parsed);

        assertThat(summary).as("2 server errors (5xx) and 4 distinct users").isEqualTo(new Summary(2, 4));
        assertThat(parsed.value())
                .as("lines parsed with MEMORY_ONLY: %d (each line once; the second action reads the cache), but the "
                        + "chain ran %d times: persist before the first action (it fills the cache), unpersist after "
                        + "the last one", ACCESS_LOG.size(), parsed.value() / ACCESS_LOG.size())
                .isEqualTo(ACCESS_LOG.size());
    }

    @Test
    void uncachedResultIsComputedAgainByEachAction() {
        var parsed = counter();

        var summary = ReusedResult.summarize(lines(ACCESS_LOG), StorageLevel.NONE(), parsed);

        assertThat(summary).as("2 server errors (5xx) and 4 distinct users").isEqualTo(new Summary(2, 4));
        assertThat(parsed.value())
                .as("lines parsed with StorageLevel.NONE: each of the 2 actions parses the %d lines again",
                        ACCESS_LOG.size())
                .isEqualTo(2L * ACCESS_LOG.size());
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Situation.class)
    void everyChosenLevelServesTheSecondActionFromTheCache(Situation situation) {
        var parsed = counter();
        var level = StorageLevelChoice.storageLevelFor(situation);

        ReusedResult.summarize(lines(ACCESS_LOG), level, parsed);

        assertThat(parsed.value())
                .as("lines parsed with %s: the cache, in memory or on disk, serves the second action", level)
                .isEqualTo(ACCESS_LOG.size());
    }

    @Test
    void theCacheIsFreedOnceTheSummaryIsDone() {
        var persistedBefore = persistedRddIds();

        ReusedResult.summarize(lines(ACCESS_LOG), StorageLevel.MEMORY_ONLY(), counter());

        var leftBehind = new HashSet<>(persistedRddIds());
        leftBehind.removeAll(persistedBefore);
        assertThat(leftBehind)
                .as("ids of the RDDs summarize left persisted (sc.getPersistentRDDs): unpersist what you persisted")
                .isEmpty();
    }

    @Test
    void emptyLogGivesZeroesAndParsesNothing() {
        var parsed = counter();

        var summary = ReusedResult.summarize(lines(List.of()), StorageLevel.MEMORY_ONLY(), parsed);

        assertThat(summary).as("summary of an empty log").isEqualTo(new Summary(0, 0));
        assertThat(parsed.value()).as("lines parsed in an empty log").isZero();
    }

    @Test
    void malformedLineCountsAsAnErrorOfAnUnknownUser() {
        var summary = ReusedResult.summarize(lines(List.of("alice 200", "garbage", "")), StorageLevel.MEMORY_ONLY(),
                counter());

        assertThat(summary).as("a malformed line is an error of user '?': 2 errors, users alice and '?'")
                .isEqualTo(new Summary(2, 2));
    }

    private static void assertLevel(Situation situation, StorageLevel expected, String why) {
        var chosen = StorageLevelChoice.storageLevelFor(situation);
        assertThat(chosen)
                .as("storage level for %s: expected %s (memory %s, disk %s, objects %s) but was %s: %s", situation,
                        expected.description(), expected.useMemory(), expected.useDisk(), expected.deserialized(),
                        chosen == null ? "null" : chosen.description(), why)
                .isEqualTo(expected);
    }

    private static JavaRDD<String> lines(List<String> lines) {
        return TestSpark.context().parallelize(lines, 2);
    }

    private static LongAccumulator counter() {
        return TestSpark.context().sc().longAccumulator("lines parsed");
    }

    private static Set<Integer> persistedRddIds() {
        return Set.copyOf(TestSpark.context().getPersistentRDDs().keySet());
    }
}
