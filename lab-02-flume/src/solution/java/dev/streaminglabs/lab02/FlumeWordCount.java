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
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.Supplier;

import org.apache.flume.instrumentation.util.JMXPollUtil;
import org.apache.flume.node.Application;
import org.apache.flume.node.PropertiesFileConfigurationProvider;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.api.java.function.Function0;
import org.apache.spark.storage.StorageLevel;
import org.apache.spark.streaming.Duration;
import org.apache.spark.streaming.Durations;
import org.apache.spark.streaming.api.java.JavaPairDStream;
import org.apache.spark.streaming.api.java.JavaStreamingContext;
import org.apache.spark.streaming.scheduler.StreamingListener;
import org.apache.spark.streaming.scheduler.StreamingListenerBatchCompleted;

import dev.streaminglabs.common.BatchReport;
import dev.streaminglabs.common.CommandLine;
import dev.streaminglabs.common.LocalSpark;
import dev.streaminglabs.common.TextGenerator;
import dev.streaminglabs.lab02.FlumeBatchHandler.Delivery;

/**
 * Step 5 — the app, made to survive a driver restart: a Flume agent tails a log file and pushes its lines to the
 * job of step 4 through a reliable receiver, with the write-ahead log on and a checkpoint to recover from.
 *
 * <pre>
 * ./mvnw -q -pl lab-02-flume -am compile exec:exec
 * ./mvnw -q -pl lab-02-flume -am compile exec:exec -Dargs="--batches 15 --dir target/flume-demo"
 * </pre>
 *
 * Options: {@code --batches N} run N batches then stop (default 8, the 15 s of the course's demo; a clean stop adds
 * two or three); {@code --batch-ms MS} the batch interval (default 2000); {@code --rate N} log lines written per
 * second (default 20); {@code --dir DIR} where the demo writes: the log file, the agent's configuration, each
 * batch's counts ({@code DIR/counts}) and the checkpoint ({@code DIR/checkpoint}), recovered from if it holds one
 * (default: a new temporary folder, deleted at the end); {@code --port P} the receiver's port (default 0: any free
 * one); {@code --ui} keep the Spark UI on.
 */
public final class FlumeWordCount {

    /** The setting that makes every receiver write what it stores to a write-ahead log in the checkpoint folder. */
    public static final String RECEIVER_WAL = "spark.streaming.receiver.writeAheadLog.enable";

    /** How long the demo's agent may take, once the log is no longer written, to deliver the lines it still holds. */
    private static final java.time.Duration DELIVERY_LIMIT = java.time.Duration.ofSeconds(30);

    private FlumeWordCount() {
    }

    /**
     * Turns the receivers' write-ahead log on in {@code conf}: each block a receiver stores is also written to a log
     * file under the checkpoint folder before {@code store} returns, and the driver logs which blocks it received and
     * which batch they went to. After a driver restart, both logs bring back the data that was received but not yet
     * processed.
     */
    public static SparkConf withWriteAheadLog(SparkConf conf) {
        return conf.set(RECEIVER_WAL, "true");
    }

    /**
     * A new streaming context that runs the word count of step 4 over a reliable Flume receiver and checkpoints to
     * {@code checkpointDirectory}. With the write-ahead log, a second in-memory copy of each block is useless: the
     * receiver keeps one serialized copy, spilled to disk when memory runs short.
     *
     * @param port   the receiver's port, 0 for any free one
     * @param output what to do with the counts: the output operations (save, print, collect…)
     */
    public static JavaStreamingContext newContext(JavaSparkContext spark, Duration batchInterval,
            String checkpointDirectory, int port, Consumer<JavaPairDStream<String, Long>> output) {
        var context = new JavaStreamingContext(spark, batchInterval);
        context.checkpoint(checkpointDirectory);
        var lines = context.receiverStream(
                new FlumeReceiver("127.0.0.1", port, Delivery.RELIABLE, StorageLevel.MEMORY_AND_DISK_SER()));
        output.accept(WordCountJob.countWords(lines));
        return context;
    }

