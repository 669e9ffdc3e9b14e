package dev.streaminglabs.lab02;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.ClosedByInterruptException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Comparator;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.streaming.Duration;
import org.apache.spark.streaming.Durations;
import org.apache.spark.streaming.api.java.JavaStreamingContext;
import org.apache.spark.streaming.scheduler.StreamingListener;
import org.apache.spark.streaming.scheduler.StreamingListenerBatchCompleted;

import dev.streaminglabs.common.BatchReport;
import dev.streaminglabs.common.CommandLine;
import dev.streaminglabs.common.DemoFolder;
import dev.streaminglabs.common.LocalSpark;
import dev.streaminglabs.common.TextGenerator;

/**
 * The demo of lab 02, given: a log writer, a real Flume agent tailing the log, and the app of step 5 counting what
 * the agent pushes. It only runs the lab's own code ({@link FlumeWordCount}); there is nothing to fill in here.
 *
 * <p>It stops from upstream to downstream: the log writer first, then the agent once it has delivered every line,
 * then the streaming context, gracefully. Stopped the other way round, the agent would fail the batch it is sending.
 */
final class FlumeDemo {

    /** How long the demo's agent may take, once the log is no longer written, to deliver the lines it still holds. */
    private static final java.time.Duration DELIVERY_LIMIT = java.time.Duration.ofSeconds(30);

    private FlumeDemo() {
    }

    /** Runs the demo with the options of {@link FlumeWordCount}'s {@code main}. */
    static void main(String[] args) throws Exception {
        var options = CommandLine.parse(args);
        var batches = options.number("batches", 8);
        var batchMs = options.number("batch-ms", 2000);
        var rate = options.number("rate", 20);
        var dirOption = options.text("dir", null);
        var port = options.number("port", 0);
        var ui = options.flag("ui");
        options.rejectUnknown();
        if (batches < 1) {
            throw new IllegalArgumentException("--batches takes a number of batches, 1 or more, not " + batches);
        }

        try (var folder = DemoFolder.of(dirOption, "lab02-demo")) {
            run(folder.path(), batches, batchMs, rate, port, ui);
        }
    }

    /** The demo in {@code dir}: the log file, the agent's configuration, the counts and the checkpoint. */
    private static void run(Path dir, int batches, int batchMs, int rate, int port, boolean ui) throws Exception {
        var checkpoint = dir.resolve("checkpoint");
        var saved = dir.resolve("counts");
        var logFile = Files.write(dir.resolve("app.log"), new byte[0]);   // a new, empty log on every run
        Files.createDirectories(checkpoint);   // Spark warns about a missing folder; an empty one holds no checkpoint

        var conf = FlumeWordCount.withWriteAheadLog(LocalSpark.conf("Lab 02 · Flume word count"))
                .set("spark.ui.enabled", String.valueOf(ui));
        var spark = new JavaSparkContext(conf);
        try {
            var context = FlumeWordCount.createOrRecover(checkpoint.toString(), () -> FlumeWordCount.newContext(spark,
                    Durations.milliseconds(batchMs), checkpoint.toString(), port, counts -> {
                        WordCountJob.saveEachBatch(counts, saved.resolve("batch").toString());
                        counts.foreachRDD((batch, time) -> printTopWords(batch.collectAsMap(), 5));
                    }));
            context.addStreamingListener(new BatchReport(System.out));
            var done = new Batches();
            context.addStreamingListener(done);
            System.out.printf("Log file %s%nCounts saved under %s%nCheckpoint in %s%n", logFile, saved, checkpoint);
            if (ui) {
                System.out.println("Spark UI: " + spark.sc().uiWebUrl().getOrElse(() -> "(off)"));
            }

            try (var writer = LogWriter.start(logFile, new TextGenerator(42)::logLine, rate);
                 var agent = FlumeAgent.startWhenListening(logFile, dir)) {
                context.start();
                Batches.await(context, () -> done.completed() >= batches - 1);
                // Upstream stops first, while the receiver still listens: no more lines, then the agent delivers what
                // it holds and stops. Stopped while its avro sink holds a batch, it would fail that batch (an ERROR
                // from Flume's SinkRunner) and keep those lines in its channel, lost with the agent.
                writer.close();
                long delivered = agent.stopOnceDelivered(writer.linesWritten(), DELIVERY_LIMIT);
                // Then a batch that takes the agent's last lines. The graceful stop below stops the receivers, then
                // closes the write-ahead log of the received blocks' metadata, then lets the last batches run: a block
                // not yet given to a batch by then cannot be (its allocation must be logged), and the stop would wait
                // for it in vain until spark.streaming.gracefulStopTimeout (10 batch intervals), its lines uncounted.
                long agentStopped = System.currentTimeMillis();
                Batches.await(context, () -> done.lastBatchTime() > agentStopped);
                context.stop(false, true);
                System.out.printf("Stopped after %d batches (the last ones count what the agent delivered as it"
                        + " stopped): %d lines written to the log, %d delivered.%n", done.completed(),
                        writer.linesWritten(), delivered);
            }
        } finally {
            spark.stop();
        }
    }

