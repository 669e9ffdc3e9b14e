package dev.streaminglabs.lab05;

import static org.apache.spark.sql.functions.col;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.LongStream;
import java.util.stream.Stream;

import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.catalyst.plans.logical.LogicalPlan;
import org.apache.spark.sql.execution.LogicalRDD;
import org.apache.spark.util.LongAccumulator;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.streaminglabs.testkit.TestSpark;

@Tag("step2")
@DisplayName("Step 2 — read a lineage, cut it with a checkpoint")
class Step2LineageTest {

    private static final int STEPS = 150;

    @TempDir
    Path checkpoints;

    @BeforeEach
    void checkpointsGoToThisTestsFolder() {
        // The Spark context is shared by every test: each test points it at its own folder.
        TestSpark.context().setCheckpointDir(checkpoints.toString());
    }

    @Test
    void eachTransformationAddsOneRddToTheLineage() {
        var chain = Lineage.longChain(numbers(1, 2, 3), STEPS);

        assertThat(Lineage.depthOf(chain)).as("lineage depth after %d maps: the source plus one RDD per map", STEPS)
                .isEqualTo(STEPS + 1);
        assertThat(chain.toDebugString().lines().count()).as("lines of toDebugString: one per RDD")
                .isEqualTo(STEPS + 1L);
        assertThat(chain.collect()).as("1, 2, 3 plus one per map").containsExactly(151L, 152L, 153L);
    }

    @Test
    void noTransformationKeepsTheSource() {
        var chain = Lineage.longChain(numbers(7), 0);

        assertThat(Lineage.depthOf(chain)).as("lineage depth after 0 maps").isEqualTo(1);
        assertThat(chain.collect()).containsExactly(7L);
    }

    @Test
    void checkpointCutsTheLineage() {
        var chain = Lineage.longChain(numbers(1, 2, 3), STEPS);
        int before = Lineage.depthOf(chain);

        var cut = Lineage.checkpointed(chain);

        assertThat(before).as("lineage depth before the checkpoint").isEqualTo(STEPS + 1);
        assertThat(cut.isCheckpointed())
                .as("isCheckpointed() after checkpointed(...): the checkpoint is lazy, written by the next action")
                .isTrue();
        assertThat(Lineage.depthOf(cut)).as("lineage depth after the checkpoint: the RDD, then the checkpoint files")
                .isLessThanOrEqualTo(2);
        assertThat(cut.toDebugString()).as("toDebugString after a reliable checkpoint (its files, read back by a "
                + "ReliableCheckpointRDD)").contains("ReliableCheckpointRDD");
        assertThat(cut.collect()).as("the data survives the cut").containsExactly(151L, 152L, 153L);
    }

    @Test
    void checkpointFilesAreOnDiskInTheCheckpointDirectory() throws IOException {
        var cut = Lineage.checkpointed(Lineage.longChain(numbers(1, 2, 3, 4), STEPS));

        var checkpointFile = cut.getCheckpointFile();
        assertThat(checkpointFile.isPresent()).as("getCheckpointFile() after checkpointed(...): a reliable checkpoint "
                + "writes files that outlive the application (a local checkpoint writes none)").isTrue();
        assertThat(checkpointFile.get()).as("where the checkpoint went").contains(checkpoints.toString());
        assertThat(partFilesUnder(checkpoints))
                .as("part files written under %s: one per partition of the RDD", checkpoints)
                .hasSize(cut.getNumPartitions());
    }

    @Test
    void cacheBeforeCheckpointComputesTheChainOnce() {
        var evaluated = counter();
        var counted = numbers(1, 2, 3, 4, 5).map(n -> {
            evaluated.add(1);
            return n;
        });

        var cut = Lineage.checkpointed(Lineage.longChain(counted, STEPS));
        cut.count();

        assertThat(evaluated.value())
                .as("numbers computed through the chain: 5, once each (the action fills the cache, the checkpoint "
                        + "writes from it, later actions read the checkpoint); %d means the chain ran %d times",
                        evaluated.value(), evaluated.value() / 5)
                .isEqualTo(5);
    }

    @Test
    void localCheckpointCutsTheLineageWithoutFiles() throws IOException {
        var chain = Lineage.longChain(numbers(1, 2, 3), STEPS);

        var cut = Lineage.locallyCheckpointed(chain);

        assertThat(cut.isCheckpointed()).as("isCheckpointed() after a local checkpoint").isTrue();
        assertThat(Lineage.depthOf(cut)).as("lineage depth after a local checkpoint").isLessThanOrEqualTo(2);
        assertThat(cut.toDebugString()).as("toDebugString after a local checkpoint").contains("LocalCheckpointRDD");
        assertThat(cut.getStorageLevel().useDisk())
                .as("storage level of a locally checkpointed RDD: its blocks are its only copy, so Spark keeps them "
                        + "on disk too (was %s)", cut.getStorageLevel().description())
                .isTrue();
        assertThat(partFilesUnder(checkpoints)).as("files in the checkpoint directory: none, the blocks stay in the "
                + "executors").isEmpty();
        assertThat(cut.collect()).containsExactly(151L, 152L, 153L);
    }

    @Test
    void datasetCheckpointTruncatesTheLogicalPlan() throws IOException {
        Dataset<Row> frame = TestSpark.session().range(0, 5).toDF("n");
        for (int step = 0; step < 50; step++) {
            frame = frame.withColumn("n", col("n").plus(1)); // each call analyses the whole plan again: keep it short
        }
        long planLinesBefore = frame.queryExecution().analyzed().treeString().lines().count();

        var cut = Lineage.checkpointedFrame(frame);

        LogicalPlan plan = cut.queryExecution().analyzed();
        assertThat(planLinesBefore).as("analyzed plan lines before: one Project per withColumn").isGreaterThan(50);
        assertThat(plan).as("analyzed plan after Dataset.checkpoint(): a scan of the checkpointed RDD, nothing else,"
                + " but was:%n%s", plan.treeString()).isInstanceOf(LogicalRDD.class);
        assertThat(partFilesUnder(checkpoints)).as("files of a Dataset checkpoint under %s", checkpoints).isNotEmpty();
        assertThat(cut.orderBy("n").collectAsList()).extracting(row -> row.getLong(0))
                .as("the rows survive the cut").containsExactly(50L, 51L, 52L, 53L, 54L);
    }

    private static JavaRDD<Long> numbers(long... values) {
        return TestSpark.context().parallelize(LongStream.of(values).boxed().toList(), 2);
    }

    private static LongAccumulator counter() {
        return TestSpark.context().sc().longAccumulator("numbers computed");
    }

    private static List<Path> partFilesUnder(Path folder) throws IOException {
        try (Stream<Path> files = Files.walk(folder)) {
            return files.filter(file -> file.getFileName().toString().startsWith("part-")).toList();
        }
    }
}
