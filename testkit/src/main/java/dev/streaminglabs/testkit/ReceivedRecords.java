package dev.streaminglabs.testkit;

import java.util.concurrent.atomic.AtomicLong;

import org.apache.spark.streaming.api.java.JavaStreamingContext;
import org.apache.spark.streaming.scheduler.StreamingListener;
import org.apache.spark.streaming.scheduler.StreamingListenerBatchCompleted;

/**
 * How many records the completed batches of a context took in from its receivers: what a test of a receiver waits
 * for, before it checks the results once.
 *
 * <pre>{@code
 * var input = ReceivedRecords.of(context);          // before the context starts
 * ...
 * await().until(() -> { run.nextBatch(); return input.total() >= 3; });
 * assertThat(sumByKey(output.allRecords())).isEqualTo(expected);   // a wrong answer fails here, at once
 * }</pre>
 *
 * Waiting for the input rather than for the expected output means that a wrong output fails in seconds, with its
 * diff, instead of after the whole wait.
 */
public final class ReceivedRecords implements StreamingListener {

    private final AtomicLong total = new AtomicLong();

    private ReceivedRecords() {
    }

    /** Counts the records of every batch of {@code context} that completes from now on. Add it before the start. */
    public static ReceivedRecords of(JavaStreamingContext context) {
        var records = new ReceivedRecords();
        context.addStreamingListener(records);
        return records;
    }

    @Override
    public void onBatchCompleted(StreamingListenerBatchCompleted event) {
        total.addAndGet(event.batchInfo().numRecords());
    }

    /** The records taken in by the batches completed so far. */
    public long total() {
        return total.get();
    }
}
