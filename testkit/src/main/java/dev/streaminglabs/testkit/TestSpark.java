package dev.streaminglabs.testkit;

import org.apache.spark.SparkEnv;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.rpc.RpcEndpointRef;
import org.apache.spark.sql.Encoder;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.streaming.Duration;
import org.apache.spark.streaming.StreamingContext;
import org.apache.spark.streaming.StreamingContextState;
import org.apache.spark.streaming.api.java.JavaStreamingContext;

import dev.streaminglabs.common.LocalSpark;
import dev.streaminglabs.common.MemoryInput;

/**
 * The Spark of the tests: one session per test JVM, on Spark's manual clock, tuned for many tiny jobs.
 *
 * <p>Starting Spark costs seconds, a test should not: every test of a lab shares this session, its Spark context and
 * (one at a time) a streaming context on it. Demos and apps never use it: they build their own Spark from
 * {@link LocalSpark#conf(String)}, on the real clock.
 */
public final class TestSpark {

    private static SparkSession shared;

    private TestSpark() {
    }

    /** The test JVM's shared session, created on first use and stopped when the JVM exits. */
    public static synchronized SparkSession session() {
        if (shared == null || shared.sparkContext().isStopped()) {
            var conf = LocalSpark.conf("spark-streaming-labs-tests")
                    // Streaming contexts made by the test harness run on a clock the tests advance by hand.
                    .set("spark.streaming.clock", "org.apache.spark.util.ManualClock")
                    // Tests wait for nothing: a receiver's blocks go to the batch as soon as they exist.
                    .set("spark.streaming.blockInterval", "50ms")
                    // A file stream reads the files modified within its remember window (a minute by default); the
                    // tests' file streams run their clock half an hour ahead of the files' (FileStreamClock).
                    .set("spark.streaming.fileStream.minRememberDuration", "1h")
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

    /** An unbounded input table on the shared session, which a test fills by hand. */
    public static <T> MemoryInput<T> memoryInput(Encoder<T> encoder) {
        return MemoryInput.of(session(), encoder);
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

    /** Stops a streaming context at once (if it is not stopped yet), keeping the Spark context for the next test. */
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
}