    /** The batches completed so far, and a way for the main thread to wait for them. */
    private static final class Batches implements StreamingListener {
        private int completed;
        private long lastBatchTime;

        @Override
        public synchronized void onBatchCompleted(StreamingListenerBatchCompleted event) {
            completed++;
            lastBatchTime = Math.max(lastBatchTime, event.batchInfo().batchTime().milliseconds());
        }

        synchronized int completed() {
            return completed;
        }

        /** The time of the latest batch completed, in ms since the epoch (a batch's time is when it was cut). */
        synchronized long lastBatchTime() {
            return lastBatchTime;
        }

        /**
         * Waits until {@code condition} holds, or the context stops. Spark reports a failed batch to whoever waits
         * for the context: {@code awaitTerminationOrTimeout} throws it, and the wait ends with it.
         */
        static void await(JavaStreamingContext context, BooleanSupplier condition) throws InterruptedException {
            while (!condition.getAsBoolean()) {
                if (context.awaitTerminationOrTimeout(100)) {
                    return;
                }
            }
        }
    }


    private static void printTopWords(Map<String, Long> counts, int n) {
        var top = counts.entrySet().stream()
                .sorted(Map.Entry.<String, Long>comparingByValue(Comparator.reverseOrder())
                        .thenComparing(Map.Entry.comparingByKey()))
                .limit(n)
                .map(entry -> entry.getKey() + "=" + entry.getValue())
                .toList();
        System.out.println("  top words: " + (top.isEmpty() ? "(none)" : String.join(", ", top)));
    }

    /** Appends generated log lines to a file at a steady rate, as an application would. */
    static final class LogWriter implements AutoCloseable {
        private final Thread thread;
        private volatile long written;

        private LogWriter(Path file, Supplier<String> lines, int perSecond) {
            long pauseNanos = TimeUnit.SECONDS.toNanos(1) / Math.max(1, perSecond);
            thread = new Thread(() -> {
                while (!Thread.currentThread().isInterrupted()) {
                    try {
                        Files.writeString(file, lines.get() + "\n", StandardCharsets.UTF_8, StandardOpenOption.APPEND);
                        written++;
                    } catch (ClosedByInterruptException e) {
                        return;   // close() came during a write
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                    LockSupport.parkNanos(pauseNanos);
                }
            }, "log-writer");
            thread.setDaemon(true);
        }

        static LogWriter start(Path file, Supplier<String> lines, int perSecond) {
            var writer = new LogWriter(file, lines, perSecond);
            writer.thread.start();
            return writer;
        }

        long linesWritten() {
            return written;
        }

        @Override
        public void close() throws InterruptedException {
            thread.interrupt();
            thread.join();
        }
    }
}
