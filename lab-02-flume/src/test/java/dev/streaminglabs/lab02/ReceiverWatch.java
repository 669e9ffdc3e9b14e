package dev.streaminglabs.lab02;

import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;

import org.apache.spark.streaming.api.java.JavaStreamingContext;
import org.apache.spark.streaming.scheduler.ReceiverInfo;
import org.apache.spark.streaming.scheduler.StreamingListener;
import org.apache.spark.streaming.scheduler.StreamingListenerReceiverError;
import org.apache.spark.streaming.scheduler.StreamingListenerReceiverStopped;

import dev.streaminglabs.common.NotDoneYet;

/**
 * Watches a context's receivers from the driver: waits until the Flume receiver listens, and fails at once, with the
 * receiver's own message, when it reported an error instead (a skeleton's "not done yet" included). Add it before the
 * context starts, so that no report is missed.
 */
final class ReceiverWatch implements StreamingListener {

    /** Room for a slow machine, and for a real agent's avro sink, which backs off up to 5 s when it has nothing to send. */
    static final Duration PATIENCE = Duration.ofSeconds(30);

    private final AtomicReference<String> firstError = new AtomicReference<>();

    private ReceiverWatch() {
    }

    static ReceiverWatch on(JavaStreamingContext context) {
        var watch = new ReceiverWatch();
        context.addStreamingListener(watch);
        return watch;
    }

    @Override
    public void onReceiverError(StreamingListenerReceiverError event) {
        record(event.receiverInfo());
    }

    @Override
    public void onReceiverStopped(StreamingListenerReceiverStopped event) {
        record(event.receiverInfo());
    }

    private void record(ReceiverInfo info) {
        var error = info.lastError().isEmpty() ? info.lastErrorMessage() : info.lastError();
        if (error != null && !error.isEmpty()) {
            firstError.compareAndSet(null, error);
        }
    }

    /** The first error a receiver reported to the driver (its stack trace, as text); null if none yet. */
    String firstError() {
        return firstError.get();
    }

    /** Waits until a receiver reports an error, and returns it. */
    String awaitError() {
        return await("an error reported by the receiver").atMost(PATIENCE).until(this::firstError, error -> error != null);
    }

    /** Waits until the receiver of {@code streamId} listens, and returns its port. */
    int awaitPort(int streamId) {
        return await("the Flume receiver of stream %d listens".formatted(streamId))
                .atMost(PATIENCE)
                .pollInterval(Duration.ofMillis(20))
                .until(() -> {
                    failIfStopped();
                    return FlumeReceiver.boundPort(streamId);
                }, bound -> bound.isPresent())
                .getAsInt();
    }

    /** Fails with the receiver's own error, if it reported one: a skeleton's hole as the same "not done yet". */
    void failIfStopped() {
        var error = firstError.get();
        if (error != null) {
            throw failure(error);
        }
    }

    /** The receiver's error as an exception for the test: its "not done yet" again if it came from a hole. */
    static RuntimeException failure(String stackTrace) {
        var line = firstLineAbout(stackTrace);
        var hole = NOT_DONE.matcher(line);
        if (hole.find()) {
            return new NotDoneYet(hole.group(3), Integer.parseInt(hole.group(1)), hole.group(2));
        }
        return new IllegalStateException("the Flume receiver failed: " + line);
    }

    private static final java.util.regex.Pattern NOT_DONE = java.util.regex.Pattern.compile(
            "Step (\\d+) — (.+) — " + NotDoneYet.MARKER + ": see ([^/]+)/README");

    /** The line of a stack trace that says what went wrong: a skeleton's "not done yet", else the first line. */
    static String firstLineAbout(String stackTrace) {
        return stackTrace.lines()
                .filter(line -> line.contains(NotDoneYet.MARKER))
                .findFirst()
                .orElse(stackTrace.lines().findFirst().orElse(stackTrace));
    }
}
