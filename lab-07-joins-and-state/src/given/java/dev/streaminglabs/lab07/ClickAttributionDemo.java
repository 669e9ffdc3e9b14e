package dev.streaminglabs.lab07;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;

import org.apache.spark.api.java.function.VoidFunction2;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.streaming.OutputMode;

import dev.streaminglabs.common.Demo;
import dev.streaminglabs.common.DemoFolder;
import dev.streaminglabs.common.DemoOptions;
import dev.streaminglabs.common.MemoryInput;
import dev.streaminglabs.lab07.AdEvents.Click;
import dev.streaminglabs.lab07.AdEvents.Impression;

/**
 * The demo of lab 07, given: generated impressions and clicks, joined by the lab's
 * {@link ClickAttribution#impressionsWithClicks} (left outer), one trigger at a time. After each trigger it prints what
 * the join emitted, the state in numbers ({@link StateMetrics#numbers}) and the state itself, read from the
 * checkpoint ({@link StateXray#joinState}). It only runs the lab's own code; there is nothing to fill in here.
 */
public final class ClickAttributionDemo {

    /** The demo's options; the demo runner lists them, the README's "Run it for real" says the same. */
    public static final DemoOptions OPTIONS = DemoOptions.of("lab07",
                    "impressions joined with their clicks on event time (left outer): what each trigger emits, the"
                            + " join's state in numbers and its rows, read from the checkpoint between triggers")
            .triggers(12, "0: until Ctrl-C")
            .triggerMs(1000)
            .number("rate", "N", 6, 1, 10_000, "impressions per trigger, 5 minutes of event time each")
            .number("seed", "S", 42, 0, Integer.MAX_VALUE, "the seed of the generated traffic")
            .dir("where the checkpoint goes, kept (default: a temporary folder, deleted at the end)");

    private ClickAttributionDemo() {
    }

    public static void main(String[] args) {
        Demo.run(OPTIONS, args, ClickAttributionDemo::run);
    }

    private static void run(Demo demo) throws Exception {
        var options = demo.options();
        var spark = SparkSession.builder()
                .config(demo.sparkConf("Lab 07 · impressions and clicks")
                        // The state store's background maintenance (snapshots, clean-up) would start while the demo
                        // stops and deletes its folder: a demo of a few minutes does without it.
                        .set("spark.sql.streaming.stateStore.maintenanceInterval", "1h"))
                .getOrCreate();
        demo.showUi(spark.sparkContext());
        try (var folder = DemoFolder.of(options.text("dir"), "lab07-")) {
            try {
                run(demo, spark, folder.path().resolve("checkpoint").toString(), options.number("rate"),
                        options.number("seed"));
            } finally {
                spark.stop();   // before the folder goes: nothing of Spark's writes to it any more
            }
        }
    }

    private static void run(Demo demo, SparkSession spark, String checkpoint, int rate, int seed) throws Exception {
        int triggers = demo.batches();
        var impressions = MemoryInput.of(spark, Impression.encoder());
        var clicks = MemoryInput.of(spark, Click.encoder());
        var joined = ClickAttribution.impressionsWithClicks(impressions.toDF(), clicks.toDF());
        var query = joined.writeStream()
                .outputMode(OutputMode.Append())
                .queryName("impressions_with_clicks")
                .option("checkpointLocation", checkpoint)
                // Sorted after collecting: orderBy on the batch would sample it first, a second run of the join.
                .foreachBatch((VoidFunction2<Dataset<Row>, Long>) (batch, batchId) -> batch.collectAsList().stream()
                        .sorted(Comparator.comparing((Row row) -> row.<Timestamp>getAs("impressionTime"))
                                .thenComparing(row -> row.<String>getAs("impressionAd")))
                        .forEach(ClickAttributionDemo::printJoined))
                .start();

        var generator = new AdTraffic(seed, Instant.parse("2026-03-14T10:00:00Z"), rate);
        System.out.printf("Impressions joined with their clicks (left outer): a click counts within %s of its "
                        + "impression; impressions may be %s late, clicks %s%n", ClickAttribution.CLICK_WITHIN,
                ClickAttribution.IMPRESSION_DELAY, ClickAttribution.CLICK_DELAY);
        for (int trigger = 1; triggers == 0 || trigger <= triggers; trigger++) {
            long started = System.nanoTime();
            generator.next();
            System.out.printf("[trigger %d] %d impressions, %d clicks in · event time now %s%n", trigger,
                    generator.impressions().size(), generator.clicks().size(), clock(generator.now()));
            impressions.addAll(generator.impressions().stream().map(Impression::toRow).toList());
            clicks.addAll(generator.clicks().stream().map(Click::toRow).toList());
            query.processAllAvailable();

            var numbers = StateMetrics.numbers(query);
            var watermark = query.lastProgress().eventTime().getOrDefault("watermark", Instant.EPOCH.toString());
            System.out.printf("    processed in %d ms · watermark %s · state: %d rows, %d evicted so far, %d dropped "
                            + "as too late so far%n", (System.nanoTime() - started) / 1_000_000,
                    watermark.startsWith("1970") ? "(none)" : clock(Instant.parse(watermark)), numbers.rowsInState(),
                    numbers.rowsEvicted(), numbers.rowsDropped());
            printState("impressions waiting", StateXray.joinState(spark, checkpoint, "left"),
                    "impressionAd", "impressionUser", "impressionTime");
            printState("clicks waiting     ", StateXray.joinState(spark, checkpoint, "right"),
                    "clickAd", "clickUser", "clickTime");
            long elapsedMs = (System.nanoTime() - started) / 1_000_000;
            // The wall time between two triggers; Ctrl-C ends it, after a trigger that processed all it was given.
            if (trigger == triggers
                    || demo.stopSignal().await(Duration.ofMillis(Math.max(0, demo.batchMs() - elapsedMs)))) {
                break;
            }
        }
        query.stop();
    }

