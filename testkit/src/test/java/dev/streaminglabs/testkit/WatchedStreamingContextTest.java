package dev.streaminglabs.testkit;

import static dev.streaminglabs.testkit.StreamingScenario.batch;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

import org.apache.spark.streaming.scheduler.StreamingListener;
import org.apache.spark.streaming.scheduler.StreamingListenerBatchCompleted;
import org.junit.jupiter.api.Test;

class WatchedStreamingContextTest {

    private static final StreamingScenario<String> BATCHES = StreamingScenario.lines(
            batch("a"), batch("b"), batch("c"), batch("d"), batch("e"));

    /** An app that starts the watched context, waits for two batches, then does {@code stop}. */
    private static WatchedStreamingContext runTwoBatchesThen(Consumer<WatchedStreamingContext> stop) {
        var watched = new AtomicReference<WatchedStreamingContext>();
        BATCHES.<String>runApp(10, (context, lines, collect) -> {
            collect.accept(lines);
            watched.set(WatchedStreamingContext.watch(context));
            var twoBatches = new CountDownLatch(2);
            watched.get().addStreamingListener(new StreamingListener() {
                @Override
                public void onBatchCompleted(StreamingListenerBatchCompleted event) {
                    twoBatches.countDown();
                }
            });
            watched.get().start();
            twoBatches.await();
            stop.accept(watched.get());
        });
        return watched.get();
    }

    @Test
    void aGracefulStopRunsOneMoreBatchAnAbruptOneDoesNot() {
        var graceful = runTwoBatchesThen(context -> context.stop(false, true));
        var abrupt = runTwoBatchesThen(context -> context.stop(false, false));

        assertThat(graceful.stopWasCalled()).isTrue();
        assertThat(graceful.ranABatchAfterTheStop()).as("a batch after a graceful stop").isTrue();
        assertThat(abrupt.stopWasCalled()).isTrue();
        assertThat(abrupt.ranABatchAfterTheStop()).as("a batch after an abrupt stop").isFalse();
    }

    @Test
    void itKnowsTheSparkContextItRanOnAndTheListenersAddedAfterStart() {
        var watched = runTwoBatchesThen(context -> {
            context.addStreamingListener(new StreamingListener() { });
            context.stop(false, true);
        });

        assertThat(watched.listenersAddedAfterStart()).isEqualTo(1);
        assertThat(watched.sparkContextItRanOn()).isSameAs(TestSpark.context().sc());
        assertThat(watched.sparkContextItRanOn().isStopped()).isFalse();
    }
}
