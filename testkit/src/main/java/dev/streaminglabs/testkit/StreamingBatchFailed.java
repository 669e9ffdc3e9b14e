package dev.streaminglabs.testkit;

/**
 * A batch of a test stream failed, or never came: the message says which batch, and what Spark reported, in full
 * (see {@link SparkFailure#explain}).
 */
public final class StreamingBatchFailed extends RuntimeException {

    StreamingBatchFailed(String message, Throwable cause) {
        super(message, cause);
    }
}
