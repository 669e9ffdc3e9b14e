package dev.streaminglabs.lab02;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.Comparator;
import java.util.Map;

import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.streaming.StreamingContextState;
import org.apache.spark.streaming.api.java.JavaStreamingContext;

import dev.streaminglabs.common.BatchReport;
import dev.streaminglabs.common.Demo;
import dev.streaminglabs.common.DemoFolder;
import dev.streaminglabs.common.DemoOptions;
import dev.streaminglabs.common.PacedLines;
import dev.streaminglabs.common.ReceiverWatch;
import dev.streaminglabs.common.TextGenerator;

/**
 * The demo of lab 02, given: the app of step 5 counting what a Flume agent pushes. It only runs the lab's own code
 * ({@link FlumeWordCount}); there is nothing to fill in here. Two ways to run it:
 *
 * <ul>
 *   <li>By default, all in one: a log writer, a real Flume agent tailing the log (in this JVM), and the app. It stops
 *       from upstream to downstream: the log writer first, then the agent once it has delivered every line, then the
 *       streaming context, gracefully. Stopped the other way round, the agent would fail the batch it is sending.</li>
 *   <li>{@code --listen}: only the app, its receiver listening on {@code --host}:{@code --port}, as in the course's
 *       demo: a Flume agent runs in a terminal of its own ({@link FlumeAgentCommand}, or {@code flume-ng agent}) and
 *       pushes to it.</li>
 * </ul>
 */
public final class FlumeDemo {

    /** The port of {@code flume/avro.conf}'s avro sink: where {@code --listen} listens unless told otherwise. */
    public static final int AGENT_PORT = 41414;

    /** The demo's options; the demo runner lists them, the README's "Run it for real" says the same. */
    public static final DemoOptions OPTIONS = DemoOptions.of("lab02",
                    "a Flume agent tails a log and pushes it to a reliable receiver (write-ahead log, checkpoint,"
                            + " counts saved per batch); --listen: the receiver only, for an agent of your own")
            .batches(8, "0: until Ctrl-C")
            .batchMs(2000)
            .number("rate", "N", 20, 1, 10_000, "log lines written per second, by the embedded log writer")
            .dir("where the log, the counts and the checkpoint go, kept: a second run recovers from the checkpoint"
                    + " (default: a temporary folder, deleted at the end)")
            .flag("listen", "only the receiver: no log writer, no embedded agent; run a Flume agent yourself"
                    + " (flume/avro.conf)")
            .text("host", "H", "127.0.0.1", "the address the receiver listens on")
            .number("port", "P", 0, 0, 65_535, "the receiver's port; 0: any free one, or with --listen " + AGENT_PORT
                    + ", the port of flume/avro.conf");

    /** How long the demo's agent may take, once the log is no longer written, to deliver the lines it still holds. */
    private static final Duration DELIVERY_LIMIT = Duration.ofSeconds(30);

    private FlumeDemo() {
    }

    public static void main(String[] args) {
        Demo.run(OPTIONS, args, FlumeDemo::run);
    }

    private static void run(Demo demo) throws Exception {
        var options = demo.options();
        boolean listen = options.flag("listen");
        if (listen && options.given("rate")) {
            throw new DemoOptions.BadOption("--rate is the embedded log writer's; with --listen, your agent sends"
                    + " what its log holds");
        }
        try (var folder = DemoFolder.of(options.text("dir"), "lab02-demo")) {
            var dir = folder.path();
            var checkpoint = dir.resolve("checkpoint");
            var saved = dir.resolve("counts");
            Files.createDirectories(checkpoint);   // Spark warns about a missing folder; an empty one holds no checkpoint
            int port = options.number("port") == 0 && listen ? AGENT_PORT : options.number("port");
            var host = options.text("host");
            var whatToCheck = "Is %s:%d free? Another receiver, agent or program may hold it: choose another --port%s."
                    .formatted(host, port, listen ? "" : ", or 0 for any free one");
            if (port != 0) {
                demo.awaitFreePort(host, port, whatToCheck);
            }

            // Both ways stop once the batches have caught up (see below), so the graceful stop needs little time;
            // what it would wait for beyond that are blocks stored while the receiver stopped, which can no longer
            // join a batch of this run (they wait in the write-ahead log for the next run).
            var spark = new JavaSparkContext(FlumeWordCount.withWriteAheadLog(
                    demo.sparkConf("Lab 02 · Flume word count").set("spark.streaming.gracefulStopTimeout",
                            Math.max(10_000L, 5 * demo.batchInterval().milliseconds()) + "ms")));
            demo.showUi(spark.sc());
            try {
                var context = FlumeWordCount.recoverOrCreate(checkpoint.toString(),
                        () -> FlumeWordCount.createContext(spark, demo.batchInterval(), checkpoint.toString(), host,
                                port, counts -> {
                                    WordCountJob.saveEachBatch(counts, saved.resolve("batch").toString());
                                    counts.foreachRDD((batch, time) -> printTopWords(batch.collectAsMap(), 5));
                                }));
                var report = new BatchReport(System.out);
                context.addStreamingListener(report);
                var watch = demo.watchReceivers(context, whatToCheck, listen ? "no Flume agent has sent anything yet: start one (" + FlumeAgentCommand.COMMAND
                                + "), and write to the log it tails." : null);
                demo.say("Counts saved under %s%nCheckpoint in %s", saved, checkpoint);
                try {
                    if (listen) {
                        listenOnly(demo, context, report, watch, host, port, saved, folder.temporary());
                    } else {
                        withEmbeddedAgent(demo, context, report, watch, dir);
                    }
                } finally {
                    if (context.getState() == StreamingContextState.ACTIVE) {
                        context.stop(false, demo.gaveUp() == null);
                    }
                }
            } finally {
                spark.stop();
            }
        }
    }

