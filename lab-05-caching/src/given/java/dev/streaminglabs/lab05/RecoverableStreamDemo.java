package dev.streaminglabs.lab05;

import static org.apache.spark.sql.functions.col;

import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Comparator;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.LongStream;

import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.api.java.function.Function0;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.streaming.Duration;
import org.apache.spark.streaming.Durations;
import org.apache.spark.streaming.api.java.JavaPairDStream;
import org.apache.spark.streaming.api.java.JavaStreamingContext;
import org.apache.spark.streaming.scheduler.StreamingListener;
import org.apache.spark.streaming.scheduler.StreamingListenerBatchCompleted;
import scala.Tuple2;

import dev.streaminglabs.common.CommandLine;
import dev.streaminglabs.common.DemoFolder;
import dev.streaminglabs.common.LocalSpark;
import dev.streaminglabs.common.TextGenerator;
import dev.streaminglabs.common.streaming.ReplayableInputDStream.Folder;

/**
 * The demo of lab 05, given: a lineage cut by a checkpoint, the shuffles of a skewed aggregation, then the running
 * totals of {@link RecoverableStream}, stopped as by a crash and recovered from their checkpoint. It only runs the
 * lab's own code; there is nothing to fill in here.
 */
final class RecoverableStreamDemo {

    private static final DateTimeFormatter CLOCK =
            DateTimeFormatter.ofPattern("HH:mm:ss").withZone(ZoneId.systemDefault());

    private RecoverableStreamDemo() {
    }

    /** Runs the demo with the options of {@link RecoverableStream}'s {@code main}. */
    static void main(String[] args) throws Exception {
        var options = CommandLine.parse(args);
        int batches = options.number("batches", 5);
        var batchInterval = Durations.milliseconds(options.number("batch-ms", 1000));
        var dirOption = options.text("dir", null);
        boolean ui = options.flag("ui");
        options.rejectUnknown();

        try (var folder = DemoFolder.of(dirOption, "lab05-")) {
            run(folder.path(), batches, batchInterval, ui);
        }
    }

    private static void run(Path dir, int batches, Duration batchInterval, boolean ui) throws Exception {
        var conf = LocalSpark.conf("Lab 05 · cache, checkpoint, recover").set("spark.ui.enabled", String.valueOf(ui));
        var session = SparkSession.builder().config(conf).getOrCreate();
        var spark = JavaSparkContext.fromSparkContext(session.sparkContext());
        if (ui) {
            System.out.println("Spark UI: " + spark.sc().uiWebUrl().getOrElse(() -> "(off)")
                    + "  (Storage: the cached RDD · SQL / DataFrame: the plans · Streaming: the batches)");
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
                return RecoverableStream.createContext(spark, batchInterval, checkpoint, input,
                        RecoverableStreamDemo::printTopTotals);
            };
            System.out.printf("%nInput and checkpoints in %s%n", dir);
            for (var run : new String[] {"first run", "after the restart"}) {
                System.out.printf("%n== Running totals, %s: %d batches, then a stop ==%n", run, batches);
                runThenStop(RecoverableStream.recoverOrCreate(checkpoint, factory), batches);
            }
        } finally {
            if (ui) {
                System.out.println("The Spark UI stays up for 60 s (Ctrl-C to quit).");
                LockSupport.parkNanos(TimeUnit.SECONDS.toNanos(60));
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

    /** Starts the context, lets {@code batches} batches complete, then stops it at once, as a crash would. */
    private static void runThenStop(JavaStreamingContext context, int batches) throws InterruptedException {
        var done = new CountDownLatch(batches);
        context.addStreamingListener(new StreamingListener() {
            @Override
            public void onBatchCompleted(StreamingListenerBatchCompleted event) {
                var batch = event.batchInfo();
                System.out.printf("[batch %s] processed in %s ms · waited %s ms%n",
                        CLOCK.format(Instant.ofEpochMilli(batch.batchTime().milliseconds())),
                        batch.processingDelay().getOrElse(() -> -1L), batch.schedulingDelay().getOrElse(() -> -1L));
                done.countDown();
            }
        });
        context.start();
        done.await();
        // Not graceful: the batches already generated but not done are left to the recovery, like after a crash.
        context.stop(false, false);
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
