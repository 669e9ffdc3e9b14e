package dev.streaminglabs.common;

import java.io.PrintStream;
import java.util.function.Consumer;

import org.apache.spark.streaming.scheduler.ReceiverInfo;
import org.apache.spark.streaming.scheduler.StreamingListener;
import org.apache.spark.streaming.scheduler.StreamingListenerBatchCompleted;
import org.apache.spark.streaming.scheduler.StreamingListenerReceiverError;
import org.apache.spark.streaming.scheduler.StreamingListenerReceiverStopped;

/**
 * Says, in one line each time, why a receiver cannot read its source (nothing listening, a port already taken, a
 * server that closed the connection), and gives up after {@link #ATTEMPTS} attempts in a row: Spark alone would
 * restart the receiver every 2 seconds forever, with a stack trace each time.
 *
 * <p>Also says once when the receiver is connected but nothing arrives: a server that sends no text lines (an HTTP
 * server) or a {@code nc} in which no one has typed yet looks the same from Spark — batches of 0 records.
 *
 * <p>{@link Demo#watchReceivers} installs it; while it reports, Spark's own log lines about the same restarts (and
 * about the socket a graceful stop closes) are silenced, unless {@code -DsparkLog=INFO} asks for Spark's logs.
 */
public final class ReceiverWatch implements StreamingListener {

    /** Attempts in a row that fail before the demo gives up on its source. */
    public static final int ATTEMPTS = 5;
    /** Batches with no record at all after which the watch says that nothing has arrived yet. */
    public static final int QUIET_BATCHES = 5;

    /** The loggers that repeat, with stack traces, what this watch says in one line. */
    private static final String[] RESTART_LOGGERS = {
        "org.apache.spark.streaming.scheduler.ReceiverTracker",
        "org.apache.spark.streaming.receiver.ReceiverSupervisorImpl",
        "org.apache.spark.streaming.dstream.SocketReceiver",
    };

    private final PrintStream out;
    private final String whatToCheck;
    private final String whenQuiet;
    private final Consumer<SourceUnavailable> giveUp;
    private volatile boolean stopping;
    private int failuresInARow;
    private int quietBatches;
    private boolean anyRecord;
    private boolean toldQuiet;
    private boolean gaveUp;

    /**
     * @param whatToCheck what the person running the demo should check when the source fails ("is nc -lk 9999
     *                    running?")
     * @param whenQuiet   what to say when batches keep coming empty, or null to say nothing
     * @param giveUp      what to do after {@link #ATTEMPTS} failures in a row (the demo stops and exits)
     */
    ReceiverWatch(PrintStream out, String whatToCheck, String whenQuiet, Consumer<SourceUnavailable> giveUp) {
        this.out = out;
        this.whatToCheck = whatToCheck;
        this.whenQuiet = whenQuiet;
        this.giveUp = giveUp;
        Demo.silence(RESTART_LOGGERS);
    }

    /** From now on the receivers are being stopped on purpose: their errors (a closed socket) are not failures. */
    public void stopping() {
        stopping = true;
    }

    @Override
    public void onReceiverError(StreamingListenerReceiverError event) {
        failed(event.receiverInfo());
    }

    @Override
    public void onReceiverStopped(StreamingListenerReceiverStopped event) {
        if (!event.receiverInfo().lastErrorMessage().isEmpty()) {
            failed(event.receiverInfo());
        }
    }

    @Override
    public void onBatchCompleted(StreamingListenerBatchCompleted event) {
        String quiet = null;
        synchronized (this) {
            if (event.batchInfo().numRecords() > 0) {
                anyRecord = true;
                failuresInARow = 0;
                return;
            }
            if (!anyRecord && !toldQuiet && failuresInARow == 0 && ++quietBatches >= QUIET_BATCHES
                    && whenQuiet != null && !stopping) {
                toldQuiet = true;
                quiet = whenQuiet;
            }
        }
        if (quiet != null) {
            out.println("Nothing received in " + QUIET_BATCHES + " batches: " + quiet);
        }
    }

    private void failed(ReceiverInfo receiver) {
        if (stopping) {
            return;
        }
        SourceUnavailable gaveUpWith = null;
        synchronized (this) {
            if (gaveUp) {
                return;
            }
            failuresInARow++;
            var why = receiver.lastErrorMessage().replaceFirst("^Restarting receiver with delay \\d+ ?ms: ", "")
                    + causeOf(receiver.lastError());
            if (failuresInARow < ATTEMPTS) {
                out.printf("Receiver %d (%s): %s. Attempt %d of %d failed; Spark tries again in 2 s.%s%n",
                        receiver.streamId(), receiver.name(), why, failuresInARow, ATTEMPTS,
                        failuresInARow == 1 ? " " + whatToCheck : "");
            } else {
                gaveUp = true;
                gaveUpWith = new SourceUnavailable("receiver %d (%s) gave up after %d attempts in a row: %s. %s"
                        .formatted(receiver.streamId(), receiver.name(), ATTEMPTS, why, whatToCheck));
            }
        }
        if (gaveUpWith != null) {
            giveUp.accept(gaveUpWith);
        }
    }

    /** ": java.net.ConnectException: Connection refused", from the first line of a stack trace, if it adds news. */
    private static String causeOf(String stackTrace) {
        if (stackTrace == null || stackTrace.isBlank()) {
            return "";
        }
        var firstLine = stackTrace.lines().findFirst().orElse("").trim();
        return firstLine.isEmpty() ? "" : " (" + firstLine + ")";
    }
}
