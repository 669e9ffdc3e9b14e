package dev.streaminglabs.lab07;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.timestamp_millis;

import java.util.List;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

import dev.streaminglabs.common.NotDoneYet;

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
        // TODO Step 6a: read the checkpoint's metadata (one row per operator and state store), one name per operator.
        throw new NotDoneYet("lab-07-joins-and-state", 6, "list the stateful operators of a checkpoint");
    }

    /**
     * The rows that one side of step 3's join keeps in its state: {@code "left"}, the impressions (columns of
     * {@link AdEvents.Impression}), or {@code "right"}, the clicks (columns of {@link AdEvents.Click}).
     */
    public static Dataset<Row> joinState(SparkSession spark, String checkpoint, String side) {
        // TODO Step 6b: read the state of one side of the join; keep the columns of the rows it holds (the value).
        throw new NotDoneYet("lab-07-joins-and-state", 6, "read one side of a join's state");
    }

    /**
     * The open sessions in the state of step 4's query: columns {@code user}, {@code start}, {@code lastClick}
     * (timestamps) and {@code clicks}.
     *
     * @throws IllegalArgumentException if the checkpoint holds no {@code transformWithState} operator: the
     *                                  checkpoint of another query
     */
    public static Dataset<Row> openSessions(SparkSession spark, String checkpoint) {
        // TODO Step 6c: refuse a checkpoint without a transformWithState operator (name the operators it has and the
        //  checkpoint), then read the state variable "session": the user from the key, the three fields of the value
        //  (times as timestamps).
        throw new NotDoneYet("lab-07-joins-and-state", 6, "read the open sessions of a checkpoint");
    }
}
