package dev.streaminglabs.lab01;

import java.time.Duration;

import org.apache.spark.streaming.StreamingContextState;
import org.apache.spark.streaming.api.java.JavaStreamingContext;
import org.apache.spark.streaming.scheduler.StreamingListener;
import org.apache.spark.streaming.scheduler.StreamingListenerBatchCompleted;

import dev.streaminglabs.common.BatchReport;
import dev.streaminglabs.common.Demo;
import dev.streaminglabs.common.DemoOptions;
import dev.streaminglabs.common.LineSource;
import dev.streaminglabs.common.ReceiverWatch;

/**
 * The app of lab 01, given: a line server (embedded, or yours with {@code --port}), the lab's word count
 * ({@link SocketWordCount#wordCountsFrom}, step 5), its top words ({@link TopWords#topWords}, step 3) printed every
 * batch (with {@code --web}, also on the live dashboard), and a run of {@code --batches} batches that ends with the lab's graceful stop ({@link GracefulStop#runFor},
 * step 6). It only runs the lab's own code; there is nothing to fill in here.
 *
 * <p>Nothing received is lost: at the end, or on Ctrl-C, the embedded server stops sending first, the receiver hands
 * over what it read, the last batches run, and only then does Spark stop. The last line says how many lines were
 * sent and how many were counted.
 */
public final class SocketWordCountDemo {

    /** The app's options; the demo runner lists them, the README's "Run it for real" says the same. */
    public static final DemoOptions OPTIONS = DemoOptions.of("lab01",
                    "DStream word count over a TCP socket: an embedded line server, or yours with --port")
            .batches(10, "0: until Ctrl-C")
            .batchMs(2000)
            .text("host", "H", "127.0.0.1", "the line server's address")
            .number("port", "P", 0, 0, 65_535,
                    "the line server's port; 0: an embedded server that plays generated sentences")
            .web();

    /** How long the stop waits for the receiver to get the last lines the embedded server sent. */
    private static final Duration DRAIN_LIMIT = Duration.ofSeconds(30);

    private SocketWordCountDemo() {
    }

    public static void main(String[] args) {
        Demo.run(OPTIONS, args, SocketWordCountDemo::run);
    }

    private static void run(Demo demo) throws Exception {
        var options = demo.options();
        try (var source = LineSource.of(options.text("host"), options.number("port"));
             var dashboard = demo.dashboard()) {
            var spark = demo.sparkContext("Lab 01 · socket word count");
            try {
                var context = new JavaStreamingContext(spark, demo.batchInterval());
                var counts = SocketWordCount.wordCountsFrom(context, source.host(), source.port());
                TopWords.topWords(counts, 5).print(5);
                if (dashboard != null) {
                    TopWordsOnTheWeb.show(counts, dashboard);   // --web: each batch's top words as bars
                }
                var report = new BatchReport(System.out);
                context.addStreamingListener(report);
                var watch = demo.watchReceivers(context, source.whatToCheck(), source.whenQuiet());
                var stop = new StopInOrder(demo, context, source, report, watch);

                demo.onStop(stop::run);
                try {
                    if (demo.batches() > 0) {
                        // Batch N done: the source stops first, so that runFor's graceful stop finds nothing in flight.
                        context.addStreamingListener(new AfterBatch(demo.batches(), stop::sourceFirst));
                        demo.interruptibly(() -> GracefulStop.runFor(context, demo.batches()));
                    } else {
                        context.start();
                        demo.awaitWhileRunning(context, () -> false);
                    }
                } finally {
                    stop.run();
                }
                stop.sayWhatWasCounted();
            } finally {
                spark.stop();
            }
        }
    }

    /** The stop, in order and once: the source, then what the receiver holds, then the batches. */
    private static final class StopInOrder {
        private final Demo demo;
        private final JavaStreamingContext context;
        private final LineSource source;
        private final BatchReport report;
        private final ReceiverWatch watch;

        StopInOrder(Demo demo, JavaStreamingContext context, LineSource source, BatchReport report,
                    ReceiverWatch watch) {
            this.demo = demo;
            this.context = context;
            this.source = source;
            this.report = report;
            this.watch = watch;
        }

        /** The source sends no more; from now on, the receiver's errors and the batches belong to the stop. */
        void sourceFirst() {
            watch.stopping();
            source.stopSending();
            report.stopping();
        }

        synchronized void run() {
            sourceFirst();
            if (context.getState() != StreamingContextState.ACTIVE) {
                return;
            }
            if (source.isEmbedded()) {
                // Every line sent is in the receiver, or on its way: let the batches take them all before the stop.
                try {
                    demo.awaitDrained(context, () -> report.records() >= source.linesSent(), DRAIN_LIMIT);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();   // stop now, with what the batches have
                }
            }
            // Graceful: the receiver stops, hands over the blocks it holds, and the batches that have them run.
            context.stop(false, true);
        }

        void sayWhatWasCounted() {
            if (demo.gaveUp() != null) {
                return;   // the demo ends with why it gave up
            }
            if (source.isEmbedded()) {
                long lost = source.linesSent() - report.records();
                demo.say("Sent %d lines, counted %d: %s. %s.", source.linesSent(), report.records(),
                        lost == 0 ? "none lost" : lost + " lost between the server and the receiver",
                        report.summary());
            } else {
                demo.say("Counted %d lines. %s. %s", report.records(), report.summary(), source.limitAtStop());
            }
        }
    }

    /** Calls an action once, when the {@code n}th batch has completed (before listeners added after it hear of it). */
    private static final class AfterBatch implements StreamingListener {
        private final int n;
        private final Runnable action;
        private int completed;

        AfterBatch(int n, Runnable action) {
            this.n = n;
            this.action = action;
        }

        @Override
        public void onBatchCompleted(StreamingListenerBatchCompleted event) {
            if (++completed == n) {
                action.run();
            }
        }
    }
}
