package dev.streaminglabs.lab05;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.floor;
import static org.apache.spark.sql.functions.rand;
import static org.apache.spark.sql.functions.sum;

import java.util.ArrayList;
import java.util.List;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.execution.SparkPlan;
import org.apache.spark.sql.execution.adaptive.AdaptiveSparkPlanExec;
import org.apache.spark.sql.execution.adaptive.QueryStageExec;
import org.apache.spark.sql.execution.exchange.ShuffleExchangeLike;
import scala.jdk.javaapi.CollectionConverters;

import dev.streaminglabs.common.NotDoneYet;

/**
 * Step 3b — read the execution plan, count the shuffles, spread a skewed key.
 *
 * <p>A shuffle ({@code Exchange} in the plan) moves rows between executors so that the rows of one key meet in one
 * partition: it writes to disk, crosses the network and cuts the job into stages. A {@code groupBy} needs one. The
 * number of partitions it writes is {@code spark.sql.shuffle.partitions}. When one key holds most rows (a skewed
 * key), the partition of that key does most of the work while the other tasks wait: adding a random "salt" to the
 * key splits it, at the price of a second, smaller aggregation.
 *
 * <p>The sales have two columns: {@code city} (string) and {@code amount} (long).
 */
public final class Shuffles {

    private Shuffles() {
    }

    /** The total amount of each city: columns {@code city}, {@code total}. */
    public static Dataset<Row> totalsByCity(Dataset<Row> sales) {
        // TODO Step 3: group the sales by city and sum their amounts, as a column named total.
        throw new NotDoneYet("lab-05-caching", 3, "total the sales by city");
    }

    /**
     * The same totals as {@link #totalsByCity}, computed in two aggregations so that no task gets all the rows of a hot
     * city: first by city and a salt (a random bucket from 0 to {@code saltBuckets - 1}), then by city alone.
     */
    public static Dataset<Row> saltedTotalsByCity(Dataset<Row> sales, int saltBuckets) {
        // TODO Step 3: add a salt column (a seeded random bucket), sum by city and salt, then sum those sums by city.
        throw new NotDoneYet("lab-05-caching", 3, "total a skewed key with a salt");
    }

    /**
     * The shuffles of a query's physical plan, before it runs. With adaptive query execution on (the default), the
     * plan is wrapped in an {@code AdaptiveSparkPlan} whose exchanges are found in its initial plan (before the query
     * ran) or its final plan (after), where each exchange sits in a query stage.
     */
    public static List<ShuffleExchangeLike> exchangesIn(Dataset<?> query) {
        var found = new ArrayList<ShuffleExchangeLike>();
        collectExchanges(query.queryExecution().executedPlan(), found);
        return found;
    }

    /** The plan as {@code explain()} prints it. */
    public static String planOf(Dataset<?> query) {
        return query.queryExecution().executedPlan().treeString();
    }

    private static void collectExchanges(SparkPlan plan, List<ShuffleExchangeLike> found) {
        if (plan instanceof AdaptiveSparkPlanExec adaptive) {
            collectExchanges(adaptive.executedPlan(), found);
            return;
        }
        if (plan instanceof QueryStageExec stage) {
            collectExchanges(stage.plan(), found);
            return;
        }
        if (plan instanceof ShuffleExchangeLike exchange) {
            found.add(exchange);
        }
        for (var child : CollectionConverters.asJava(plan.children())) {
            collectExchanges(child, found);
        }
    }
}
