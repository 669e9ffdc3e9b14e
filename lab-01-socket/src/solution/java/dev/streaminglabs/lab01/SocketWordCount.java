package dev.streaminglabs.lab01;

import org.apache.spark.storage.StorageLevel;
import org.apache.spark.streaming.Durations;
import org.apache.spark.streaming.api.java.JavaPairDStream;
import org.apache.spark.streaming.api.java.JavaStreamingContext;

import dev.streaminglabs.common.BatchReport;
import dev.streaminglabs.common.CommandLine;
import dev.streaminglabs.common.LineSource;
import dev.streaminglabs.common.LocalSpark;
import dev.streaminglabs.common.web.Dashboard;

/**
 * Step 5 — the app: word counts of the text arriving on a TCP socket, printed batch by batch.
 *
 * <pre>
 * ./mvnw -q -pl lab-01-socket -am compile exec:exec                                  # its own line server
 * ./mvnw -q -pl lab-01-socket -am compile exec:exec -Dargs="--port 9999"             # after: nc -lk 9999
 * </pre>
 *
 * Options: {@code --host H --port P} read from an external server (default: start an embedded line server);
 * {@code --batch-ms MS} the batch interval (default 2000); {@code --batches N} stop after N batches (default 10;
 * 0: until Ctrl-C); {@code --ui} keep the Spark UI on, at http://127.0.0.1:4040; {@code --web} the top words on a
 * live dashboard (its address is printed; {@code --web-port P} another port than 8099).
 */
public final class SocketWordCount {

    private SocketWordCount() {
    }

    /**
     * The word counts of each batch of lines read from {@code host:port}.
     *
     * <p>{@code socketTextStream} starts a receiver: a long-running task that connects to the server, reads lines and
     * stores them in blocks, which the next batch turns into an RDD. Blocks are kept serialized, in memory then on disk,
     * and not replicated: there is one machine here (the default level replicates each block twice).
     */
    public static JavaPairDStream<String, Long> wordCountsFrom(JavaStreamingContext context, String host, int port) {
        var lines = context.socketTextStream(host, port, StorageLevel.MEMORY_AND_DISK_SER());
        return WordCount.countWords(lines);
    }

    public static void main(String[] args) throws InterruptedException {
        var options = CommandLine.parse(args);
        var host = options.text("host", "127.0.0.1");
        var port = options.number("port", 0);
        var batchMs = options.number("batch-ms", 2000);
        var batches = options.number("batches", 10);
        var ui = options.flag("ui");
        var webPort = options.number("web-port", -1);   // --web-port P implies --web
        var web = options.flag("web") || webPort >= 0;
        options.rejectUnknown();
        var dashboard = web ? Dashboard.startAndSay(webPort >= 0 ? webPort : Dashboard.DEFAULT_PORT, System.out) : null;

        var source = LineSource.of(host, port);

        var conf = LocalSpark.conf("Lab 01 · socket word count")
                .set("spark.ui.enabled", String.valueOf(ui))
                // Ctrl-C: finish the batches already received, then stop.
                .set("spark.streaming.stopGracefullyOnShutdown", "true");
        var context = new JavaStreamingContext(conf, Durations.milliseconds(batchMs));

        var counts = wordCountsFrom(context, source.host(), source.port());
        TopWords.topWords(counts, 5).print(5);
        if (dashboard != null) {
            TopWordsOnTheWeb.show(counts, dashboard);
        }
        context.addStreamingListener(new BatchReport(System.out));
        if (ui) {
            System.out.println("Spark UI: " + context.sparkContext().sc().uiWebUrl().getOrElse(() -> "(off)"));
        }

        if (batches > 0) {
            GracefulStop.runFor(context, batches);
        } else {
            context.start();
            context.awaitTermination();
        }
        context.sparkContext().stop();
        if (dashboard != null) {
            dashboard.close();
        }
        source.close();
    }
}
