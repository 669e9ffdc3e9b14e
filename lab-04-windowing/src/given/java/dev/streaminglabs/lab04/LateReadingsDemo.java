package dev.streaminglabs.lab04;

import static org.apache.spark.sql.functions.window;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ConcurrentLinkedQueue;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.execution.streaming.runtime.MemoryStream;
import org.apache.spark.sql.streaming.OutputMode;

import dev.streaminglabs.common.CommandLine;
import dev.streaminglabs.common.LocalSpark;
import dev.streaminglabs.common.timeline.WindowTimeline;
import dev.streaminglabs.common.web.Dashboard;
import dev.streaminglabs.lab04.EventTimeWindows.SensorReading;

/**
 * The demo of lab 04, given: generated readings of three sensors, some of them late, fed to the lab's
 * {@link LateReadings#countsWithWatermark} in update mode, one trigger at a time; the drops counted by
 * {@link LateReadings#droppedByWatermark}. It only runs the lab's own code; there is nothing to fill in here.
 */
final class LateReadingsDemo {

    private LateReadingsDemo() {
    }

    /** Runs the demo with the options of {@link LateReadings}'s {@code main}. */
    static void main(String[] args) throws Exception {
        var options = CommandLine.parse(args);
        var triggers = options.number("batches", 12);
        var batchMs = options.number("batch-ms", 1000);
        var seed = options.number("seed", 42);
        var drawTimeline = options.flag("timeline");
        var ui = options.flag("ui");
        var webPort = options.number("web-port", -1);   // --web-port P implies --web
        var web = options.flag("web") || webPort >= 0;
        options.rejectUnknown();
        var dashboard = web ? Dashboard.startAndSay(webPort >= 0 ? webPort : Dashboard.DEFAULT_PORT, System.out) : null;
        var onTheWeb = dashboard == null ? null : new LateReadingsOnTheWeb(dashboard, Duration.ofMinutes(1));

        var spark = SparkSession.builder()
                .config(LocalSpark.conf("Lab 04 · late sensor readings").set("spark.ui.enabled", String.valueOf(ui)))
                .getOrCreate();
        spark.sparkContext().setLogLevel("WARN");
        if (ui) {
            System.out.println("Spark UI: " + spark.sparkContext().uiWebUrl().getOrElse(() -> "(off)"));
        }
        // The demo's own input: a table in memory that the loop below fills, trigger by trigger.
        MemoryStream<Row> input = MemoryStream.apply(SensorReading.encoder(), spark);
        var counts = LateReadings.countsWithWatermark(input.toDF(), "1 minute", "1 minute");
        var emitted = new ConcurrentLinkedQueue<Row>();
        var query = counts.writeStream()
                .outputMode(OutputMode.Update())
                .queryName("late_readings")
                // As the console sink, but keeping the rows for the timeline.
                .foreachBatch((Dataset<Row> batch, Long batchId) -> {
                    var rows = batch.orderBy("window", "sensor").collectAsList();
                    rows.forEach(row -> System.out.printf("    %s–%s %s count=%d%n",
                            clock(row.getStruct(0).getTimestamp(0)), clock(row.getStruct(0).getTimestamp(1)),
                            row.getString(1), row.getLong(2)));
                    emitted.addAll(rows);
                })
                .start();

        var timeline = WindowTimeline.tumbling(Duration.ofMinutes(1));
        var generator = new ReadingGenerator(seed, Instant.parse("2026-03-14T10:00:00Z"));
        System.out.println("Counts per sensor and 1-minute window, readings accepted up to 1 minute late"
                + " (update mode)");
        for (int trigger = 1; trigger <= triggers; trigger++) {
            var readings = generator.next();
            timeline.trigger();
            readings.forEach(reading -> timeline.event(reading.time().toInstant()));
            long started = System.nanoTime();
            input.addData(scala.jdk.javaapi.CollectionConverters.asScala(
                    readings.stream().map(SensorReading::toRow).toList()).toSeq());
            emitted.clear();
            System.out.printf("[trigger %d] %d readings in (%d sent late) · event time now %s%n", trigger,
                    readings.size(), generator.lateInLastBatch(), clock(Timestamp.from(generator.now())));
            query.processAllAvailable();
            var watermark = Instant.parse(query.lastProgress().eventTime().getOrDefault("watermark",
                    Instant.EPOCH.toString()));
            emitted.forEach(row -> timeline.emitted(row.getStruct(0).getTimestamp(0).toInstant(),
                    row.getStruct(0).getTimestamp(1).toInstant(), row.getString(1) + "=" + row.getLong(2)));
            timeline.watermark(watermark.equals(Instant.EPOCH) ? null : watermark);
            if (onTheWeb != null) {
                onTheWeb.trigger(trigger, readings, emitted, watermark.equals(Instant.EPOCH) ? null : watermark,
                        LateReadings.droppedByWatermark(query));
            }
            System.out.printf("    processed in %d ms · watermark now %s · dropped as too late so far: %d%n",
                    (System.nanoTime() - started) / 1_000_000,
                    watermark.equals(Instant.EPOCH) ? "(none)" : clock(Timestamp.from(watermark)),
                    LateReadings.droppedByWatermark(query));
            long elapsedMs = (System.nanoTime() - started) / 1_000_000;
            if (trigger < triggers && elapsedMs < batchMs) {
                Thread.sleep(batchMs - elapsedMs);
            }
        }
        query.stop();
        if (dashboard != null) {
            dashboard.close();
        }
        if (drawTimeline) {
            System.out.println();
            System.out.print(timeline.render());
        }
        spark.stop();
    }

    private static String clock(Timestamp time) {
        var text = time.toInstant().toString();
        return text.substring(text.indexOf('T') + 1, text.indexOf('T') + 9);
    }

    /**
     * Readings of three sensors, 20 seconds of event time per trigger; one in six is sent late, 40 seconds to
     * 3 minutes after it was taken (a sensor that lost its network for a while).
     */
    static final class ReadingGenerator {
        private static final Duration STEP = Duration.ofSeconds(20);

        private final Random random;
        private Instant now;
        private int late;

        ReadingGenerator(long seed, Instant start) {
            this.random = new Random(seed);
            this.now = start;
        }

        List<SensorReading> next() {
            now = now.plus(STEP);
            late = 0;
            var readings = new ArrayList<SensorReading>();
            int count = 4 + random.nextInt(5);
            for (int i = 0; i < count; i++) {
                var sensor = "s" + (1 + random.nextInt(3));
                var taken = now.minusMillis(random.nextInt((int) STEP.toMillis()));
                if (random.nextInt(6) == 0) {
                    taken = taken.minusSeconds(40 + random.nextInt(140));
                    late++;
                }
                readings.add(new SensorReading(sensor, Timestamp.from(taken), 15 + random.nextInt(100) / 10.0));
            }
            return readings;
        }

        Instant now() {
            return now;
        }

        int lateInLastBatch() {
            return late;
        }
    }
}
