package dev.streaminglabs.lab03;

import java.io.PrintStream;
import java.net.ConnectException;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.streaming.OutputMode;
import org.apache.spark.sql.streaming.StreamingQuery;
import org.apache.spark.sql.streaming.StreamingQueryException;
import org.apache.spark.sql.streaming.StreamingQueryListener;
import org.apache.spark.sql.streaming.Trigger;

import dev.streaminglabs.common.Demo;
import dev.streaminglabs.common.DemoOptions;
import dev.streaminglabs.common.LineSource;
import dev.streaminglabs.common.ReceiverWatch;
import dev.streaminglabs.common.SourceUnavailable;
import dev.streaminglabs.common.web.Dashboard;

/**
 * The demo of lab 03, given: a line server (embedded, or yours with {@code --port}), the lab's
 * {@link LiveWordCount#linesFrom} as an unbounded table, the word count of step 1, one progress line per trigger.
 * It only runs the lab's own code; there is nothing to fill in here.
 *
 * <p>At the end, or on Ctrl-C, the embedded server stops sending first, and the query stops once a trigger has taken
 * every line sent: nothing is lost. With an external server, the query stops after a trigger that took what the socket
 * source had read; what the server sends after that is not read (the socket source acknowledges nothing).
 */
public final class LiveWordCountDemo {

    /** The demo's options; the demo runner lists them, the README's "Run it for real" says the same. */
    public static final DemoOptions OPTIONS = DemoOptions.of("lab03",
                    "Structured Streaming word count over a socket, update mode, one line per trigger")
            .triggers(10, "0: until Ctrl-C")
            .triggerMs(2000)
            .text("host", "H", "127.0.0.1", "the line server's address")
            .number("port", "P", 0, 0, 65_535,
                    "the line server's port; 0: an embedded server that plays generated sentences")
            .web();

    /** How long the stop waits for a trigger to take the last lines. */
    private static final Duration DRAIN_LIMIT = Duration.ofSeconds(30);

    private LiveWordCountDemo() {
    }

    public static void main(String[] args) {
        Demo.run(OPTIONS, args, LiveWordCountDemo::run);
    }

    private static void run(Demo demo) throws Exception {
        // The demo says itself why a query stopped (and the README why the socket source is for demos only).
        Demo.silence("org.apache.spark.sql.execution.streaming.runtime.MicroBatchExecution",
                "org.apache.spark.sql.execution.streaming.sources.TextSocketSourceProvider");
        var options = demo.options();
        try (var source = LineSource.of(options.text("host"), options.number("port"));
             var dashboard = demo.dashboard()) {
            var spark = demo.sparkSession("Lab 03 · live word count");
            try {
                var progress = new ProgressLines(System.out);
                spark.streams().addListener(progress);
                var query = startReading(demo, spark, source, progress, dashboard);
                if (query == null) {
                    return;   // a stop was requested while the demo waited for the server
                }
                // Until --batches triggers, or Ctrl-C; once, if nothing arrives from an external server, say so.
                long quietAfter = System.currentTimeMillis() + ReceiverWatch.QUIET_BATCHES * (long) demo.batchMs();
                var told = new boolean[] {source.whenQuiet() == null};
                BooleanSupplier enough = () -> demo.batches() > 0 && progress.triggers() >= demo.batches();
                while (demo.awaitWhileRunning(query, () -> enough.getAsBoolean()
                        || !told[0] && progress.rows() == 0 && System.currentTimeMillis() > quietAfter)
                        && !enough.getAsBoolean()) {
                    demo.say("Nothing received in %d triggers: %s", ReceiverWatch.QUIET_BATCHES, source.whenQuiet());
                    told[0] = true;
                }
                stopInOrder(demo, query, source, progress);
                if (source.isEmbedded()) {
                    long lost = source.linesSent() - progress.rows();
                    demo.say("Sent %d lines, counted %d: %s. %d triggers.", source.linesSent(), progress.rows(),
                            lost == 0 ? "none lost" : lost + " lost between the server and the query",
                            progress.triggers());
                } else {
                    demo.say("Counted %d lines in %d triggers. %s", progress.rows(), progress.triggers(),
                            source.limitAtStop());
                }
            } finally {
                spark.stop();
            }
        }
    }

