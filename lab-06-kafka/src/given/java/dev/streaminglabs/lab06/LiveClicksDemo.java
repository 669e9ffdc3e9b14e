package dev.streaminglabs.lab06;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.streaming.OutputMode;
import org.apache.spark.sql.streaming.StreamingQuery;
import org.apache.spark.sql.streaming.StreamingQueryListener;
import org.apache.spark.sql.streaming.Trigger;

import dev.streaminglabs.common.Demo;
import dev.streaminglabs.common.DemoFolder;
import dev.streaminglabs.common.DemoOptions;
import dev.streaminglabs.common.kafka.ClickGenerator;
import dev.streaminglabs.common.kafka.EventProducer;
import dev.streaminglabs.common.kafka.KafkaBroker;
import dev.streaminglabs.common.kafka.KafkaTopics;

/**
 * The demo of lab 06, given: a Kafka broker (embedded, or yours with {@code --bootstrap}), generated clicks produced
 * at a steady rate, and the lab's query — clicks read ({@link ClickStream}), checkout alerts written to another topic
 * ({@link CheckoutAlerts}) — under one of three triggers. A consumer reads the alerts and measures each one's
 * end-to-end latency: from the moment the click was produced to the moment its alert is read. One line per trigger
 * (real-time mode: per second), p50 and p99 at the end; {@code --compare} runs the three triggers in turn on the
 * same load and prints them side by side.
 */
public final class LiveClicksDemo {

    /** The demo's options; the demo runner lists them, the README's "Run it for real" says the same. */
    public static final DemoOptions OPTIONS = DemoOptions.of("lab06",
                    "an embedded Kafka broker, generated clicks, checkout alerts written back to Kafka; per trigger:"
                            + " records in, lag, processing time, end-to-end latency")
            .choice("mode", "M", "interval", List.of("interval", "asap", "realtime"),
                    "the trigger: interval, ProcessingTime every --batch-ms; asap, the default micro-batch trigger;"
                            + " realtime, RealTime with a batch of --batch-ms, 5000 at least")
            .triggerMs(1000)
            .number("seconds", "S", 20, 1, 3_600, "how long each query is measured; real-time mode has no batches"
                    + " to count")
            .number("rate", "N", 200, 1, 100_000, "clicks produced per second")
            .flag("compare", "the three triggers in turn on the same load, then their latencies side by side")
            .text("bootstrap", "HOST:PORT", null, "an existing broker (default: an embedded one)")
            .flag("create-topics", "create the topics on the --bootstrap broker")
            .dir("where the checkpoints go, kept (default: a temporary folder, deleted at the end)");

    private static final ObjectMapper JSON = new ObjectMapper();

    enum Mode { ASAP, INTERVAL, REALTIME }

    private LiveClicksDemo() {
    }

    public static void main(String[] args) {
        Demo.run(OPTIONS, args, LiveClicksDemo::run);
    }

    private static void run(Demo demo) throws Exception {
        var options = demo.options();
        var bootstrap = options.text("bootstrap");
        var createTopics = options.flag("create-topics");
        var mode = Mode.valueOf(options.text("mode").toUpperCase(java.util.Locale.ROOT));
        var batchMs = demo.batchMs();
        var seconds = options.number("seconds");
        var rate = options.number("rate");
        var compare = options.flag("compare");
        var dir = options.text("dir");

        KafkaBroker broker = null;
        if (bootstrap == null) {
            long started = System.nanoTime();
            broker = KafkaBroker.start();
            bootstrap = broker.bootstrapServers();
            createTopics = true;
            System.out.printf("Embedded Kafka broker at %s, started in %.1f s (--bootstrap HOST:PORT uses yours)%n",
                    bootstrap, (System.nanoTime() - started) / 1e9);
        }
        var conf = demo.sparkConf("Lab 06 · live clicks")
                // Real-time batches are checkpoint intervals: the demo allows 1 s ones (the default minimum is 5 s).
                .set("spark.sql.streaming.realTimeMode.minBatchDuration", "1s");
        var spark = SparkSession.builder().config(conf).getOrCreate();
        demo.showUi(spark.sparkContext());
        var results = new LinkedHashMap<Mode, Latencies>();
        try (var folder = DemoFolder.of(dir, "lab06-")) {
            for (var each : compare ? List.of(Mode.REALTIME, Mode.INTERVAL, Mode.ASAP) : List.of(mode)) {
                if (!demo.stopRequested()) {
                    results.put(each, run(demo, spark, bootstrap, createTopics, each, batchMs, seconds, rate,
                            folder.path()));
                }
            }
        } finally {
            spark.stop();
            closeSparksKafkaProducers();
            if (broker != null) {
                broker.close();
            }
        }
        System.out.println();
        System.out.printf("%-34s %8s %9s %9s%n", "trigger (" + rate + " clicks/s)", "alerts", "p50 (ms)", "p99 (ms)");
        results.forEach((each, latencies) -> System.out.printf("%-34s %8d %9d %9d%n", describe(each, batchMs),
                latencies.count(), latencies.percentile(50), latencies.percentile(99)));
    }

