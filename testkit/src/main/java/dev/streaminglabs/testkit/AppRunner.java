package dev.streaminglabs.testkit;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import org.apache.spark.streaming.Duration;
import org.apache.spark.streaming.StreamingContextState;
import org.apache.spark.streaming.Time;
import org.apache.spark.streaming.api.java.JavaDStream;
import org.apache.spark.streaming.api.java.JavaStreamingContext;

/**
 * Runs a streaming app under test in a thread of its own — it starts the context and blocks, as a {@code main} does —
 * while the test thread moves the manual clock one batch at a time (see {@link StreamingScenario#runApp}).
 */
final class AppRunner {

    private AppRunner() {
    }

    static <T, R> AppRun<R> run(JavaStreamingContext context, JavaDStream<T> input, Duration batchInterval,
                                int maxBatches, StreamingScenario.App<T, R> app) {
        var batches = BatchWaiter.on(context);
        var collected = new AtomicReference<CollectedStream<R>>();
        var failure = new AtomicReference<Throwable>();
        var appThread = new Thread(() -> {
            try {
                app.run(context, input, stream -> collected.set(CollectedStream.of(stream)));
            } catch (Throwable e) {
                failure.set(e);
            }
        }, "app-under-test");
        try {
            appThread.start();
            batches.awaitStart(appThread);
            var clock = TestClock.of(context);
            int advanced = 0;
            while (appThread.isAlive()) {
                if (advanced == maxBatches) {
                    throw new AssertionError("the app was still running after %d batches".formatted(maxBatches));
                }
                clock.advance(batchInterval);
                advanced++;
                batches.awaitCompleted(advanced, appThread);
                // Give the app a moment to react to the batch (to ask for a stop, say) before time moves on: the
                // outcome does not depend on it, only how many idle batches pile up meanwhile.
                join(appThread, 100);
            }
            rethrow(failure.get());
            var outputs = new ArrayList<Batch<R>>();
            for (int number = 1; number <= batches.completedCount(); number++) {
                var time = new Time(number * batchInterval.milliseconds());
                List<R> records = collected.get() == null ? List.of() : collected.get().recordsAt(time);
                outputs.add(new Batch<>(number, time, records));
            }
            return new AppRun<>(batches.completedCount(), new BatchOutputs<>(outputs),
                    context.getState() == StreamingContextState.STOPPED);
        } finally {
            TestSpark.stopStreaming(context);
            join(appThread, 5000);
            if (collected.get() != null) {
                collected.get().close();
            }
        }
    }

    private static void rethrow(Throwable failure) {
        if (failure instanceof RuntimeException runtime) {
            throw runtime;
        }
        if (failure instanceof Error error) {
            throw error;
        }
        if (failure != null) {
            throw new IllegalStateException("the app failed: " + failure, failure);
        }
    }

    private static void join(Thread thread, long millis) {
        try {
            thread.join(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while the app ran", e);
        }
    }
}
