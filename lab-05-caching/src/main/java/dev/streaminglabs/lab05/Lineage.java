package dev.streaminglabs.lab05;

import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.rdd.RDD;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import scala.jdk.javaapi.CollectionConverters;

import dev.streaminglabs.common.NotDoneYet;

/**
 * Step 2 — read a lineage, then cut it.
 *
 * <p>Every transformation adds one RDD to the lineage: the recipe Spark replays to rebuild a lost partition. After
 * hundreds of transformations (an iterative algorithm, a stream's state updated at every batch) the lineage itself
 * becomes the problem: planning it is slow, and serializing it can overflow the stack. A checkpoint writes the data
 * out and replaces the lineage with "read these files".
 *
 * <ul>
 *   <li>{@code rdd.checkpoint()} — reliable: files in the directory set by {@code sc.setCheckpointDir}, which outlive
 *       the application. Lazy: written by the next action, which computes the RDD a second time unless it is
 *       cached.</li>
 *   <li>{@code rdd.localCheckpoint()} — fast: the executors' own block storage, no files of ours; the lineage is cut
 *       but the data dies with the executors (and with the application).</li>
 *   <li>{@code dataset.checkpoint()} — the reliable checkpoint of a DataFrame: eager by default, it truncates the
 *       logical plan, not just the RDD lineage.</li>
 * </ul>
 */
public final class Lineage {

    private Lineage() {
    }

    /** {@code steps} transformations one after the other, each adding one to every number. */
    public static JavaRDD<Long> longChain(JavaRDD<Long> numbers, int steps) {
        // TODO Step 2: apply a map that adds 1, `steps` times over, each to the result of the one before.
        throw new NotDoneYet("lab-05-caching", 2, "build a long lineage");
    }

    /**
     * Cuts the lineage of {@code rdd} with a reliable checkpoint, computing the RDD only once, and returns it.
     * The Spark context's checkpoint directory is set already.
     */
    public static <T> JavaRDD<T> checkpointed(JavaRDD<T> rdd) {
        // TODO Step 2: mark the RDD for caching and for checkpointing, then run one action so that both happen.
        throw new NotDoneYet("lab-05-caching", 2, "cut the lineage with a checkpoint");
    }

    /** Cuts the lineage of {@code rdd} with a local checkpoint (no files of ours) and returns it. */
    public static <T> JavaRDD<T> locallyCheckpointed(JavaRDD<T> rdd) {
        // TODO Step 2: mark it for a local checkpoint (JavaRDD lacks the method, rdd.rdd() has it), run an action.
        throw new NotDoneYet("lab-05-caching", 2, "cut the lineage with a local checkpoint");
    }

    /** The same rows as {@code frame}, with a logical plan that starts from checkpoint files instead of its plan. */
    public static Dataset<Row> checkpointedFrame(Dataset<Row> frame) {
        // TODO Step 2: the Dataset API has its own checkpoint, eager by default.
        throw new NotDoneYet("lab-05-caching", 2, "checkpoint a DataFrame");
    }

    /**
     * How many RDDs the longest path of the lineage holds: 1 for an RDD made from a collection, 2 for a checkpointed
     * RDD (itself, then the RDD that reads the checkpoint).
     */
    public static int depthOf(JavaRDD<?> rdd) {
        return depthOf(rdd.rdd());
    }

    private static int depthOf(RDD<?> rdd) {
        int deepestParent = 0;
        for (var dependency : CollectionConverters.asJava(rdd.dependencies())) {
            deepestParent = Math.max(deepestParent, depthOf(dependency.rdd()));
        }
        return 1 + deepestParent;
    }
}
