package dev.streaminglabs.testkit.progress.warm;

import java.util.ArrayList;
import java.util.List;

import org.apache.spark.SparkContext$;
import org.apache.spark.sql.classic.SparkSession;
import org.apache.spark.streaming.StreamingContext;

/**
 * Stops whatever Spark a patch's tests left in the worker: the active streaming context, every running query, the
 * sessions and the Spark context. The next patch's tests then start a new Spark context (the test kit's
 * {@code TestSpark} makes one when its session is stopped) under the next patch's class loader: Spark's local
 * executor loads the tasks' classes with the loader it found when its context started, so a context may serve one
 * patch only.
 */
final class SparkReset {

    private SparkReset() {
    }

    /** Stops it all; returns what it found running, for the worker's log ("a query left running", ...). */
    static List<String> stopAll() {
        var found = new ArrayList<String>();
        var streaming = StreamingContext.getActive();
        if (streaming.isDefined()) {
            found.add("a streaming context left " + streaming.get().getState());
            quietly(() -> streaming.get().stop(true, false));
        }
        for (var session : List.of(SparkSession.getActiveSession(), SparkSession.getDefaultSession())) {
            if (session.isDefined() && !session.get().sparkContext().isStopped()) {
                for (var query : session.get().streams().active()) {
                    found.add("a query left running: " + query.name());
                    quietly(query::stop);
                }
                quietly(() -> session.get().stop());
            }
        }
        var context = SparkContext$.MODULE$.getActive();   // private[spark] in Scala: no static forwarder
        if (context.isDefined()) {
            found.add("a Spark context outside the test session");
            quietly(() -> context.get().stop());
        }
        SparkSession.clearActiveSession();
        SparkSession.clearDefaultSession();
        return found;
    }

    private interface Action {
        void run() throws Exception;
    }

    private static void quietly(Action action) {
        try {
            action.run();
        } catch (Exception | LinkageError e) {
            System.err.println("[worker] while stopping Spark: " + e);
        }
    }
}
