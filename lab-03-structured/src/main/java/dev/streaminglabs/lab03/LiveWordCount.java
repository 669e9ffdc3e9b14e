package dev.streaminglabs.lab03;

import dev.streaminglabs.common.NotDoneYet;
import java.io.PrintStream;
import java.util.concurrent.TimeUnit;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.streaming.OutputMode;
import org.apache.spark.sql.streaming.StreamingQueryListener;
import org.apache.spark.sql.streaming.Trigger;

import dev.streaminglabs.common.CommandLine;
import dev.streaminglabs.common.LineSource;
import dev.streaminglabs.common.LocalSpark;

/**
 * Step 5 — the app: lab 01's word count again, as a Structured Streaming query over a socket, printed in update mode
 * with one progress line per trigger.
 *
 * <pre>
 * ./mvnw -q -pl lab-03-structured -am compile exec:exec                                   # its own line server
 * ./mvnw -q -pl lab-03-structured -am compile exec:exec -Dargs="--port 9999 --batches 0"  # after: nc -lk 9999
 * </pre>
 *
 * Options: {@code --host H --port P} read from an external server (default: start an embedded line server that plays
 * generated sentences); {@code --batch-ms MS} the trigger interval (default 2000); {@code --batches N} stop after N
 * triggers (default 10; 0: until Ctrl-C); {@code --ui} turn the Spark UI on, at http://127.0.0.1:4040 (see its
 * Structured Streaming tab).
 */
public final class LiveWordCount {

    private LiveWordCount() {
    }

    /**
     * The lines sent by the TCP server at {@code host:port}, as an unbounded input table with one column,
     * {@code value}: Spark's built-in socket source.
     *
     * <p>Fine for a demo, not for production: the socket source keeps the lines in the driver's memory and cannot
     * replay them after a restart (a TCP server does not resend what it sent).
     */
    public static Dataset<Row> linesFrom(SparkSession spark, String host, int port) {
        // TODO Step 5d: readStream with the "socket" format and the "host" and "port" options, then load().
        throw new NotDoneYet("lab-03-structured", 5, "read lines from a socket as a table");
    }

    public static void main(String[] args) throws Exception {
        var options = CommandLine.parse(args);
        var host = options.text("host", "127.0.0.1");
        var port = options.number("port", 0);
        var batchMs = options.number("batch-ms", 2000);
        var batches = options.number("batches", 10);
        var ui = options.flag("ui");
        options.rejectUnknown();

        var source = LineSource.of(host, port);

        var conf = LocalSpark.conf("Lab 03 · live word count").set("spark.ui.enabled", String.valueOf(ui));
        var spark = SparkSession.builder().config(conf).getOrCreate();
        if (ui) {
            System.out.println("Spark UI: " + spark.sparkContext().uiWebUrl().getOrElse(() -> "(off)"));
        }
        var progress = new ProgressLines(System.out);
        spark.streams().addListener(progress);

        // Update mode: each trigger prints only the words whose count changed. The console sink is for demos.
        var query = StreamingWordCount.countWords(linesFrom(spark, source.host(), source.port()))
                .writeStream()
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
            out.println("query " + event.name() + " started");
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