    /**
     * Spark's Kafka sink keeps its producers in a JVM-wide pool, open after the session stops: they would keep
     * calling a broker that is gone. Closed here (the pool's own reset), before the embedded broker stops.
     */
    private static void closeSparksKafkaProducers() {
        try {
            var pool = Class.forName("org.apache.spark.sql.kafka010.producer.InternalKafkaProducerPool$");
            pool.getMethod("reset").invoke(pool.getField("MODULE$").get(null));
        } catch (ReflectiveOperationException e) {
            System.out.println("(could not close Spark's Kafka producers: " + e + ")");
        }
    }

    private static Latencies run(Demo demo, SparkSession spark, String bootstrap, boolean createTopics, Mode mode,
                                 int batchMs, int seconds, int rate, Path folder) throws Exception {
        var suffix = mode.name().toLowerCase(java.util.Locale.ROOT);
        var clicksTopic = "clicks-" + suffix;
        var alertsTopic = "checkout-alerts-" + suffix;
        if (createTopics) {
            KafkaTopics.create(bootstrap, clicksTopic, 2);
            KafkaTopics.create(bootstrap, alertsTopic, 1);
        }
        System.out.printf("%n== %s: %d clicks a second to %s, alerts in %s, for %d s%n", describe(mode, batchMs), rate,
                clicksTopic, alertsTopic, seconds);
        var latencies = new Latencies();
        var checkpoint = folder.resolve("checkpoint-" + suffix).toString();
        try (var producer = EventProducer.to(bootstrap, clicksTopic);
             var reader = new AlertReader(bootstrap, alertsTopic, latencies)) {
            producer.play(new ClickGenerator(42, Instant.now())::nextNow, rate);
            var alerts = CheckoutAlerts.alerts(ClickStream.clicksOf(spark, bootstrap, clicksTopic));
            var progress = new ProgressLines(latencies);
            spark.streams().addListener(progress);
            StreamingQuery query;
            if (mode == Mode.REALTIME) {
                query = CheckoutAlerts.startRealTime(alerts, bootstrap, alertsTopic, checkpoint,
                        Math.max(batchMs, 5000) + " milliseconds");
            } else {
                var writer = alerts.writeStream().format("kafka").outputMode(OutputMode.Update())
                        .option("kafka.bootstrap.servers", bootstrap).option("topic", alertsTopic)
                        .option("checkpointLocation", checkpoint);
                query = (mode == Mode.INTERVAL
                        ? writer.trigger(Trigger.ProcessingTime(batchMs > 0 ? batchMs : 1000, TimeUnit.MILLISECONDS))
                        : writer).start();
            }
            // The first trigger plans the query and starts its tasks: seconds, more on a busy machine. The latency
            // measured is the steady one, from the first alert on.
            System.out.println("warming up: waiting for the first alert (the query plans and starts its tasks)");
            long warmUpEnd = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
            while (latencies.count() == 0 && query.isActive() && System.nanoTime() < warmUpEnd
                    && !demo.stopSignal().await(Duration.ofMillis(200))) {
                // a demo paces itself by the clock; Ctrl-C ends the wait
            }
            latencies.reset();   // and only the clicks produced from now on count: not the warm-up's backlog
            System.out.println("measuring for " + seconds + " s");
            long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
            while (System.nanoTime() < end && query.isActive()
                    && !demo.stopSignal().await(Duration.ofSeconds(1))) {
                // a demo paces itself by the clock: this is what it shows; Ctrl-C ends the measure
                if (mode == Mode.REALTIME) {
                    System.out.println(latencies.line("[" + LocalTime.now().truncatedTo(ChronoUnit.SECONDS) + "]"));
                }
            }
            if (query.exception().isDefined()) {
                throw query.exception().get();
            }
            RealTimeStop.stop(query, spark);
            spark.streams().removeListener(progress);
        }
        System.out.printf("%s: %d alerts, latency p50 %d ms, p99 %d ms%n", describe(mode, batchMs), latencies.count(),
                latencies.percentile(50), latencies.percentile(99));
        return latencies;
    }