    /**
     * The course's demo 2: the receiver listens, an agent in another terminal pushes. Runs {@code --batches}
     * batches, or until Ctrl-C, then stops gracefully: the receiver stops answering, what it stored is counted.
     */
    private static void listenOnly(Demo demo, JavaStreamingContext context, BatchReport report, ReceiverWatch watch,
                                   String host, int port, Path saved, boolean temporaryFolder)
            throws InterruptedException {
        context.start();
        if (demo.awaitWhileRunning(context, () -> FlumeReceiver.boundPort(0).isPresent())) {
            demo.say("Listening for a Flume agent on %s:%d (the avro sink's hostname and port in flume/avro.conf)."
                    + " In another terminal: %s", host, FlumeReceiver.boundPort(0).getAsInt(), FlumeAgentCommand.COMMAND);
        }
        demo.awaitWhileRunning(context, () -> demo.batches() > 0 && report.batches() >= demo.batches());
        watch.stopping();
        report.stopping();
        if (demo.gaveUp() == null) {
            // Every line the agent saw acknowledged before the stop is in a block the driver knows: one more batch
            // takes them all, before the graceful stop closes the log that a block needs to join a batch.
            long stopAsked = System.currentTimeMillis();
            demo.awaitDrained(context, () -> report.lastBatchTime() > stopAsked, DELIVERY_LIMIT);
        }
        context.stop(false, true);
        if (demo.gaveUp() == null) {
            demo.say("Received and counted %d lines. %s. Counts saved under %s.", report.records(), report.summary(),
                    saved);
            if (receivedButNotCounted(context)) {
                demo.say("Some lines arrived while the receiver was stopping, too late for a batch of this run: Spark"
                        + " stops its receivers, then closes its log of received blocks, then runs the last batches. %s",
                        temporaryFolder
                                ? "They were in the write-ahead log of this run's temporary folder, deleted now: with"
                                        + " --dir DIR, the next run with the same --dir counts them."
                                : "They are in the write-ahead log: run again with --dir %s to count them."
                                        .formatted(saved.getParent()));
            }
            demo.say("An agent still sending gets no answer for the batch it was sending: it keeps those events in its"
                    + " channel and sends them again to the next receiver on port %d (lost only if the agent stops"
                    + " first: its channel is in memory).", port);
        }
    }

    /**
     * Whether blocks stored by a receiver were never given to a batch (Spark's own check before a graceful stop ends;
     * the tracker is internal to Spark, public in its bytecode).
     */
    private static boolean receivedButNotCounted(JavaStreamingContext context) {
        var tracker = context.ssc().scheduler().receiverTracker();
        return tracker != null && tracker.hasUnallocatedBlocks();
    }

    /** All in one JVM: a log writer, an embedded agent, the app; the stop goes from upstream to downstream. */
    private static void withEmbeddedAgent(Demo demo, JavaStreamingContext context, BatchReport report,
                                          ReceiverWatch watch, Path dir) throws Exception {
        var logFile = Files.write(dir.resolve("app.log"), new byte[0]);   // a new, empty log on every run
        demo.say("Log file %s", logFile);
        var lines = new TextGenerator(42);
        try (var writer = PacedLines.start("log-writer", lines::logLine, demo.options().number("rate"),
                line -> append(logFile, line));
             var agent = FlumeAgent.startWhenListening(logFile, dir)) {
            context.start();
            demo.awaitWhileRunning(context, () -> demo.batches() > 0 && report.batches() >= demo.batches());
            if (demo.gaveUp() != null) {
                return;
            }
            // Upstream stops first, while the receiver still listens: no more lines, then the agent delivers what it
            // holds and stops. Stopped while its avro sink holds a batch, it would fail that batch (an ERROR from
            // Flume's SinkRunner) and keep those lines in its channel, lost with the agent.
            report.stopping();
            writer.close();
            long delivered = agent.stopOnceDelivered(writer.sent(), DELIVERY_LIMIT);
            // Then a batch that takes the agent's last lines. The graceful stop below stops the receivers, then closes
            // the write-ahead log of the received blocks' metadata, then lets the last batches run: a block not yet
            // given to a batch by then cannot be (its allocation must be logged), and the stop would wait for it in
            // vain until spark.streaming.gracefulStopTimeout, its lines uncounted.
            long agentStopped = System.currentTimeMillis();
            demo.awaitDrained(context, () -> report.lastBatchTime() > agentStopped, DELIVERY_LIMIT);
            watch.stopping();
            context.stop(false, true);
            demo.say("Wrote %d lines to the log, the agent delivered %d, the job counted %d. %s.", writer.sent(),
                    delivered, report.records(), report.summary());
        }
    }

    private static void append(Path file, String line) {
        try {
            Files.writeString(file, line + "\n", StandardCharsets.UTF_8, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot append to the log " + file, e);
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
}
