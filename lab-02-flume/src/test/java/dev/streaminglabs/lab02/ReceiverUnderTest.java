package dev.streaminglabs.lab02;

import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;

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
