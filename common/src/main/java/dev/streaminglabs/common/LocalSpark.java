package dev.streaminglabs.common;

import java.nio.file.Files;
import java.nio.file.Path;

import org.apache.spark.SparkConf;
import org.apache.spark.SparkEnv;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.rpc.RpcEndpointRef;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.streaming.Duration;
import org.apache.spark.streaming.StreamingContext;
import org.apache.spark.streaming.StreamingContextState;
import org.apache.spark.streaming.api.java.JavaStreamingContext;

/**
 * The one place where the workbook creates Spark.
 *
 * <p>Tests share one {@link SparkSession} per JVM ({@link #session()}): starting Spark costs seconds, a test should
 * not. Demos and apps call {@link #conf(String)} and keep whatever {@code spark-submit} already set, so the same code
 * runs locally and on a cluster.
 */
public final class LocalSpark {

    /** Two local cores: enough to show parallelism, and a receiver plus one task can run side by side. */
    public static final String LOCAL_MASTER = "local[2]";

    private static SparkSession shared;

    private LocalSpark() {
    }

    /**
     * The settings every run of the workbook uses, unless {@code spark-submit} set them already: local master,
     * loopback addresses, two shuffle partitions (the default 200 makes small tests five times slower), no UI.
     */
    public static SparkConf conf(String appName) {
        var conf = new SparkConf()
                .setAppName(appName)
                .setIfMissing("spark.master", LOCAL_MASTER);
        if (conf.get("spark.master").startsWith("local")) {
            // On one machine, everything stays on loopback. On a cluster, the executors must reach the driver at an
            // address of the network: spark-submit (or SPARK_LOCAL_IP) says which.
            conf.setIfMissing("spark.driver.host", "127.0.0.1")
                    .setIfMissing("spark.driver.bindAddress", "127.0.0.1");
        }
        return conf
                .setIfMissing("spark.ui.enabled", "false")
                .setIfMissing("spark.sql.shuffle.partitions", "2")
                .setIfMissing("spark.sql.warehouse.dir", tempDir("spark-warehouse").toUri().toString())
                .setIfMissing("spark.sql.streaming.forceDeleteTempCheckpointLocation", "true")
                .setIfMissing("spark.sql.session.timeZone", "UTC");
    }

    /** The test JVM's shared session, created on first use and stopped when the JVM exits. */
    public static synchronized SparkSession session() {
        if (shared == null || shared.sparkContext().isStopped()) {
            var conf = conf("spark-streaming-labs-tests")
                    // Streaming contexts made by the test harness run on a clock the tests advance by hand.
                    .set("spark.streaming.clock", "org.apache.spark.util.ManualClock")
                    // Tests wait for nothing: a receiver's blocks go to the batch as soon as they exist.
                    .set("spark.streaming.blockInterval", "50ms")
                    // Test queries read a handful of rows: compiling Java code for each new query costs more than
                    // it saves. Interpreted expressions give the same results (Spark's own tests run both ways).
                    // Demos keep code generation; -Dspark.sql.codegen.wholeStage=true turns it back on in tests.
                    .setIfMissing("spark.sql.codegen.wholeStage", "false")
                    .setIfMissing("spark.sql.codegen.factoryMode", "NO_CODEGEN");
            shared = SparkSession.builder().config(conf).getOrCreate();
        }
        return shared;
    }

    /** The shared session's context, for the RDD and DStream APIs. */
    public static JavaSparkContext context() {
        return JavaSparkContext.fromSparkContext(session().sparkContext());
    }

    /**
     * A streaming context on the shared Spark context. Any streaming context left running by an earlier test is
     * stopped first (only one may be active per JVM), keeping the Spark context for the next one.
     */
    public static JavaStreamingContext streamingContext(Duration batchInterval) {
        stopActiveStreamingContext();
        // The shared Spark context would remember the checkpoint folder of an earlier test: each test starts afresh.
        context().sc().checkpointDir_$eq(scala.Option.empty());
        return new JavaStreamingContext(context(), batchInterval);
    }

    /** Stops the active streaming context, if any, but not the Spark context under it. */
    public static void stopActiveStreamingContext() {
        var active = StreamingContext.getActive();
        if (active.isDefined()) {
            active.get().stop(false, false);
        }
        forgetLeftoverReceiverTracker();
    }

    /**
     * Stops a streaming context at once (if it is not stopped yet), keeping the Spark context for the next test.
     */
    public static void stopStreaming(JavaStreamingContext context) {
        if (context.getState() != StreamingContextState.STOPPED) {
            context.stop(false, false);
        }
        forgetLeftoverReceiverTracker();
    }

    /**
     * When a receiver fails to start (a port in use, a skeleton's hole), Spark relaunches it again and again; a
     * context stopped during that loop may skip removing its ReceiverTracker endpoint, and the next context then
     * cannot start ("There is already an RpcEndpoint called ReceiverTracker"). Remove such a leftover, so that one
     * test's failure does not break the next test.
     */
    private static void forgetLeftoverReceiverTracker() {
        var env = SparkEnv.get();
        if (env == null) {
            return;
        }
        var rpcEnv = env.rpcEnv();
        RpcEndpointRef leftover;
        try {
            leftover = rpcEnv.setupEndpointRef(rpcEnv.address(), "ReceiverTracker");
        } catch (Exception none) {   // a SparkException (undeclared, thrown from Scala): no such endpoint
            return;                  // the usual case: the stopped context removed it
        }
        rpcEnv.stop(leftover);
    }

    private static Path tempDir(String prefix) {
        try {
            var dir = Files.createTempDirectory(prefix);
            dir.toFile().deleteOnExit();
            return dir;
        } catch (java.io.IOException e) {
            throw new IllegalStateException("cannot create a temporary folder for Spark", e);
        }
    }
}
