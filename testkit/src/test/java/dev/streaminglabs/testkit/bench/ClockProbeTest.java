package dev.streaminglabs.testkit.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.LinkedList;
import java.util.Queue;
import java.util.concurrent.atomic.AtomicInteger;

import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.streaming.Durations;
import org.apache.spark.streaming.api.java.JavaStreamingContext;
import org.apache.spark.streaming.scheduler.StreamingListener;
import org.apache.spark.streaming.scheduler.StreamingListenerBatchCompleted;
import org.junit.jupiter.api.Test;

import dev.streaminglabs.testkit.StreamingRun;
import dev.streaminglabs.testkit.TestSpark;

/**
 * For the benchmark: the same 10-batch windowed DStream on the test clock and on the real clock
 * ({@code -Dlabs.clock=real}). The test clock's run should be many times faster; {@code scripts/benchmark.sh} prints
 * the ratio. On the real clock the test waits for batches with Awaitility, as a test without the harness would.
 */
class ClockProbeTest {

    private static final int BATCHES = 10;

    @Test
    void tenWindowedBatches() {
        // Warm up first (class loading, the first jobs): the probe compares clocks, not a cold JVM with a warm one.
        try (var warmUp = StreamingRun.start(windowedCounts(TestSpark.streamingContext(Durations.seconds(1))))) {
            warmUp.runBatches(3);
        }
        boolean realClock = "real".equals(System.getProperty("labs.clock"));
        var sparkConf = TestSpark.context().sc().conf();
        var testClock = sparkConf.get("spark.streaming.clock");
        if (realClock) {
            sparkConf.set("spark.streaming.clock", "org.apache.spark.util.SystemClock");
        }
        long started = System.nanoTime();
        try {
            var context = TestSpark.streamingContext(Durations.seconds(1));
            var completed = new AtomicInteger();
            context.addStreamingListener(new StreamingListener() {
                @Override
                public void onBatchCompleted(StreamingListenerBatchCompleted event) {
                    completed.incrementAndGet();
                }
            });
            windowedCounts(context);
            if (realClock) {
                context.start();
                await().atMost(Duration.ofSeconds(60)).until(() -> completed.get() >= BATCHES);
                context.stop(false, false);
            } else {
                try (var run = StreamingRun.start(context)) {
                    run.runBatches(BATCHES);
                }
            }
            assertThat(completed.get()).isGreaterThanOrEqualTo(BATCHES);
        } finally {
            sparkConf.set("spark.streaming.clock", testClock);
        }
        System.out.printf("clock-probe %s %d ms%n", realClock ? "real" : "manual",
                (System.nanoTime() - started) / 1_000_000);
    }

    private static JavaStreamingContext windowedCounts(JavaStreamingContext context) {
        Queue<JavaRDD<String>> queue = new LinkedList<>();
        for (int i = 0; i < BATCHES; i++) {
            queue.add(context.sparkContext().parallelize(java.util.List.of("a b", "b c", "c " + i), 2));
        }
        context.queueStream(queue, true)
                .flatMap(line -> java.util.Arrays.asList(line.split(" ")).iterator())
                .window(Durations.seconds(3), Durations.seconds(1))
                .countByValue()
                .print();
        return context;
    }
}