    /**
     * Starts the query. The socket source connects when the query starts: if nothing listens, the query dies at
     * once with "Connection refused"; the demo says so in one line, tries again a few times, then gives up.
     */
    private static StreamingQuery startReading(Demo demo, SparkSession spark, LineSource source,
                                               ProgressLines progress, Dashboard dashboard) throws Exception {
        for (int attempt = 1; ; attempt++) {
            var counts = StreamingWordCount.countWords(LiveWordCount.linesFrom(spark, source.host(), source.port()));
            var trigger = Trigger.ProcessingTime(demo.batchMs(), TimeUnit.MILLISECONDS);
            // Update mode: each trigger sends only the words whose count changed: with --web, to the live dashboard
            // through your web-socket sink (step 6); else to the console sink, which is for demos.
            var query = dashboard != null ? new WebSocketSink(dashboard.broadcaster()).start(counts, trigger) : counts
                    .writeStream()
                    .queryName("live_word_count")
                    .outputMode(OutputMode.Update())
                    .format("console")
                    .option("numRows", 8)
                    .option("truncate", false)
                    .trigger(trigger)
                    .start();
            try {
                // The first trigger also plans and compiles the query: it may take a while.
                demo.awaitWhileRunning(query, () -> progress.triggers() > 0);
                return query;
            } catch (StreamingQueryException failed) {
                if (!(rootCause(failed) instanceof ConnectException refused)) {
                    throw failed;
                }
                var why = "nothing is listening on %s:%d (%s)".formatted(source.host(), source.port(),
                        refused.getMessage());
                if (attempt == ReceiverWatch.ATTEMPTS) {
                    throw new SourceUnavailable("gave up after %d attempts: %s. %s".formatted(attempt, why,
                            source.whatToCheck()));
                }
                demo.say("The query stopped: %s. Attempt %d of %d failed; trying again in 2 s.%s", why, attempt,
                        ReceiverWatch.ATTEMPTS, attempt == 1 ? " " + source.whatToCheck() : "");
                if (demo.stopSignal().await(Duration.ofSeconds(2))) {
                    return null;
                }
            }
        }
    }

    /**
     * The source first: the embedded server stops sending, and the query runs until a trigger has taken every line
     * it sent (an external server: until a trigger that started after the stop, which takes what the socket source
     * had read). Then the query stops, between two triggers: {@code stop()} interrupts a running micro-batch.
     */
    private static void stopInOrder(Demo demo, StreamingQuery query, LineSource source, ProgressLines progress)
            throws Exception {
        source.stopSending();
        if (query.isActive() && query.exception().isEmpty()) {
            long stopAt = System.currentTimeMillis();
            long deadline = stopAt + DRAIN_LIMIT.toMillis();
            while (query.isActive() && System.currentTimeMillis() < deadline
                    && (source.isEmbedded() ? progress.rows() < source.linesSent() : progress.lastTrigger() < stopAt)) {
                query.awaitTermination(100);
            }
            if (query.exception().isDefined()) {
                throw query.exception().get();
            }
            demo.say("The plan of the last trigger (query.explain()):");
            query.explain();
        }
        query.stop();
    }

    private static Throwable rootCause(Throwable failure) {
        var cause = failure;
        while (cause.getCause() != null && cause.getCause() != cause) {
            cause = cause.getCause();
        }
        return cause;
    }

    /** Prints one {@link TriggerReport} line per trigger, and counts the triggers and the rows they read. */
    static final class ProgressLines extends StreamingQueryListener {
        private final PrintStream out;
        private long triggers;
        private long rows;
        private long lastTrigger;

        ProgressLines(PrintStream out) {
            this.out = out;
        }

        @Override
        public void onQueryStarted(QueryStartedEvent event) {
            out.println("query " + event.name() + " started");
        }

        @Override
        public void onQueryProgress(QueryProgressEvent event) {
            out.println(TriggerReport.of(event.progress()).line());
            synchronized (this) {
                triggers++;
                rows += event.progress().numInputRows();
                lastTrigger = java.time.Instant.parse(event.progress().timestamp()).toEpochMilli();
            }
        }

        @Override
        public void onQueryTerminated(QueryTerminatedEvent event) {
            out.println("query stopped");   // and if it failed, the demo says why
        }

        synchronized long triggers() {
            return triggers;
        }

        /** Lines read by the triggers so far. */
        synchronized long rows() {
            return rows;
        }

        /** When the latest trigger started, in ms since the epoch. */
        synchronized long lastTrigger() {
            return lastTrigger;
        }
    }
}
