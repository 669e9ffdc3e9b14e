package dev.streaminglabs.testkit;

import org.apache.spark.sql.execution.streaming.runtime.StreamingQueryWrapper;
import org.apache.spark.sql.streaming.StreamingQuery;
import org.apache.spark.sql.streaming.Trigger;

/**
 * What a started streaming query is made of, for tests: its trigger and the plan that {@code explain()} prints.
 * Spark keeps both behind its query wrapper; this is the one place that opens it.
 */
public final class QueryPlans {

    private QueryPlans() {
    }

    /** The query's trigger, e.g. {@code Trigger.ProcessingTime(500)}: triggers compare equal by kind and interval. */
    public static Trigger triggerOf(StreamingQuery query) {
        return wrapper(query).streamingQuery().trigger();
    }

    /**
     * The text {@code query.explain(extended)} prints: the plan of the last trigger that ran (or "No physical plan.
     * Waiting for data." before the first one).
     */
    public static String explainOf(StreamingQuery query, boolean extended) {
        return wrapper(query).explainInternal(extended);
    }

    private static StreamingQueryWrapper wrapper(StreamingQuery query) {
        if (query instanceof StreamingQueryWrapper wrapper) {
            return wrapper;
        }
        throw new IllegalArgumentException("not a query started by this JVM's Spark session: " + query);
    }
}
