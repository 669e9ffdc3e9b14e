package dev.streaminglabs.testkit;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

import org.apache.spark.streaming.Time;
import org.apache.spark.streaming.api.java.JavaStreamingContext;
import org.apache.spark.streaming.scheduler.BatchInfo;
import org.apache.spark.streaming.scheduler.OutputOperationInfo;
import org.apache.spark.streaming.scheduler.ReceiverInfo;
import org.apache.spark.streaming.scheduler.StreamingListener;
import org.apache.spark.streaming.scheduler.StreamingListenerBatchCompleted;
import org.apache.spark.streaming.scheduler.StreamingListenerReceiverError;
import org.apache.spark.streaming.scheduler.StreamingListenerReceiverStopped;
import org.apache.spark.streaming.scheduler.StreamingListenerStreamingStarted;

import dev.streaminglabs.common.NotDoneYet;

/**
 * The test's one way to wait for a streaming context: for a batch to complete, for the context to start, or for some
 * number of batches — and to stop waiting the moment Spark reports a failure, with its cause, instead of running into
 * a timeout that would blame something else.
 *
 * <p>It listens to the context's batches and receivers, and a daemon thread waits on the context's own termination:
 * Spark hands every error it reports (a job that failed, jobs that could not even be generated — a function that is
 * not serializable, say) to whoever waits there.
 */
final class BatchWaiter implements StreamingListener {

    /** Long enough for a slow CI machine, short enough that a stuck stream fails the test with a clear message. */
    static final long TIMEOUT_MS = TimeUnit.SECONDS.toMillis(60);

    private final Map<Long, BatchInfo> completed = new TreeMap<>();
    private final List<String> receiverErrors = new ArrayList<>();
    private boolean started;
    private Throwable failure;
    private boolean terminated;

    private BatchWaiter() {
    }

    /** Listens to {@code context}; call it before the context starts. */
    static BatchWaiter on(JavaStreamingContext context) {
        var waiter = new BatchWaiter();
        context.addStreamingListener(waiter);
        var watcher = new Thread(() -> {
            try {
                context.awaitTermination();
                waiter.terminated(null);
            } catch (Throwable error) {   // Spark throws what it reported, undeclared
                waiter.terminated(error);
            }
        }, "test-harness-termination-watch");
        watcher.setDaemon(true);
        watcher.start();
        return waiter;
    }

    @Override
    public synchronized void onStreamingStarted(StreamingListenerStreamingStarted event) {
        started = true;
        notifyAll();
    }

    @Override
    public synchronized void onBatchCompleted(StreamingListenerBatchCompleted event) {
        completed.put(event.batchInfo().batchTime().milliseconds(), event.batchInfo());
        notifyAll();
    }

    @Override
    public synchronized void onReceiverError(StreamingListenerReceiverError event) {
        receiverFailed(event.receiverInfo());
    }

    /** A receiver that fails to start is stopped (and restarted by Spark): its error comes with the stop. */
    @Override
    public synchronized void onReceiverStopped(StreamingListenerReceiverStopped event) {
        if (!event.receiverInfo().lastErrorMessage().isEmpty()) {
            receiverFailed(event.receiverInfo());
        }
    }

    private void receiverFailed(ReceiverInfo info) {
        var error = info.lastError().isEmpty() ? "" : " (" + SparkFailure.firstLine(info.lastError()) + ")";
        receiverErrors.add("receiver %s: %s%s".formatted(info.name(), info.lastErrorMessage(), error));
        notifyAll();
    }

    private synchronized void terminated(Throwable error) {
        terminated = true;
        failure = error;
        notifyAll();
    }

    synchronized boolean started() {
        return started;
    }

    synchronized int completedCount() {
        return completed.size();
    }

    /** Records the receivers took in, over every completed batch. */
    synchronized long recordsReceived() {
        return completed.values().stream().mapToLong(BatchInfo::numRecords).sum();
    }

