package dev.streaminglabs.lab01;

import java.util.concurrent.CountDownLatch;

import org.apache.spark.streaming.api.java.JavaStreamingContext;
import org.apache.spark.streaming.scheduler.StreamingListener;
import org.apache.spark.streaming.scheduler.StreamingListenerBatchCompleted;

import dev.streaminglabs.common.NotDoneYet;

/**
 * Step 6 — run for a number of batches, then stop gracefully.
 *
 * <p>{@code start()} returns at once: the batches run on Spark's own threads. The driver's main thread must wait
 * ({@code awaitTermination}, or here a countdown of batches) and then stop the context. A graceful stop stops the
 * receivers first, then lets the batches already received finish, so nothing that was received is thrown away.
 */
public final class GracefulStop {

    private GracefulStop() {
    }

    /**
     * Starts {@code context}, waits until {@code batches} batches have completed, then stops it gracefully.
     * The Spark context under it keeps running: whoever created it stops it.
     */
    public static void runFor(JavaStreamingContext context, int batches) throws InterruptedException {
        // TODO Step 6: listen with a BatchCountdown, start the context, wait for the countdown, stop gracefully.
        throw new NotDoneYet("lab-01-socket", 6, "run for a number of batches, then stop gracefully");
    }

    /**
     * Counts batches down to zero. Spark calls {@code onBatchCompleted} on its listener thread, where stopping the
     * context is forbidden (the stop would wait for the listener itself): the listener only counts, the main thread
     * stops.
     */
    static final class BatchCountdown implements StreamingListener {
        private final CountDownLatch remaining;

        BatchCountdown(int batches) {
            this.remaining = new CountDownLatch(batches);
        }

        @Override
        public void onBatchCompleted(StreamingListenerBatchCompleted event) {
            remaining.countDown();
        }

        void await() throws InterruptedException {
            remaining.await();
        }
    }
}
