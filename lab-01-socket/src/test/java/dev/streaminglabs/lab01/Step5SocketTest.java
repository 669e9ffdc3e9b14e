package dev.streaminglabs.lab01;

import static dev.streaminglabs.testkit.StreamAssertions.sumByKey;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;

import org.apache.spark.streaming.Durations;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import dev.streaminglabs.common.LineServer;
import dev.streaminglabs.testkit.CollectedStream;
import dev.streaminglabs.testkit.QuietReceiverStop;
import dev.streaminglabs.testkit.StreamingRun;
import dev.streaminglabs.testkit.TestSpark;

@Tag("step5")
@DisplayName("Step 5 — count the words arriving on a socket")
class Step5SocketTest {

    /** The socket receiver's "Socket closed" at every stop is not an error: keep it off the console. */
    @BeforeAll
    static void quietReceiverStop() {
        QuietReceiverStop.install();
    }

    /**
     * End to end: a real TCP server on 127.0.0.1, Spark's real socket receiver, the test's clock. Lines can land in
     * any batch (the receiver works in real time), so the test waits until the batches have taken in the 3 lines sent,
     * then adds up the counts of all the batches, once.
     */
    @Test
    void countsTheLinesSentToTheSocket() {
        try (var server = LineServer.start()) {
            var context = TestSpark.streamingContext(Durations.seconds(1));
            var counts = SocketWordCount.wordCountsFrom(context, server.host(), server.port());

            try (var output = CollectedStream.of(counts.toJavaDStream());
                 var run = StreamingRun.start(context)) {
                server.awaitClients(1, Duration.ofSeconds(30));
                server.send("to be or not to be", "", "To see, or not to SEE");

                run.runUntilReceived(3, Duration.ofSeconds(60));

                var expected = Map.of("to", 4L, "be", 2L, "or", 2L, "not", 2L, "see", 2L);
                assertThat(sumByKey(output.allRecords()))
                        .as("""
                                the counts of the words of the 3 lines sent, added up over the batches: the words as \
                                step 1 finds them, counted as step 2 does (does wordCountsFrom use \
                                WordCount.countWords?)""")
                        .isEqualTo(expected);

                run.runBatches(2);
                assertThat(sumByKey(output.allRecords()))
                        .as("two batches later: every word was counted once, none twice")
                        .isEqualTo(expected);
            }
        }
    }

    /**
     * The receiver keeps what it reads in blocks, at the storage level it was given. The default level of
     * {@code socketTextStream} keeps two copies of each block, on two executors; in local mode there is one, and
     * Spark warns on every block that it could not make the second copy.
     */
    @Test
    void theReceiverKeepsOneCopyOfEachBlock() {
        var context = TestSpark.streamingContext(Durations.seconds(1));

        SocketWordCount.wordCountsFrom(context, "127.0.0.1", 9);   // builds the stream; nothing connects before start

        var receivers = context.ssc().graph().getReceiverInputStreams();
        assertThat(receivers).as("receiver input streams that wordCountsFrom created").hasSize(1);
        var level = receivers[0].getReceiver().storageLevel();
        assertThat(level.replication())
                .as("""
                        copies of each received block at the storage level of the socket receiver (%s): one \
                        executor here, so one copy (StorageLevel.MEMORY_AND_DISK_SER()), not the default \
                        MEMORY_AND_DISK_SER_2""", level.description())
                .isEqualTo(1);
    }
}
