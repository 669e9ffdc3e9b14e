package dev.streaminglabs.testkit;

import org.apache.spark.streaming.Time;

import dev.streaminglabs.common.NotDoneYet;

/** A batch of a test stream failed: the message says which batch and what went wrong, in a line or two. */
public final class StreamingBatchFailed extends RuntimeException {

    StreamingBatchFailed(String message, Throwable cause) {
        super(message, cause);
    }

    /**
     * The clearest exception for a failed batch: the skeleton's own "not done yet" if that is what failed, otherwise
     * the batch time and the root cause.
     */
    static RuntimeException explain(Time batchTime, String failureReason, Throwable error) {
        if (error != null) {
            var notDone = NotDoneYet.findIn(error);
            if (notDone != null) {
                return notDone;
            }
        }
        var root = error;
        while (root != null && root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        var why = root != null ? root.toString() : firstLine(failureReason);
        return new StreamingBatchFailed(
                "batch at %s failed inside a Spark job: %s".formatted(TestClock.format(batchTime), why), error);
    }

    private static String firstLine(String text) {
        int end = text.indexOf('\n');
        return end < 0 ? text : text.substring(0, end);
    }
}
