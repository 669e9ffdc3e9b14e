package dev.streaminglabs.lab01;

import org.apache.spark.storage.StorageLevel;
import org.apache.spark.streaming.api.java.JavaPairDStream;
import org.apache.spark.streaming.api.java.JavaStreamingContext;

import dev.streaminglabs.common.NotDoneYet;

/**
 * Step 5 — the app: word counts of the text arriving on a TCP socket, printed batch by batch.
 *
 * <pre>
 * ./mvnw -q -pl lab-01-socket -am compile exec:exec                                  # its own line server
 * ./mvnw -q -pl lab-01-socket -am compile exec:exec -Dargs="--port 9999"             # after: nc -lk 9999
 * </pre>
 *
 * The app around the word count (its options, the line server, the printing, the stop) is given:
 * {@link SocketWordCountDemo}, in {@code src/given/java}.
 */
public final class SocketWordCount {

    private SocketWordCount() {
    }

    /**
     * The word counts of each batch of lines read from {@code host:port}.
     *
     * <p>{@code socketTextStream} starts a receiver: a long-running task that connects to the server, reads lines and
     * stores them in blocks, which the next batch turns into an RDD. Blocks are kept serialized, in memory then on disk,
     * and not replicated: there is one machine here (the default level replicates each block twice).
     */
    public static JavaPairDStream<String, Long> wordCountsFrom(JavaStreamingContext context, String host, int port) {
        // TODO Step 5: read lines from host:port with a socket receiver, then count their words (step 2).
        throw new NotDoneYet("lab-01-socket", 5, "count the words arriving on a socket");
    }

    /** The app: see {@link SocketWordCountDemo}, in {@code src/given/java} (the lab gives it; nothing to fill in). */
    public static void main(String[] args) {
        SocketWordCountDemo.main(args);
    }
}