    private static void printJoined(Row row) {
        var impression = "%s %s %s".formatted(row.getAs("impressionAd"), row.getAs("impressionUser"),
                clock(row.<Timestamp>getAs("impressionTime").toInstant()));
        Timestamp clicked = row.getAs("clickTime");
        System.out.println(clicked == null
                ? "    not clicked   " + impression + " (no click can match it any more: emitted with nulls)"
                : "    clicked       " + impression + " → clicked at " + clock(clicked.toInstant()));
    }

    /** The state of one side of the join, sorted by time, in one line: "a1/u2 10:05 a3/u1 10:10 … (12 rows)". */
    private static void printState(String label, Dataset<Row> state, String ad, String user, String time) {
        var rows = state.orderBy(time, ad, user).collectAsList();
        var shown = rows.stream().limit(6)
                .map(row -> "%s/%s %s".formatted(row.getAs(ad), row.getAs(user),
                        clock(row.<Timestamp>getAs(time).toInstant())))
                .toList();
        System.out.printf("    state · %s: %s%s (%d rows)%n", label, rows.isEmpty() ? "-" : String.join("  ", shown),
                rows.size() > shown.size() ? "  …" : "", rows.size());
    }

    private static String clock(Instant time) {
        var text = time.toString();
        return text.substring(text.indexOf('T') + 1, text.indexOf('T') + 6);
    }

    /**
     * Generated traffic: 5 minutes of event time per trigger, {@code rate} impressions each (ads a1–a4, users u1–u5).
     * One impression in three is clicked by its user, 1 to 20 minutes later (after 15, too late to be attributed);
     * the click arrives in the trigger of its time, or, one in four, in the next one.
     */
    static final class AdTraffic {
        private static final Duration STEP = Duration.ofMinutes(5);

        private record Pending(Click click, Instant arrival) {
        }

        private final Random random;
        private final int rate;
        private Instant now;
        private final List<Impression> impressions = new ArrayList<>();
        private final List<Click> clicks = new ArrayList<>();
        private final List<Pending> pending = new ArrayList<>();

        AdTraffic(long seed, Instant start, int rate) {
            this.random = new Random(seed);
            this.now = start;
            this.rate = rate;
        }

        void next() {
            var end = now.plus(STEP);
            impressions.clear();
            clicks.clear();
            for (int i = 0; i < rate; i++) {
                var shown = now.plusSeconds(random.nextInt((int) STEP.toSeconds()));
                var impression = new Impression("a" + (1 + random.nextInt(4)), "u" + (1 + random.nextInt(5)),
                        Timestamp.from(shown));
                impressions.add(impression);
                if (random.nextInt(3) == 0) {
                    var clicked = shown.plusSeconds(60 + random.nextInt(19 * 60));
                    var arrival = random.nextInt(4) == 0 ? clicked.plus(STEP) : clicked;
                    pending.add(new Pending(new Click(impression.ad(), impression.user(), Timestamp.from(clicked)),
                            arrival));
                }
            }
            for (var iterator = pending.iterator(); iterator.hasNext(); ) {
                var next = iterator.next();
                if (next.arrival().isBefore(end)) {
                    clicks.add(next.click());
                    iterator.remove();
                }
            }
            now = end;
        }

        List<Impression> impressions() {
            return impressions;
        }

        List<Click> clicks() {
            return clicks;
        }

        Instant now() {
            return now;
        }
    }
}
