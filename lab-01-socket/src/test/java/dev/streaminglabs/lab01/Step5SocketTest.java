package dev.streaminglabs.lab01;

import static dev.streaminglabs.testkit.StreamAssertions.sumByKey;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.Map;

import org.apache.spark.streaming.Durations;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import dev.streaminglabs.common.LineServer;
import dev.streaminglabs.testkit.CollectedStream;
import dev.streaminglabs.testkit.StreamingRun;
import dev.streaminglabs.testkit.TestSpark;

@Tag("step5")
@DisplayName("Step 5 — count the words arriving on a socket")
class Step5SocketTest {

    /**
     * End to end: a real TCP server on 127.0.0.1, Spark's real socket receiver, the test's clock. Lines can land in
     * any batch (the receiver works in real time), so the test adds up the counts of all the batches.
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

                var expected = Map.of("to", 4L, "be", 2L, "or", 2L, "not", 2L, "see", 2L);
                await("the counts of the words sent to the socket, added up over the batches")
                        .atMost(Duration.ofSeconds(60))
                        .pollInSameThread()
                        .pollInterval(Duration.ofMillis(50))
                        .untilAsserted(() -> {
                            run.nextBatch();
                            assertThat(sumByKey(output.allRecords())).isEqualTo(expected);
                        });

                run.runBatches(2);
                assertThat(sumByKey(output.allRecords()))
                        .as("two batches later: every word was counted once, none twice")
                        .isEqualTo(expected);
            }
        }
    }
}
