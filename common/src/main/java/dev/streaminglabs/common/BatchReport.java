package dev.streaminglabs.common;

import java.io.PrintStream;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;

import org.apache.spark.streaming.scheduler.StreamingListener;
import org.apache.spark.streaming.scheduler.StreamingListenerBatchCompleted;

/**
 * Prints one line per finished batch — what an instructor projects while a demo runs:
 * {@code [batch 10:15:03] 57 records in · processed in 41 ms · waited 3 ms}.
 *
 * <pre>{@code streamingContext.addStreamingListener(new BatchReport(System.out)); }</pre>
 */
public final class BatchReport implements StreamingListener {

    private static final DateTimeFormatter CLOCK =
            DateTimeFormatter.ofPattern("HH:mm:ss").withZone(ZoneId.systemDefault());

    private final PrintStream out;

    public BatchReport(PrintStream out) {
        this.out = out;
    }

    @Override
    public void onBatchCompleted(StreamingListenerBatchCompleted event) {
        var batch = event.batchInfo();
        out.printf("[batch %s] %d records in · processed in %s ms · waited %s ms%n",
                CLOCK.format(Instant.ofEpochMilli(batch.batchTime().milliseconds())),
                batch.numRecords(),
                batch.processingDelay().isDefined() ? batch.processingDelay().get() : "?",
                batch.schedulingDelay().isDefined() ? batch.schedulingDelay().get() : "?");
    }
}
