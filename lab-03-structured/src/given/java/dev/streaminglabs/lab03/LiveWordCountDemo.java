package dev.streaminglabs.lab03;

import java.io.PrintStream;
import java.util.concurrent.TimeUnit;

import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.streaming.OutputMode;
import org.apache.spark.sql.streaming.StreamingQueryListener;
import org.apache.spark.sql.streaming.Trigger;

import dev.streaminglabs.common.CommandLine;
import dev.streaminglabs.common.LineSource;
import dev.streaminglabs.common.LocalSpark;
import dev.streaminglabs.common.web.Dashboard;

/**
 * The demo of lab 03, given: a line server (embedded, or yours with {@code --port}), the lab's
 * {@link LiveWordCount#linesFrom} as an unbounded table, the word count of step 1, one progress line per trigger.
 * It only runs the lab's own code; there is nothing to fill in here.
 */
final class LiveWordCountDemo {

    private LiveWordCountDemo() {
    }

    /** Runs the demo with the options of {@link LiveWordCount}'s {@code main}. */
    static void main(String[] args) throws Exception {
        var options = CommandLine.parse(args);
        var host = options.text("host", "127.0.0.1");
        var port = options.number("port", 0);
        var batchMs = options.number("batch-ms", 2000);
        var batches = options.number("batches", 10);
        var ui = options.flag("ui");
        var webPort = options.number("web-port", -1);   // --web-port P implies --web
        var web = options.flag("web") || webPort >= 0;
        options.rejectUnknown();
        // --web: your web-socket sink (step 6) sends each trigger to the live dashboard, instead of the console.
        var dashboard = web ? Dashboard.startAndSay(webPort >= 0 ? webPort : Dashboard.DEFAULT_PORT, System.out) : null;

        var source = LineSource.of(host, port);

        var conf = LocalSpark.conf("Lab 03 · live word count").set("spark.ui.enabled", String.valueOf(ui));
        var spark = SparkSession.builder().config(conf).getOrCreate();
        if (ui) {
            System.out.println("Spark UI: " + spark.sparkContext().uiWebUrl().getOrElse(() -> "(off)"));
        }
        var progress = new ProgressLines(System.out);
        spark.streams().addListener(progress);

        var counts = StreamingWordCount.countWords(LiveWordCount.linesFrom(spark, source.host(), source.port()));
        // Update mode: each trigger sends only the words whose count changed. The console sink is for demos.
        var query = dashboard != null
                ? new WebSocketSink(dashboard.broadcaster()).start(counts, Trigger.ProcessingTime(batchMs,
                        TimeUnit.MILLISECONDS))
                : counts.writeStream()
                .queryName("live_word_count")
                .outputMode(OutputMode.Update())
                .format("console")
                .option("numRows", 8)
                .option("truncate", false)
                .trigger(Trigger.ProcessingTime(batchMs, TimeUnit.MILLISECONDS))
                .start();

        if (batches > 0) {
            // The first trigger also plans and compiles the query, and may take a while: a time limit of its own.
            progress.awaitTriggers(1, TimeUnit.MINUTES.toMillis(2));
            // Then stop just after the last trigger ended, between two triggers: stop() interrupts a running
            // micro-batch. A trigger that finds no new line runs no micro-batch and reports only now and then (an idle
            // external server): the wait has a time limit too.
            progress.awaitTriggers(batches, (long) batches * batchMs + TimeUnit.SECONDS.toMillis(30));
        } else {
            query.awaitTermination();
        }
        if (query.exception().isDefined()) {
            throw query.exception().get();
        }
        System.out.println("The plan of the last trigger (query.explain()):");
        query.explain();
        query.stop();
        if (dashboard != null) {
            dashboard.close();
        }
        spark.stop();
        source.close();
    }

    /** Prints one {@link TriggerReport} line per trigger, and lets the main thread wait for the next one. */
    static final class ProgressLines extends StreamingQueryListener {
        private final PrintStream out;
        private long triggers;
        private boolean terminated;

        ProgressLines(PrintStream out) {
            this.out = out;
        }

        @Override
        public void onQueryStarted(QueryStartedEvent event) {
            out.println("query " + (event.name() == null ? event.id() : event.name()) + " started");
        }

        @Override
        public void onQueryProgress(QueryProgressEvent event) {
            out.println(TriggerReport.of(event.progress()).line());
            synchronized (this) {
                triggers++;
                notifyAll();
            }
        }

        /** Waits until {@code count} triggers have ended, the query has stopped, or {@code timeoutMs} has passed. */
        synchronized void awaitTriggers(long count, long timeoutMs) throws InterruptedException {
            long deadline = System.currentTimeMillis() + timeoutMs;
            while (triggers < count && !terminated && System.currentTimeMillis() < deadline) {
                wait(Math.max(1, deadline - System.currentTimeMillis()));
            }
        }

        @Override
        public void onQueryTerminated(QueryTerminatedEvent event) {
            out.println("query stopped" + (event.exception().isDefined() ? ": " + event.exception().get() : ""));
            synchronized (this) {
                terminated = true;
                notifyAll();
            }
        }
    }
}
