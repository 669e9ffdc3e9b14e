package dev.streaminglabs.lab02;

import static dev.streaminglabs.lab02.FlumeClients.events;
import static dev.streaminglabs.testkit.StreamAssertions.sumByKey;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import org.apache.spark.SparkConf;
import org.apache.spark.SparkEnv;
import org.apache.spark.api.java.function.Function0;
import org.apache.spark.storage.BlockId;
import org.apache.spark.storage.StreamBlockId;
import org.apache.spark.streaming.Durations;
import org.apache.spark.streaming.api.java.JavaStreamingContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import scala.Tuple2;
import scala.jdk.javaapi.CollectionConverters;
import scala.jdk.javaapi.FunctionConverters;

import dev.streaminglabs.testkit.CollectedStream;
import dev.streaminglabs.testkit.LogCapture;
import dev.streaminglabs.testkit.StreamingRun;
import dev.streaminglabs.testkit.TestSpark;

/**
 * The fault drill: the agent's events are acknowledged by the receiver, then the driver "dies" before the batch that
 * would have counted them runs; a new driver recovers from the checkpoint.
 */
@Tag("step5")
@DisplayName("Step 5 — survive a driver restart: write-ahead log, checkpoint, getOrCreate")
class Step5WriteAheadLogTest {

    private static final Map<String, Long> COUNTS_OF_THE_ACKNOWLEDGED_EVENTS =
            Map.of("get", 2L, "api", 2L, "orders", 1L, "cart", 1L, "post", 1L, "health", 1L);

    /**
     * The tests share one Spark context (starting Spark takes seconds), and the write-ahead log is a setting of the
     * Spark context: the drill turns it on or off on the live configuration, and this puts it back.
     */
    private static SparkConf liveConf() {
        return TestSpark.context().sc().conf();
    }

    @AfterEach
    void writeAheadLogBackOff() {
        liveConf().remove(FlumeWordCount.RECEIVER_WAL);
    }

    @Test
    void withTheWriteAheadLogEveryAcknowledgedEventIsCountedExactlyOnceAfterARestart(@TempDir Path checkpoint)
            throws Exception {
        FlumeWordCount.withWriteAheadLog(liveConf());

        var counted = faultDrill(checkpoint).counted();

        assertThat(counted)
                .as("""
                        with the write-ahead log, what the restarted driver counted of the events acknowledged before \
                        the restart: nothing means they were lost with the driver. Is the write-ahead log on (the \
                        setting withWriteAheadLog turns on, %s=%s on the live Spark context) and the receiver of \
                        createContext RELIABLE (an unreliable receiver answers before the data reaches the log)?""",
                        FlumeWordCount.RECEIVER_WAL, liveConf().get(FlumeWordCount.RECEIVER_WAL, "(not set)"))
                .isNotEmpty();
        assertThat(sumByKey(counted))
                .as("""
                        with the write-ahead log, the words of the events acknowledged before the restart, added up \
                        over the batches before and after it: each event counted exactly once""")
                .isEqualTo(COUNTS_OF_THE_ACKNOWLEDGED_EVENTS);
    }

    @Test
    void withoutTheWriteAheadLogTheAcknowledgedEventsAreLost(@TempDir Path checkpoint) throws Exception {
        assertThat(FlumeWordCount.withWriteAheadLog(new SparkConf(false)).get(FlumeWordCount.RECEIVER_WAL, "(not set)"))
                .as("the setting %s in the SparkConf that withWriteAheadLog returns", FlumeWordCount.RECEIVER_WAL)
                .isEqualTo("true");
        liveConf().set(FlumeWordCount.RECEIVER_WAL, "false");
        var drill = faultDrill(checkpoint);
        var counted = drill.counted();

        assertThat(counted)
                .as("""
                        without the write-ahead log, the receiver answered OK, the agent forgot the events, and the \
                        restarted driver has no trace of them: nothing is counted (this test shows the loss)""")
                .isEmpty();
        assertThat(drill.sparkSaidOnRecovery()).as("what Spark logged while the driver recovered")
                .anyMatch(message -> message.contains("Some blocks could not be recovered"));
    }

    @Test
    void getOrCreateCreatesANewContextWhenTheCheckpointFolderIsEmpty(@TempDir Path checkpoint) {
        TestSpark.stopActiveStreamingContext();
        var created = new AtomicReference<JavaStreamingContext>();

        var context = FlumeWordCount.recoverOrCreate(checkpoint.toString(), () -> {
            created.set(TestSpark.streamingContext(Durations.seconds(1)));
            return created.get();
        });

        assertThat(context.ssc()).as("the context getOrCreate returned, with no checkpoint to recover from")
                .isSameAs(created.get().ssc());
    }

