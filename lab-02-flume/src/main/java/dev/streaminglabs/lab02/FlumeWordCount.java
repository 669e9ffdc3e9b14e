package dev.streaminglabs.lab02;

import dev.streaminglabs.common.NotDoneYet;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Comparator;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;
import java.util.function.Supplier;

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
 * ./mvnw -q -pl lab-02-flume -am compile exec:exec -Dargs="--seconds 30 --checkpoint target/flume-checkpoint"
 * </pre>
 *
 * Options: {@code --seconds S} run for S seconds then stop gracefully (default 15, as the course's demo);
 * {@code --batch-seconds B} (default 2); {@code --rate N} log lines written per second (default 20);
 * {@code --output DIR} where each batch's counts are saved (default target/flume-word-counts);
 * {@code --checkpoint DIR} checkpoint there, and recover from it if it holds a checkpoint (default: a new temporary
 * folder); {@code --port P} the receiver's port (default 0: any free one); {@code --ui} keep the Spark UI on.
 */
public final class FlumeWordCount {

    /** The setting that makes every receiver write what it stores to a write-ahead log in the checkpoint folder. */
    public static final String RECEIVER_WAL = "spark.streaming.receiver.writeAheadLog.enable";

    private FlumeWordCount() {
    }

    /**
     * Turns the receivers' write-ahead log on in {@code conf}: each block a receiver stores is also written to a log
     * file under the checkpoint folder before {@code store} returns, and the driver logs which blocks it received and
     * which batch they went to. After a driver restart, both logs bring back the data that was received but not yet
     * processed.
     */
    public static SparkConf withWriteAheadLog(SparkConf conf) {
        // TODO Step 5a: turn RECEIVER_WAL on.
        throw new NotDoneYet("lab-02-flume", 5, "turn the write-ahead log on");
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
        // TODO Step 5b: a context on `spark` that checkpoints to the folder; a reliable FlumeReceiver on 127.0.0.1:port
        //  keeping one serialized copy of each block; the word counts of step 4 handed to `output`.
        throw new NotDoneYet("lab-02-flume", 5, "build a context that can be recovered");
    }

    /**
     * The context saved in {@code checkpointDirectory}, with its DStream graph, its pending batches and (with the
     * write-ahead log) the data received but not processed yet; or, if there is no checkpoint there, a new one from
     * {@code newContext}.
     */
    public static JavaStreamingContext createOrRecover(String checkpointDirectory,
            Function0<JavaStreamingContext> newContext) {
        // TODO Step 5c: recover the context from the checkpoint folder, or create it with newContext.
        throw new NotDoneYet("lab-02-flume", 5, "recover from the checkpoint, or create");
    }

    public static void main(String[] args) throws Exception {
        var options = CommandLine.parse(args);
        var seconds = options.number("seconds", 15);
        var batchSeconds = options.number("batch-seconds", 2);
        var rate = options.number("rate", 20);
        var output = Path.of(options.text("output", "target/flume-word-counts")).toAbsolutePath();
        var checkpointOption = options.text("checkpoint", null);
        var port = options.number("port", 0);
        var ui = options.flag("ui");
        options.rejectUnknown();

        var workDir = Files.createTempDirectory("lab02-demo");
        var checkpoint = checkpointOption != null ? Path.of(checkpointOption).toAbsolutePath()
                : workDir.resolve("checkpoint");
        var logFile = Files.createFile(workDir.resolve("app.log"));

        var conf = withWriteAheadLog(LocalSpark.conf("Lab 02 · Flume word count"))
                .set("spark.ui.enabled", String.valueOf(ui));
        var spark = new JavaSparkContext(conf);
        var context = createOrRecover(checkpoint.toString(), () -> newContext(spark,
                Durations.seconds(batchSeconds), checkpoint.toString(), port, counts -> {
                    WordCountJob.saveEachBatch(counts, output.resolve("counts").toString());
                    counts.foreachRDD((batch, time) -> printTopWords(batch.collectAsMap(), 5));
                }));
        context.addStreamingListener(new BatchReport(System.out));
        System.out.printf("Log file %s%nCounts saved under %s%nCheckpoint in %s%n", logFile, output, checkpoint);
        if (ui) {
            System.out.println("Spark UI: " + spark.sc().uiWebUrl().getOrElse(() -> "(off)"));
        }

        try (var writer = LogWriter.start(logFile, new TextGenerator(42)::logLine, rate);
             var agent = FlumeAgent.startWhenListening(logFile, workDir)) {
            // Upstream stops first, one batch before the job: what the agent sent is counted by the last batches, and
            // the agent does not go on sending to a receiver that is gone.
            stopLater(Math.max(1, seconds - batchSeconds), writer, agent);
            WordCountJob.runFor(context, java.time.Duration.ofSeconds(seconds));
            System.out.printf("Stopped after %d s: %d lines written to the log.%n", seconds, writer.linesWritten());
        } finally {
            spark.stop();
        }
    }

    /** Closes {@code resources} in the background after {@code seconds}. */
    private static void stopLater(int seconds, AutoCloseable... resources) {
        var stopper = new Thread(() -> {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
            while (System.nanoTime() < deadline) {
                LockSupport.parkNanos(deadline - System.nanoTime());
            }
            for (var resource : resources) {
                try {
                    resource.close();
                } catch (Exception e) {
                    System.err.println("could not stop " + resource + ": " + e);
                }
            }
        }, "stop-upstream");
        stopper.setDaemon(true);
        stopper.start();
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
         * known only then), and stops it when closed.
         */
        static AutoCloseable startWhenListening(Path logFile, Path workDir) {
            var agent = new java.util.concurrent.atomic.AtomicReference<FlumeAgent>();
            var starter = new Thread(() -> {
                while (FlumeReceiver.boundPort(0).isEmpty() && !Thread.currentThread().isInterrupted()) {
                    LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(50));
                }
                if (!Thread.currentThread().isInterrupted()) {
                    int port = FlumeReceiver.boundPort(0).getAsInt();
                    System.out.printf("Flume agent %s: tail -n +1 -F %s -> avro sink -> 127.0.0.1:%d%n", NAME, logFile, port);
                    agent.set(start(logFile, port, workDir));
                }
            }, "flume-agent-starter");
            starter.setDaemon(true);
            starter.start();
            return () -> {
                starter.interrupt();
                starter.join();
                var running = agent.getAndSet(null);
                if (running != null) {
                    running.close();
                }
            };
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
