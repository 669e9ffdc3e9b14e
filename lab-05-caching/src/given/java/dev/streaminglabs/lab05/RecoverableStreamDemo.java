package dev.streaminglabs.lab05;

import static org.apache.spark.sql.functions.col;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Comparator;
import java.util.stream.LongStream;

import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.api.java.function.Function0;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.streaming.api.java.JavaPairDStream;
import org.apache.spark.streaming.api.java.JavaStreamingContext;
import scala.Tuple2;

import dev.streaminglabs.common.BatchReport;
import dev.streaminglabs.common.Demo;
import dev.streaminglabs.common.DemoFolder;
import dev.streaminglabs.common.DemoOptions;
import dev.streaminglabs.common.TextGenerator;
import dev.streaminglabs.common.streaming.ReplayableInputDStream.Folder;

/**
 * The demo of lab 05, given: a lineage cut by a checkpoint, the shuffles of a skewed aggregation, then the running
 * totals of {@link RecoverableStream}, stopped as by a crash and recovered from their checkpoint. It only runs the
 * lab's own code; there is nothing to fill in here.
 *
 * <p>Ctrl-C stops the stream gracefully (not as a crash) and skips the restart.
 */
public final class RecoverableStreamDemo {

    /** The demo's options; the demo runner lists them, the README's "Run it for real" says the same. */
    public static final DemoOptions OPTIONS = DemoOptions.of("lab05",
                    "lineage cut by a checkpoint, the shuffles of a skewed key, then a stream that stops and recovers"
                            + " its running totals from its checkpoint")
            .number("batches", "N", 5, 1, DemoOptions.MAX_BATCHES,
                    "batches before the stop (as by a crash), then again after the recovery")
            .batchMs(1000)
            .dir("where the input and the checkpoints go, kept: the next run continues the stream (default: a"
                    + " temporary folder, deleted at the end)");

    private static final DateTimeFormatter CLOCK =
            DateTimeFormatter.ofPattern("HH:mm:ss").withZone(ZoneId.systemDefault());

    private RecoverableStreamDemo() {
    }

    public static void main(String[] args) {
        Demo.run(OPTIONS, args, RecoverableStreamDemo::run);
    }

    private static void run(Demo demo) throws Exception {
        try (var folder = DemoFolder.of(demo.options().text("dir"), "lab05-")) {
            run(demo, folder.path());
        }
    }

    private static void run(Demo demo, Path dir) throws Exception {
        int batches = demo.batches();
        var session = demo.sparkSession("Lab 05 · cache, checkpoint, recover");
        var spark = JavaSparkContext.fromSparkContext(session.sparkContext());
        if (demo.ui()) {
            demo.say("  (Storage: the cached RDD · SQL / DataFrame: the plans · Streaming: the batches)");
        }
        try {
            showLineage(spark, dir.resolve("rdd-checkpoints"));
            showShuffles(session);
            var input = new Folder(dir.resolve("input"));
            var generator = new TextGenerator(42);
            for (int batch = 1; batch <= 4 * batches; batch++) {
                input.write(batch, LongStream.range(0, 10).mapToObj(i -> generator.sentence()).toArray(String[]::new));
            }
            var checkpoint = dir.resolve("checkpoint").toString();
            Function0<JavaStreamingContext> factory = () -> {
                System.out.println("No checkpoint in " + checkpoint + ": a new context, totals from zero.");
                return RecoverableStream.createContext(spark, demo.batchInterval(), checkpoint, input,
                        RecoverableStreamDemo::printTopTotals);
            };
            demo.say("%nInput and checkpoints in %s", dir);
            for (var run : new String[] {"first run", "after the restart"}) {
                if (demo.stopRequested()) {
                    break;
                }
                demo.say("%n== Running totals, %s: %d batches, then a stop ==", run, batches);
                runThenStop(demo, RecoverableStream.recoverOrCreate(checkpoint, factory), batches);
            }
        } finally {
            if (demo.ui() && !demo.stopRequested()) {
                demo.say("The Spark UI stays up for 60 s (Ctrl-C to quit).");
                demo.stopSignal().await(Duration.ofSeconds(60));
            }
            session.stop();
        }
    }