    /**
     * Waits until the batch at {@code batchTime} has completed, and checks that its output operations succeeded.
     *
     * @throws NotDoneYet           when the batch hit a skeleton's unfinished step
     * @throws StreamingBatchFailed when Spark reported a failure, or the batch did not come
     */
    BatchInfo awaitBatch(Time batchTime) {
        var info = awaitOrFail(batchTime, false, () -> completed.containsKey(batchTime.milliseconds()),
                () -> "batch at %s did not finish within %d s. Does the pipeline have an output operation (print, "
                        .formatted(TestClock.format(batchTime), TIMEOUT_MS / 1000)
                        + "foreachRDD, saveAsTextFiles)? A DStream with none never runs.");
        failIfAnOutputFailed(batchTime);
        return info;
    }

    /** Waits until the context has started (an app under test starts it itself). */
    void awaitStart(Thread app) {
        awaitOrFail(null, true, () -> started || !app.isAlive(),
                () -> "the app did not start its streaming context within %d s".formatted(TIMEOUT_MS / 1000));
    }

    /** Waits until {@code count} batches have completed, or the app has returned (a stopping context skips some). */
    void awaitCompleted(int count, Thread app) {
        awaitOrFail(null, true, () -> completed.size() >= count || !app.isAlive(),
                () -> "batch %d did not finish within %d s".formatted(count, TIMEOUT_MS / 1000));
    }

    /**
     * @param stopIsAnAnswer an app under test stops its own context: then waiting is over, and not a failure
     */
    private BatchInfo awaitOrFail(Time batchTime, boolean stopIsAnAnswer, BooleanSupplier done,
                                  Supplier<String> timedOut) {
        long deadline = System.currentTimeMillis() + TIMEOUT_MS;
        synchronized (this) {
            while (true) {
                if (failure != null) {
                    throw failed(batchTime, failure);
                }
                // A skeleton's hole in a receiver: Spark only restarts it, again and again; the test stops here.
                var todo = receiverErrors.stream().filter(error -> error.contains(NotDoneYet.MARKER)).findFirst();
                if (todo.isPresent()) {
                    throw new StreamingBatchFailed(todo.get(), null);
                }
                if (done.getAsBoolean()) {
                    break;
                }
                if (terminated && stopIsAnAnswer) {
                    break;
                }
                if (terminated) {
                    throw new StreamingBatchFailed("the streaming context stopped while the test waited for "
                            + (batchTime == null ? "it" : "the batch at " + TestClock.format(batchTime)), null);
                }
                long left = deadline - System.currentTimeMillis();
                if (left <= 0) {
                    throw new StreamingBatchFailed(timedOut.get() + receiverErrorsLine(), null);
                }
                waitFor(left);
            }
            return batchTime == null ? null : completed.get(batchTime.milliseconds());
        }
    }

    /**
     * A completed batch can hold a failed job: Spark reports its exception right after the batch event, to whoever
     * waits on the context — the watcher thread, which hands it over here.
     */
    private void failIfAnOutputFailed(Time batchTime) {
        BatchInfo info;
        synchronized (this) {
            info = completed.get(batchTime.milliseconds());
        }
        Map<Object, OutputOperationInfo> operations =
                scala.jdk.javaapi.CollectionConverters.asJava(info.outputOperationInfos());
        for (var operation : new TreeMap<>(operations).values()) {
            if (operation.failureReason().isDefined()) {
                long deadline = System.currentTimeMillis() + TIMEOUT_MS;
                synchronized (this) {
                    while (failure == null && !terminated && System.currentTimeMillis() < deadline) {
                        waitFor(deadline - System.currentTimeMillis());
                    }
                    throw failed(batchTime, failure != null ? failure
                            : new IllegalStateException(SparkFailure.firstLine(operation.failureReason().get())));
                }
            }
        }
    }

    private static RuntimeException failed(Time batchTime, Throwable error) {
        var notDone = NotDoneYet.findIn(error);
        if (notDone != null) {
            return notDone;
        }
        var where = batchTime == null ? "a batch" : "the batch at " + TestClock.format(batchTime);
        return new StreamingBatchFailed(where + " failed inside Spark: " + SparkFailure.explain(error), error);
    }

    private String receiverErrorsLine() {
        return receiverErrors.isEmpty() ? ""
                : "\nMeanwhile the receivers reported: " + String.join("; ", receiverErrors.subList(
                        Math.max(0, receiverErrors.size() - 3), receiverErrors.size()));
    }

    private void waitFor(long millis) {
        try {
            wait(Math.max(1, millis));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for a batch", e);
        }
    }
}
