package dev.streaminglabs.lab03;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

import dev.streaminglabs.common.NotDoneYet;

/**
 * Step 5 — the app: lab 01's word count again, as a Structured Streaming query over a socket, printed in update mode
 * with one progress line per trigger.
 *
 * <pre>
 * ./mvnw -q -pl lab-03-structured -am compile exec:exec                                   # its own line server
 * ./mvnw -q -pl lab-03-structured -am compile exec:exec -Dargs="--port 9999 --batches 0"  # after: nc -lk 9999
 * </pre>
 *
 * Its options ({@code --help} lists them) are declared in {@link LiveWordCountDemo#OPTIONS}, in {@code src/given/java}.
 */
public final class LiveWordCount {

    private LiveWordCount() {
    }

    /**
     * The lines sent by the TCP server at {@code host:port}, as an unbounded input table with one column,
     * {@code value}: Spark's built-in socket source.
     *
     * <p>Fine for a demo, not for production: the socket source keeps the lines in the driver's memory and cannot
     * replay them after a restart (a TCP server does not resend what it sent).
     */
    public static Dataset<Row> linesFrom(SparkSession spark, String host, int port) {
        // TODO Step 5d: readStream with the "socket" format and the "host" and "port" options, then load().
        throw new NotDoneYet("lab-03-structured", 5, "read lines from a socket as a table");
    }

    /** The demo: see {@link LiveWordCountDemo}, in {@code src/given/java} (the lab gives it; nothing to fill in). */
    public static void main(String[] args) throws Exception {
        LiveWordCountDemo.main(args);
    }
}