    private static String describe(Mode mode, int batchMs) {
        return switch (mode) {
            case ASAP -> "default micro-batch (no trigger)";
            case INTERVAL -> "ProcessingTime(\"" + (batchMs > 0 ? batchMs : 1000) + " ms\")";
            case REALTIME -> "RealTime(\"" + Math.max(batchMs, 5000) + " ms\")";
        };
    }

    /** The latencies measured, all of them and those since the last line printed. */
    static final class Latencies {
        private final List<Long> all = Collections.synchronizedList(new ArrayList<>());
        private final List<Long> recent = Collections.synchronizedList(new ArrayList<>());
        private volatile long since;

        void add(long millis) {
            all.add(millis);
            recent.add(millis);
        }

        int count() {
            return all.size();
        }

        /** Forgets what was measured; from now on, only the clicks produced after this call are measured. */
        void reset() {
            since = System.currentTimeMillis();
            all.clear();
            recent.clear();
        }

        /** Measures one alert: read at {@code readAt}, its click produced at {@code clickedAt} (epoch ms). */
        void measure(long clickedAt, long readAt) {
            if (clickedAt >= since) {
                add(readAt - clickedAt);
            }
        }

        long percentile(int p) {
            return percentile(all, p);
        }

        String line(String prefix) {
            List<Long> since;
            synchronized (recent) {
                since = new ArrayList<>(recent);
                recent.clear();
            }
            return "%s %d alerts out · latency p50 %d ms".formatted(prefix, since.size(), percentile(since, 50));
        }

        private static long percentile(List<Long> values, int p) {
            List<Long> sorted;
            synchronized (values) {
                sorted = new ArrayList<>(values);
            }
            if (sorted.isEmpty()) {
                return 0;
            }
            Collections.sort(sorted);
            return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(p / 100.0 * sorted.size()) - 1));
        }
    }

    /** One line per micro-batch trigger: records in, lag, processing time, latency of the alerts since. */
    static final class ProgressLines extends StreamingQueryListener {
        private final Latencies latencies;

        ProgressLines(Latencies latencies) {
            this.latencies = latencies;
        }

        @Override
        public void onQueryStarted(QueryStartedEvent event) {
        }

        @Override
        public void onQueryProgress(QueryProgressEvent event) {
            var progress = event.progress();
            var lag = progress.sources().length == 0 ? null
                    : progress.sources()[0].metrics().get(Backlog.MAX_OFFSETS_BEHIND_LATEST);
            System.out.println(latencies.line("[trigger %d] %d records in · lag %s · processed in %d ms ·"
                    .formatted(progress.batchId(), progress.numInputRows(), lag == null ? "?" : lag,
                            progress.batchDuration())));
        }

        @Override
        public void onQueryTerminated(QueryTerminatedEvent event) {
        }
    }

    /** Reads the alerts as they arrive and measures each one's latency: read now − clicked (produced) then. */
    static final class AlertReader implements AutoCloseable {
        private final Thread thread;
        private volatile boolean closed;

        AlertReader(String bootstrap, String topic, Latencies latencies) {
            var properties = new Properties();
            properties.putAll(Map.of(
                    ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                    ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName(),
                    ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName(),
                    ConsumerConfig.GROUP_ID_CONFIG, "lab06-demo-latency",
                    ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "latest"));
            thread = new Thread(() -> {
                try (var consumer = new KafkaConsumer<String, String>(properties)) {
                    consumer.subscribe(List.of(topic));
                    while (!closed) {
                        for (var record : consumer.poll(Duration.ofMillis(100))) {
                            long now = System.currentTimeMillis();
                            try {
                                var clicked = Instant.parse(JSON.readTree(record.value()).path("time").asText());
                                latencies.measure(clicked.toEpochMilli(), now);
                            } catch (Exception notAnAlert) {
                                // Another program's record on the topic: not measured.
                            }
                        }
                    }
                }
            }, "alert-reader");
            thread.setDaemon(true);
            thread.start();
        }

        @Override
        public void close() throws InterruptedException {
            closed = true;
            thread.join(TimeUnit.SECONDS.toMillis(5));
        }
    }
}