    /**
     * With the write-ahead log, the data is on disk already: a second copy in another executor's memory adds nothing
     * (and in local mode there is no other executor; Spark would warn on every block that it could not replicate it).
     */
    @Test
    void theRecoverableContextKeepsOneCopyOfEachBlock(@TempDir Path checkpoint) {
        TestSpark.stopActiveStreamingContext();
        var context = FlumeWordCount.createContext(TestSpark.context(), Durations.seconds(1), checkpoint.toString(),
                "127.0.0.1", 0, counts -> counts.print());

        var receivers = context.ssc().graph().getReceiverInputStreams();
        assertThat(receivers).as("receiver input streams that createContext created").hasSize(1);
        var level = receivers[0].getReceiver().storageLevel();
        assertThat(level.replication())
                .as("""
                        copies of each received block at the storage level of createContext's receiver (%s): the \
                        write-ahead log keeps the data on disk already, so one serialized copy \
                        (StorageLevel.MEMORY_AND_DISK_SER()), not MEMORY_AND_DISK_SER_2""", level.description())
                .isEqualTo(1);
    }

    /**
     * Runs one empty batch (a checkpoint is written), has a Flume client send two batches of events that the receiver
     * acknowledges, stops the context before the batch holding them runs, recovers a context from the checkpoint and
     * runs two batches.
     *
     * @return every count the job produced, before and after the restart, and what Spark logged on recovery
     */
    private static Drill faultDrill(Path checkpoint) throws Exception {
        TestSpark.stopActiveStreamingContext();
        var directory = checkpoint.toString();
        var collected = new AtomicReference<CollectedStream<Tuple2<String, Long>>>();
        Function0<JavaStreamingContext> factory = () -> FlumeWordCount.createContext(TestSpark.context(),
                Durations.seconds(1), directory, "127.0.0.1", 0,
                counts -> collected.set(CollectedStream.of(counts.toJavaDStream())));

        var first = FlumeWordCount.recoverOrCreate(directory, factory);
        assertThat(collected.get()).as("did getOrCreate build a new context (the checkpoint folder was empty)?")
                .isNotNull();
        ReceiverUnderTest.assertOnStartReturns();
        try (var output = collected.get()) {
            var receiver = ReceiverWatch.on(first);
            try (var run = StreamingRun.start(first)) {
                run.nextBatch();
                int port = receiver.awaitPort(0);
                try (var agent = FlumeClients.connect(port)) {
                    agent.appendBatch(events("GET /api/orders", "GET /api/cart"));
                    agent.appendBatch(events("POST /health"));
                }
                // Both batches were answered OK: the agent would now forget them. The driver dies here.
            }
            loseTheBlocksKeptInTheExecutorsMemory();

            Function0<JavaStreamingContext> mustNotBeCalled = () -> {
                throw new AssertionError("getOrCreate built a new context instead of recovering from " + directory);
            };
            // What Spark says while it recovers is the drill's to read, not the console's: that the driver reuses the
            // test JVM's Spark context (a real restart starts a new one), and, without the write-ahead log, that the
            // blocks the executor lost cannot be recovered.
            List<String> sparkSaid;
            try (var sparkSays = LogCapture.of("org.apache.spark.SparkContext", "org.apache.spark.streaming")) {
                var recovered = FlumeWordCount.recoverOrCreate(directory, mustNotBeCalled);
                try (var run = StreamingRun.start(recovered)) {
                    run.runBatches(2);
                }
                sparkSaid = sparkSays.messages();
            }

            return new Drill(output.allRecords(), sparkSaid);
        }
    }

    /** What the job counted, before and after the restart, and what Spark logged while the driver recovered. */
    private record Drill(List<Tuple2<String, Long>> counted, List<String> sparkSaidOnRecovery) {
    }

    /**
     * A real driver failure takes its executors down, and with them the blocks the receiver stored in their memory.
     * The drill keeps the test JVM's Spark context (starting Spark takes seconds), so it removes those blocks itself.
     */
    private static void loseTheBlocksKeptInTheExecutorsMemory() {
        var blockManager = SparkEnv.get().blockManager();
        var receivedBlocks = blockManager.getMatchingBlockIds(
                FunctionConverters.asScalaFromFunction((BlockId id) -> id instanceof StreamBlockId));
        CollectionConverters.asJava(receivedBlocks).forEach(block -> blockManager.removeBlock(block, true));
    }
}
