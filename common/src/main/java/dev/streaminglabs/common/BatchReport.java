package dev.streaminglabs.common;

import java.io.PrintStream;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;

import org.apache.spark.streaming.scheduler.StreamingListener;
import org.apache.spark.streaming.scheduler.StreamingListenerBatchCompleted;
import org.apache.spark.streaming.scheduler.StreamingListenerStreamingStarted;

/**
 * Prints one line per finished batch — what an instructor projects while a demo runs — and keeps the counts a demo
 * waits on: batches, records, the time of the latest batch.
 *
 * <pre>{@code
 * var report = new BatchReport(System.out);
 * streamingContext.addStreamingListener(report);
 * ...
 * demo.awaitWhileRunning(streamingContext, () -> report.records() >= server.linesSent());
 * }</pre>
 *
 * prints {@code [batch 10:15:03] 57 records in · processed in 41 ms · waited 3 ms}, and, once {@link #stopping()}
 * was called, marks the batches that the stop still runs: {@code ... · while stopping}. A batch that a restart
 * recovered from the checkpoint (cut before this start) says so: Spark does not report its records to listeners.
 */
public final class BatchReport implements StreamingListener {

    private static final DateTimeFormatter CLOCK =
            DateTimeFormatter.ofPattern("HH:mm:ss").withZone(ZoneId.systemDefault());

    private final PrintStream out;
    private int batches;
    private int batchesWhileStopping;
    private int batchesRecovered;
    private long startedAt = Long.MIN_VALUE;
    private long records;
    private long lastBatchTime;
    private boolean stopping;

    public BatchReport(PrintStream out) {
        this.out = out;
    }

    @Override
    public synchronized void onStreamingStarted(StreamingListenerStreamingStarted event) {
        startedAt = event.time();
    }

    @Override
    public void onBatchCompleted(StreamingListenerBatchCompleted event) {
        var batch = event.batchInfo();
        boolean whileStopping;
        boolean recovered;
        synchronized (this) {
            batches++;
            records += batch.numRecords();
            lastBatchTime = Math.max(lastBatchTime, batch.batchTime().milliseconds());
            whileStopping = stopping;
            batchesWhileStopping += stopping ? 1 : 0;
            // A restart reschedules the batches cut before the failure (and during the downtime) without their input
            // info: their records are in the output, but not in numRecords.
            recovered = batch.batchTime().milliseconds() < startedAt && batch.streamIdToInputInfo().isEmpty();
            batchesRecovered += recovered ? 1 : 0;
        }
        out.printf("[batch %s] %s · processed in %s ms · waited %s ms%s%n",
                CLOCK.format(Instant.ofEpochMilli(batch.batchTime().milliseconds())),
                recovered ? "recovered from the checkpoint (Spark does not report its records)"
                        : batch.numRecords() + " records in",
                batch.processingDelay().isDefined() ? batch.processingDelay().get() : "?",
                batch.schedulingDelay().isDefined() ? batch.schedulingDelay().get() : "?",
                whileStopping ? " · while stopping" : "");
    }

    /** From now on, the batches that complete are the ones a graceful stop runs: they are marked so. */
    public synchronized void stopping() {
        stopping = true;
    }

    /** Batches completed so far. */
    public synchronized int batches() {
        return batches;
    }

    /** Of {@link #batches()}, those completed after {@link #stopping()}. */
    public synchronized int batchesWhileStopping() {
        return batchesWhileStopping;
    }

    /**
     * Records (lines, events) in the batches completed so far: what the receivers received and Spark processed, but
     * for the batches recovered from a checkpoint, whose records Spark does not report (see {@link #summary()}).
     */
    public synchronized long records() {
        return records;
    }

    /** The time of the latest batch completed, in ms since the epoch (a batch's time is when it was cut). */
    public synchronized long lastBatchTime() {
        return lastBatchTime;
    }

    /**
     * "12 batches: 10 before the stop, 2 while stopping gracefully" (or "12 batches"), and ", 3 recovered from the
     * checkpoint (their records not in the count)" after a restart.
     */
    public synchronized String summary() {
        return batches + (batches == 1 ? " batch" : " batches") + (batchesWhileStopping == 0 ? ""
                : ": %d before the stop, %d while stopping gracefully".formatted(batches - batchesWhileStopping,
                        batchesWhileStopping))
                + (batchesRecovered == 0 ? ""
                        : ", %d recovered from the checkpoint (their records not in the count)"
                                .formatted(batchesRecovered));
    }
}
