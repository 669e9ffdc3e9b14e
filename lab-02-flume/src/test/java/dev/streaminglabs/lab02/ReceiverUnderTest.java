package dev.streaminglabs.lab02;

import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.spark.storage.StorageLevel;
import org.apache.spark.streaming.Durations;
import org.apache.spark.streaming.api.java.JavaStreamingContext;

import dev.streaminglabs.lab02.FlumeBatchHandler.Delivery;
import dev.streaminglabs.testkit.CollectedStream;
import dev.streaminglabs.testkit.StreamingRun;
import dev.streaminglabs.testkit.TestSpark;

/**
 * A {@link FlumeReceiver} running in a streaming context on the test clock, with what it received collected batch by
 * batch. Not a step's test: the plumbing the receiver tests share.
 */
final class ReceiverUnderTest implements AutoCloseable {

    static final Duration PATIENCE = ReceiverWatch.PATIENCE;

    private final StreamingRun run;
    private final CollectedStream<FlumeLine> lines;
    private final int streamId;
    private final ReceiverWatch watch;

    private ReceiverUnderTest(StreamingRun run, CollectedStream<FlumeLine> lines, int streamId, ReceiverWatch watch) {
        this.run = run;
        this.lines = lines;
        this.streamId = streamId;
        this.watch = watch;
    }

    /** Starts a receiver on 127.0.0.1 and {@code port} (0: any free port) in a new streaming context. */
    static ReceiverUnderTest start(int port, Delivery delivery) {
        assertOnStartReturns();
        JavaStreamingContext context = TestSpark.streamingContext(Durations.seconds(1));
        var stream = context.receiverStream(
                new FlumeReceiver("127.0.0.1", port, delivery, StorageLevel.MEMORY_AND_DISK_SER()));
        var collected = CollectedStream.of(stream);
        var watch = ReceiverWatch.on(context);
        return new ReceiverUnderTest(StreamingRun.start(context), collected, stream.inputDStream().id(), watch);
    }

    /** Starts a receiver on any free port and waits until it listens. */
    static ReceiverUnderTest startListening(Delivery delivery) {
        var receiver = start(0, delivery);
        receiver.awaitPort();
        return receiver;
    }

    /** How long onStart may take before the test says it blocks: it only starts threads, in milliseconds. */
    static final Duration ON_START_LIMIT = Duration.ofSeconds(10);

    private static volatile AssertionError onStartBlocks;
    private static volatile boolean onStartChecked;

    /**
     * Calls {@code onStart} then {@code onStop} on a receiver outside Spark, once per test JVM, and fails if
     * {@code onStart} does not return. Spark's supervisor thread calls onStart and waits for it, holding the lock that
     * stopping the receiver needs: a receiver whose onStart blocks never stops, and keeps one of the two cores for
     * ever, so every later test would wait its whole timeout. This fails them at once, with the reason.
     */
    static synchronized void assertOnStartReturns() {
        if (onStartBlocks != null) {
            throw onStartBlocks;
        }
        if (onStartChecked) {
            return;
        }
        var receiver = new FlumeReceiver("127.0.0.1", 0, Delivery.RELIABLE, StorageLevel.MEMORY_AND_DISK_SER());
        var starting = CompletableFuture.runAsync(receiver::onStart);
        try {
            starting.get(ON_START_LIMIT.toSeconds(), TimeUnit.SECONDS);
        } catch (TimeoutException blocked) {
            onStartBlocks = new AssertionError("""
                    FlumeReceiver.onStart had not returned after %d s. Spark's supervisor thread calls it and waits: \
                    onStart must start the server (its own threads do the work) and return, not wait for the server \
                    (server.join()?). A receiver whose onStart blocks cannot be stopped."""
                    .formatted(ON_START_LIMIT.toSeconds()));
            try {
                receiver.onStop();   // closing the server also releases a server.join()
            } catch (RuntimeException ignored) {
                // the verdict is the blocked onStart
            }
            throw onStartBlocks;
        } catch (ExecutionException failed) {
            if (failed.getCause() instanceof RuntimeException runtime) {
                throw runtime;   // a "not done yet", or onStart's own error: the tests report it as it is
            }
            throw new IllegalStateException(failed.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        receiver.onStop();
        onStartChecked = true;
    }

    int streamId() {
        return streamId;
    }

    StreamingRun run() {
        return run;
    }

    ReceiverWatch watch() {
        return watch;
    }

    /** The port is bound once Spark has launched the receiver on its executor, a moment after the context starts. */
    int awaitPort() {
        return watch.awaitPort(streamId);
    }

    /** Runs batches until the lines received so far number at least {@code count}; returns all of them. */
    List<FlumeLine> awaitLines(int count) {
        return await("%d lines received through the Flume receiver".formatted(count))
                .atMost(PATIENCE)
                .pollInSameThread()
                .pollInterval(Duration.ofMillis(20))
                .until(() -> {
                    watch.failIfStopped();
                    run.nextBatch();
                    return lines.allRecords();
                }, received -> received.size() >= count);
    }

    /** Everything received so far. */
    List<FlumeLine> received() {
        return lines.allRecords();
    }

    @Override
    public void close() {
        try {
            run.close();   // also removes a ReceiverTracker left over by a receiver that failed to start
        } finally {
            lines.close();
        }
    }
}