    /**
     * The context saved in {@code checkpointDirectory}, with its DStream graph, its pending batches and (with the
     * write-ahead log) the data received but not processed yet; or, if there is no checkpoint there, a new one from
     * {@code newContext}.
     */
    public static JavaStreamingContext createOrRecover(String checkpointDirectory,
            Function0<JavaStreamingContext> newContext) {
        return JavaStreamingContext.getOrCreate(checkpointDirectory, newContext);
    }

    public static void main(String[] args) throws Exception {
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

        var dir = dirOption != null ? Files.createDirectories(Path.of(dirOption).toAbsolutePath())
                : Files.createTempDirectory("lab02-demo");
        try {
            run(dir, batches, batchMs, rate, port, ui);
        } finally {
            if (dirOption == null) {
                deleteFolder(dir);
            } else {
                System.out.println("Kept in " + dir + ": the log, the counts and the checkpoint (run again with --dir "
                        + dir + " to recover from it).");
            }
        }
    }

    /** The demo in {@code dir}: the log file, the agent's configuration, the counts and the checkpoint. */
    private static void run(Path dir, int batches, int batchMs, int rate, int port, boolean ui) throws Exception {
        var checkpoint = dir.resolve("checkpoint");
        var saved = dir.resolve("counts");
        var logFile = Files.write(dir.resolve("app.log"), new byte[0]);   // a new, empty log on every run
        Files.createDirectories(checkpoint);   // Spark warns about a missing folder; an empty one holds no checkpoint

        var conf = withWriteAheadLog(LocalSpark.conf("Lab 02 · Flume word count"))
                .set("spark.ui.enabled", String.valueOf(ui));
        var spark = new JavaSparkContext(conf);
        try {
            var context = createOrRecover(checkpoint.toString(), () -> newContext(spark,
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

    /** Deletes the demo's temporary folder and everything in it; says so if something stays behind. */
    private static void deleteFolder(Path folder) {
        try (var paths = Files.walk(folder)) {
            for (var path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
            System.out.println("Deleted the temporary folder " + folder + " (--dir DIR keeps what the demo writes).");
        } catch (IOException | UncheckedIOException e) {
            System.out.println("Could not delete all of the temporary folder " + folder + ": " + e);
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

    /**
     * A real Flume agent, in this JVM, started from the lab's properties file ({@code flume/agent.properties}): an exec
     * source runs {@code tail -F} on a log file, a memory channel holds the lines, an avro sink sends them to
     * {@code 127.0.0.1:port}. The same as {@code bin/flume-ng agent --conf-file agent.properties --name agent1},
     * without installing Flume.
     */
    public static final class FlumeAgent implements AutoCloseable {

        /** The agent's name in the properties file. */
        public static final String NAME = "agent1";
        /** The name of its avro sink in the properties file. */
        public static final String SINK = "spark";
        private static final String TEMPLATE = "/flume/agent.properties";

        private final Application application;
        private final Path configuration;

        private FlumeAgent(Application application, Path configuration) {
            this.application = application;
            this.configuration = configuration;
        }

        /** Starts the agent: it tails {@code logFile} and sends to {@code 127.0.0.1:port}. */
        public static FlumeAgent start(Path logFile, int port, Path workDir) {
            var configuration = writeConfiguration(logFile, port, workDir);
            var provider = new PropertiesFileConfigurationProvider(NAME, configuration.toFile());
            var application = new Application();
            application.handleConfigurationEvent(provider.getConfiguration());
            application.start();
            return new FlumeAgent(application, configuration);
        }

        /**
         * For the demo: starts the agent in the background as soon as the receiver of stream 0 listens (its port is
         * known only then). {@link StartedLater#stopOnceDelivered} stops it cleanly; {@code close} at once.
         */
        static StartedLater startWhenListening(Path logFile, Path workDir) {
            return new StartedLater(logFile, workDir);
        }

        /**
         * How many events the avro sink has delivered: sent, and acknowledged by the receiver. Flume publishes the
         * counters of its sources, channels and sinks as JMX MBeans (what {@code flume-ng agent
         * -Dflume.monitoring.type=http} serves as JSON), by component name: with several agents in one JVM, these are
         * the counters of the last one started.
         */
        public long eventsDelivered() {
            var counters = JMXPollUtil.getAllMBeans().get("SINK." + SINK);
            return counters == null ? 0 : Long.parseLong(counters.getOrDefault("EventDrainSuccessCount", "0"));
        }

        /** The demo's agent, started by a background thread once the receiver listens. */
        static final class StartedLater implements AutoCloseable {
            private final AtomicReference<FlumeAgent> agent = new AtomicReference<>();
            private final Thread starter;
            // Not an interrupt: Flume's start, interrupted, fails with an ERROR (it sleeps while its channel starts).
            private volatile boolean cancelled;

            private StartedLater(Path logFile, Path workDir) {
                starter = new Thread(() -> {
                    while (FlumeReceiver.boundPort(0).isEmpty() && !cancelled) {
                        LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(50));
                    }
                    if (!cancelled) {
                        int port = FlumeReceiver.boundPort(0).getAsInt();
                        System.out.printf("Flume agent %s: tail -n +1 -F %s -> avro sink -> 127.0.0.1:%d%n", NAME,
                                logFile, port);
                        agent.set(start(logFile, port, workDir));
                    }
                }, "flume-agent-starter");
                starter.setDaemon(true);
                starter.start();
            }

            /**
             * Waits until the agent has started and delivered {@code events} events (all the lines written to its log),
             * then stops it between two deliveries. Its avro sink fills a batch from the channel (waiting up to the
             * channel's keep-alive, 3 s, for each event), sends it, and waits for the receiver's answer; stopped while
             * it holds a batch, it sends it interrupted, fails it ("Interrupted in handshake", an ERROR from Flume's
             * SinkRunner) and puts it back in its channel, lost with the agent. After {@code limit}, the agent is
             * stopped anyway, and the demo says so.
             *
             * @return the events the agent delivered, 0 if it never started
             */
            long stopOnceDelivered(long events, java.time.Duration limit) throws InterruptedException {
                long deadline = System.nanoTime() + limit.toNanos();
                starter.join(limit.toMillis());   // the agent starts once the receiver listens
                cancelled = true;
                starter.join();
                var running = agent.get();
                if (running == null) {
                    System.out.printf("The Flume agent did not start: the receiver was not listening after %d s.%n",
                            limit.toSeconds());
                    return 0;
                }
                while (running.eventsDelivered() < events && System.nanoTime() < deadline) {
                    LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(50));
                }
                long delivered = running.eventsDelivered();
                if (delivered < events) {
                    System.out.printf("The agent delivered %d of %d lines in %d s: stopping it anyway (Flume logs the"
                            + " batch it is sending as an ERROR).%n", delivered, events, limit.toSeconds());
                }
                close();
                return delivered;
            }

            /** Stops the starter and, if it started, the agent, at once. */
            @Override
            public void close() throws InterruptedException {
                cancelled = true;
                starter.join();
                var running = agent.getAndSet(null);
                if (running != null) {
                    running.close();
                }
            }
        }

        /** The properties file the agent read, placeholders filled in. */
        public Path configuration() {
            return configuration;
        }

        /** Stops the source (and its {@code tail} process), the channel and the sink. */
        @Override
        public void close() {
            application.stop();
        }

        private static Path writeConfiguration(Path logFile, int port, Path workDir) {
            try (var template = FlumeAgent.class.getResourceAsStream(TEMPLATE)) {
                if (template == null) {
                    throw new IllegalStateException("the agent's configuration " + TEMPLATE + " is not on the classpath");
                }
                var text = new String(template.readAllBytes(), StandardCharsets.UTF_8)
                        .replace("${logFile}", logFile.toAbsolutePath().toString())
                        .replace("${port}", String.valueOf(port));
                return Files.writeString(workDir.resolve("agent.properties"), text);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write the agent's configuration in " + workDir, e);
            }
        }
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
