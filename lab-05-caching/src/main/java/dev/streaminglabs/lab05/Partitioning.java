package dev.streaminglabs.lab05;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.floor;
import static org.apache.spark.sql.functions.rand;

import java.util.List;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

import dev.streaminglabs.common.NotDoneYet;

/**
 * Step 3a — choose the number of partitions: {@code repartition} or {@code coalesce}.
 *
 * <p>A partition is the unit of parallel work: one task per partition. {@code repartition(n)} deals the rows out
 * evenly into {@code n} partitions through a full shuffle. {@code coalesce(n)} merges neighbouring partitions without
 * a shuffle: cheap, but it can only lower the count, and the merged partitions may be uneven.
 */
public final class Partitioning {

    private Partitioning() {
    }

    /** The same rows in {@code partitions} partitions of (almost) equal size. */
    public static Dataset<Row> evenlyIn(Dataset<Row> rows, int partitions) {
        // TODO Step 3: deal the rows out into that many partitions.
        throw new NotDoneYet("lab-05-caching", 3, "repartition evenly");
    }

    /** The same rows in at most {@code partitions} partitions, without moving rows across the network. */
    public static Dataset<Row> mergedInto(Dataset<Row> rows, int partitions) {
        // TODO Step 3: merge partitions, with no shuffle.
        throw new NotDoneYet("lab-05-caching", 3, "merge partitions without a shuffle");
    }

    /**
     * The sales in {@code partitions} partitions by city and by a salt (a random bucket from 0 to {@code saltBuckets -
     * 1}, in a column {@code salt}): the rows of one city land in up to {@code saltBuckets} partitions instead of one.
     */
    public static Dataset<Row> spreadByCityAndSalt(Dataset<Row> sales, int partitions, int saltBuckets) {
        // TODO Step 3: add a salt column (a seeded random bucket), then repartition by city and salt.
        throw new NotDoneYet("lab-05-caching", 3, "spread a skewed key");
    }

    /** How many rows each partition holds, in partition order. */
    public static List<Integer> rowsPerPartition(Dataset<Row> rows) {
        return rows.javaRDD().glom().map(List::size).collect();
    }
}
