package dev.streaminglabs.lab06;

import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.LockSupport;

import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.config.Configurator;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.streaming.StreamingQuery;

/**
 * Stops a query without a page of errors. A real-time batch is long (seconds to minutes) and its tasks run the whole
 * time, so a stop always lands in the middle of one (a micro-batch query's often does too): Spark cancels the batch, and its Kafka writer and the
 * tasks log the abort (ERROR "Aborting task", "Aborted commit", WARN "Lost task ... TaskKilled"). Nothing is lost: the
 * batch was not committed, a restart runs it again from its checkpoint. Those lines are expected here, so they are
 * silenced until the cancelled tasks have ended.
 */
final class RealTimeStop {

    private static final List<String> ABORT_LOGGERS = List.of(
            "org.apache.spark.sql.execution.datasources.v2.WriteToDataSourceV2Exec",
            "org.apache.spark.sql.execution.datasources.v2.DataWritingSparkTask",
            "org.apache.spark.util.Utils",
            "org.apache.spark.scheduler.TaskSetManager");

    private RealTimeStop() {
    }

    /** Stops {@code query} and returns once its cancelled tasks have ended (a minute at most, on a busy machine). */
    static void stop(StreamingQuery query, SparkSession spark) throws TimeoutException {
        var levels = new HashMap<String, Level>();
        ABORT_LOGGERS.forEach(name -> levels.put(name, LogManager.getLogger(name).getLevel()));
        ABORT_LOGGERS.forEach(name -> Configurator.setLevel(name, Level.OFF));
        try {
            query.stop();
            long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(1);
            while (tasksRunning(spark) && System.nanoTime() < deadline) {
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(50));
            }
        } finally {
            levels.forEach(Configurator::setLevel);
        }
    }

    private static boolean tasksRunning(SparkSession spark) {
        return Arrays.stream(spark.sparkContext().statusTracker().getExecutorInfos())
                .anyMatch(executor -> executor.numRunningTasks() > 0);
    }
}