    /** Lineage before and after a checkpoint, as {@code toDebugString} and the depth show it. */
    private static void showLineage(JavaSparkContext spark, Path checkpoints) {
        spark.setCheckpointDir(checkpoints.toString());
        var numbers = spark.parallelize(LongStream.rangeClosed(1, 1000).boxed().toList(), 2);
        var chain = Lineage.longChain(numbers, 120);
        var lines = chain.toDebugString().lines().toList();
        System.out.printf("== Lineage ==%nbefore the checkpoint: depth %d, toDebugString %d lines:%n%s%n"
                + "   ...%n%s%n", Lineage.depthOf(chain), lines.size(), String.join("\n", lines.subList(0, 3)),
                lines.get(lines.size() - 1));
        Lineage.checkpointed(chain);
        System.out.printf("after the checkpoint: depth %d, toDebugString:%n%s%nfiles: %s%n",
                Lineage.depthOf(chain), chain.toDebugString(), chain.getCheckpointFile().orElse("(none)"));
    }

    /** A skewed key: partitions by city alone and by city and salt; the shuffles of both aggregations. */
    private static void showShuffles(SparkSession session) {
        // 80 % of the sales in paris: a skewed key.
        var sales = session.range(0, 10_000).selectExpr(
                "CASE WHEN id % 10 < 8 THEN 'paris' ELSE concat('city-', id % 7) END AS city",
                "id % 100 AS amount");
        System.out.printf("%n== Shuffles ==%nrows per partition, by city: %s; by city and salt: %s%n",
                Partitioning.rowsPerPartition(sales.repartition(4, col("city"))),
                Partitioning.rowsPerPartition(Partitioning.spreadByCityAndSalt(sales, 4, 8)));
        var plain = Shuffles.totalsByCity(sales);
        var salted = Shuffles.saltedTotalsByCity(sales, 8);
        System.out.printf("totalsByCity: %d exchange(s); saltedTotalsByCity: %d exchange(s). Its plan:%n%s",
                Shuffles.exchangesIn(plain).size(), Shuffles.exchangesIn(salted).size(), Shuffles.planOf(salted));
        System.out.println("totals: " + salted.orderBy("city").collectAsList());
    }

    /**
     * Starts the context, lets {@code batches} batches complete, then stops it at once, as a crash would. On Ctrl-C,
     * stops it gracefully instead: the batches already cut run, nothing is left for a recovery.
     */
    private static void runThenStop(Demo demo, JavaStreamingContext context, int batches)
            throws InterruptedException {
        var report = new BatchReport(System.out);
        context.addStreamingListener(report);
        context.start();
        if (demo.awaitWhileRunning(context, () -> report.batches() >= batches)) {
            // Not graceful: the batches already generated but not done are left to the recovery, like after a crash.
            context.stop(false, false);
        } else {
            report.stopping();
            context.stop(false, true);
            demo.say("Stopped (%s) before the restart. %s.", demo.stopSignal().reason(), report.summary());
        }
    }

    private static void printTopTotals(JavaPairDStream<String, Long> totals) {
        totals.foreachRDD((rdd, time) -> System.out.printf("[batch %s] %d distinct words so far, top 5: %s%n",
                CLOCK.format(Instant.ofEpochMilli(time.milliseconds())), rdd.count(),
                rdd.takeOrdered(5, new ByTotal()).stream().map(pair -> pair._1() + "=" + pair._2()).toList()));
    }

    /** Largest total first, then alphabetical. Serializable: it travels with the task. */
    private static final class ByTotal implements Comparator<Tuple2<String, Long>>, java.io.Serializable {
        @Override
        public int compare(Tuple2<String, Long> left, Tuple2<String, Long> right) {
            int byTotal = Long.compare(right._2(), left._2());
            return byTotal != 0 ? byTotal : left._1().compareTo(right._1());
        }
    }
}
