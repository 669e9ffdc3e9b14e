package dev.streaminglabs.lab07;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.timestamp_millis;

import java.util.List;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * Step 6a — the state X-ray: what a query's checkpoint holds, read as tables.
 *
 * <p>A stateful query writes its state to its checkpoint location, micro-batch after micro-batch. Spark reads it back
 * as a DataFrame with two data sources: {@code state-metadata} lists the stateful operators of the checkpoint (one
 * row per operator and state store), and {@code statestore} reads the state of one of them, as the last committed
 * micro-batch left it (option {@code batchId} for an earlier one). One column {@code key}, one {@code value}, each a
 * struct of the operator's own columns. Options choose what to read: {@code operatorId} (0 unless the query has
 * several), {@code joinSide} ({@code left} or {@code right}) for a stream–stream join, {@code stateVarName} (the name
 * given to the variable in {@code init}) for {@code transformWithState}.
 */
public final class StateXray {

    /** The operator name of a stream–stream join in a checkpoint. */
    public static final String JOIN = "symmetricHashJoin";
    /** The operator name of {@code transformWithState} in a checkpoint. */
    public static final String TRANSFORM_WITH_STATE = "transformWithStateExec";

    private StateXray() {
    }

    /** The stateful operators of the checkpoint at {@code checkpoint}, by name, in the order of their ids. */
    public static List<String> operators(SparkSession spark, String checkpoint) {
        return spark.read().format("state-metadata").load(checkpoint)
                .select("operatorId", "operatorName").distinct().orderBy("operatorId")
                .collectAsList().stream().map(row -> row.getString(1)).toList();
    }

    /**
     * The rows that one side of step 3's join keeps in its state: {@code "left"}, the impressions (columns of
     * {@link AdEvents.Impression}), or {@code "right"}, the clicks (columns of {@link AdEvents.Click}).
     */
    public static Dataset<Row> joinState(SparkSession spark, String checkpoint, String side) {
        return spark.read().format("statestore").option("joinSide", side).load(checkpoint).select("value.*");
    }

    /**
     * The open sessions in the state of step 4's query: columns {@code user}, {@code start}, {@code lastClick}
     * (timestamps) and {@code clicks}.
     *
     * @throws IllegalArgumentException if the checkpoint holds no {@code transformWithState} operator: the
     *                                  checkpoint of another query
     */
    public static Dataset<Row> openSessions(SparkSession spark, String checkpoint) {
        var operators = operators(spark, checkpoint);
        if (!operators.contains(TRANSFORM_WITH_STATE)) {
            throw new IllegalArgumentException("the checkpoint %s holds the state of %s, not of a %s: is it the "
                    .formatted(checkpoint, operators, TRANSFORM_WITH_STATE) + "checkpoint of another query?");
        }
        return spark.read().format("statestore").option("stateVarName", "session").load(checkpoint)
                .select(col("key.value").as("user"), timestamp_millis(col("value.start")).as("start"),
                        timestamp_millis(col("value.lastClick")).as("lastClick"), col("value.clicks"));
    }
}
