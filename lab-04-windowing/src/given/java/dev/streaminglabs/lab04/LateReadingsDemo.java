package dev.streaminglabs.lab04;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ConcurrentLinkedQueue;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.streaming.OutputMode;

import dev.streaminglabs.common.Demo;
import dev.streaminglabs.common.DemoOptions;
import dev.streaminglabs.common.MemoryInput;
import dev.streaminglabs.common.timeline.WindowTimeline;
import dev.streaminglabs.lab04.EventTimeWindows.SensorReading;

/**
 * The demo of lab 04, given: generated readings of three sensors, some of them late, fed to the lab's
 * {@link LateReadings#countsWithWatermark} in update mode, one trigger at a time; the drops counted by
 * {@link LateReadings#droppedByWatermark}. It only runs the lab's own code; there is nothing to fill in here.
 *
 * <p>Ctrl-C ends the run after the trigger in progress: the readings it was given are processed, nothing is lost.
 */
public final class LateReadingsDemo {

    /** The demo's options; the demo runner lists them, the README's "Run it for real" says the same. */
    public static final DemoOptions OPTIONS = DemoOptions.of("lab04",
                    "event-time windows with a watermark: generated sensor readings, some late, counted or dropped")
            .triggers(12, "0: until Ctrl-C")
            .triggerMs(1000)
            .number("seed", "S", 42, 0, Integer.MAX_VALUE, "the seed of the generated readings")
            .flag("timeline", "draw the run as a timeline at the end")
            .web();

    private LateReadingsDemo() {
    }

    public static void main(String[] args) {
        Demo.run(OPTIONS, args, LateReadingsDemo::run);
    }

    private static void run(Demo demo) throws Exception {
        int triggers = demo.batches();
        var dashboard = demo.dashboard();
        var onTheWeb = dashboard == null ? null : new LateReadingsOnTheWeb(dashboard, Duration.ofMinutes(1));
        var spark = demo.sparkSession("Lab 04 · late sensor readings");
        try {
            // The demo's own input: a table in memory that the loop below fills, trigger by trigger.
            var input = MemoryInput.of(spark, SensorReading.encoder());
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
            var generator = new ReadingGenerator(demo.options().number("seed"), Instant.parse("2026-03-14T10:00:00Z"));
            demo.say("Counts per sensor and 1-minute window, readings accepted up to 1 minute late (update mode)");
            for (int trigger = 1; triggers == 0 || trigger <= triggers; trigger++) {
                var readings = generator.next();
                timeline.trigger();
                readings.forEach(reading -> timeline.event(reading.time().toInstant()));
                long started = System.nanoTime();
                input.addAll(readings.stream().map(SensorReading::toRow).toList());
                emitted.clear();
                demo.say("[trigger %d] %d readings in (%d sent late) · event time now %s", trigger, readings.size(),
                        generator.lateInLastBatch(), clock(Timestamp.from(generator.now())));
                query.processAllAvailable();
                var watermark = Instant.parse(query.lastProgress().eventTime().getOrDefault("watermark",
                        Instant.EPOCH.toString()));
                emitted.forEach(row -> timeline.emitted(row.getStruct(0).getTimestamp(0).toInstant(),
                        row.getStruct(0).getTimestamp(1).toInstant(), row.getString(1) + "=" + row.getLong(2)));
                timeline.watermark(watermark.equals(Instant.EPOCH) ? null : watermark);
                if (onTheWeb != null) {   // --web: the windows, the watermark and the late readings, live
                    onTheWeb.trigger(trigger, readings, emitted, watermark.equals(Instant.EPOCH) ? null : watermark,
                            LateReadings.droppedByWatermark(query));
                }
                demo.say("    processed in %d ms · watermark now %s · dropped as too late so far: %d",
                        (System.nanoTime() - started) / 1_000_000,
                        watermark.equals(Instant.EPOCH) ? "(none)" : clock(Timestamp.from(watermark)),
                        LateReadings.droppedByWatermark(query));
                long elapsedMs = (System.nanoTime() - started) / 1_000_000;
                boolean last = trigger == triggers;
                // The wall time between two triggers; Ctrl-C ends it, after a trigger that processed all it was given.
                if (last || demo.stopSignal().await(Duration.ofMillis(Math.max(0, demo.batchMs() - elapsedMs)))) {
                    break;
                }
            }
            query.stop();
            if (demo.options().flag("timeline")) {
                System.out.println();
                System.out.print(timeline.render());
            }
        } finally {
            spark.stop();
            if (dashboard != null) {
                dashboard.close();
            }
        }
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
