package dev.streaminglabs.lab02;

import static dev.streaminglabs.testkit.StreamAssertions.assertCounts;
import static dev.streaminglabs.testkit.StreamAssertions.assertEmpty;
import static dev.streaminglabs.testkit.StreamAssertions.sumByKey;
import static dev.streaminglabs.testkit.StreamingScenario.asPairs;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import org.apache.spark.storage.StorageLevel;
import org.apache.spark.streaming.Durations;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import scala.Tuple2;

import dev.streaminglabs.lab02.FlumeBatchHandler.Delivery;
import dev.streaminglabs.testkit.CollectedStream;
import dev.streaminglabs.testkit.SavedBatches;
import dev.streaminglabs.testkit.StreamingRun;
import dev.streaminglabs.testkit.StreamingScenario;
import dev.streaminglabs.testkit.TestSpark;
import dev.streaminglabs.testkit.WatchedStreamingContext;

@Tag("step4")
@DisplayName("Step 4 — count the words of the events, save each batch, stop after a duration")
class Step4WordCountJobTest {

    private static final StreamingScenario<FlumeLine> THREE_BATCHES_OF_LINES = StreamingScenario.of(List.of(
            List.of(FlumeLine.of("GET /api/orders 200"), FlumeLine.of("GET /api/cart 404")),
            List.of(),
            List.of(FlumeLine.of("un éléphant passe"),
                    new FlumeLine(Map.of(), "caf" + FlumeLine.REPLACEMENT + " au lait", true))));

    @Test
    void countsTheWordsOfTheEventBodiesBatchByBatch() {
        var counts = THREE_BATCHES_OF_LINES.runPairs(WordCountJob::countWords);

        assertCounts(counts.batch(1), Map.of("get", 2L, "api", 2L, "orders", 1L, "cart", 1L));
        assertEmpty(counts.batch(2));
    }

    @Test
    void aMalformedLineCountsOnceUnderMalformedAndItsWordsNotAtAll() {
        var counts = THREE_BATCHES_OF_LINES.runPairs(WordCountJob::countWords);

        assertCounts(counts.batch(3), Map.of("un", 1L, "éléphant", 1L, "passe", 1L, WordCountJob.MALFORMED, 1L));
    }

    @Test
    void eachBatchIsSavedInAFolderOfItsOwn(@TempDir Path output) {
        var prefix = output.resolve("counts");
        var countsIn = StreamingScenario.of(List.of(
                List.of(new Tuple2<>("get", 2L), new Tuple2<>("api", 1L)),
                List.<Tuple2<String, Long>>of()));

        countsIn.runWithOwnOutput(counts -> WordCountJob.saveEachBatch(asPairs(counts), prefix.toString()));

        var saved = SavedBatches.read(prefix, "txt");
        assertThat(saved.keySet()).as("one folder per batch, named counts-<batch time in ms>.txt, in %s", output)
                .containsExactly(1000L, 2000L);
        assertThat(saved.get(1000L)).as("lines of the batch at 1 s, each word<TAB>count")
                .containsExactly("api\t1", "get\t2");
        assertThat(saved.get(2000L)).as("lines of the batch at 2 s (an empty batch)").isEmpty();
    }

    @Test
    void theJobRunsForTheDurationThenStopsGracefully() {
        var watched = new AtomicReference<WatchedStreamingContext>();
        var run = THREE_BATCHES_OF_LINES.<Tuple2<String, Long>>runApp(200, (context, lines, collect) -> {
            var counts = WordCountJob.countWords(lines);
            collect.accept(counts.toJavaDStream());
            watched.set(WatchedStreamingContext.watch(context));
            WordCountJob.runFor(watched.get(), Duration.ofSeconds(1));
        });

        assertThat(run.stopped()).as("is the streaming context stopped when runFor returns?").isTrue();
        assertThat(watched.get().ranABatchAfterTheStop())
                .as("""
                        did a batch still run after runFor asked for the stop (%s)? A graceful stop, \
                        stop(false, true), waits for the batch timer's next tick and runs that batch, so that what \
                        the receiver took in is processed; stop(false, false) does not""", watched.get())
                .isTrue();
        assertThat(watched.get().sparkContextItRanOn().isStopped())
                .as("""
                        is the Spark context the job ran on stopped after runFor? Stop the streaming context only, \
                        stop(false, ...): its creator stops the Spark context""")
                .isFalse();
        assertThat(run.batchesCompleted()).as("batches completed in one second of the test clock's pace")
                .isGreaterThanOrEqualTo(1);
        assertCounts(run.outputs().batch(1), Map.of("get", 2L, "api", 2L, "orders", 1L, "cart", 1L));
    }

    /**
     * End to end: a real Flume agent (exec source running {@code tail -F}, memory channel, avro sink) pushes the lines
     * appended to a log file to the receiver; the job counts them and saves each batch. Lines land in whichever batch
     * is open when they arrive, so the test adds up the batches.
     */
    @Test
    void linesAppendedToALogFileArriveThroughARealFlumeAgent(@TempDir Path work) throws Exception {
        var logFile = Files.createFile(work.resolve("app.log"));
        var prefix = work.resolve("out").resolve("counts");
        var context = TestSpark.streamingContext(Durations.seconds(1));
        var lines = context.receiverStream(
                new FlumeReceiver("127.0.0.1", 0, Delivery.RELIABLE, StorageLevel.MEMORY_AND_DISK_SER()));
        var counts = WordCountJob.countWords(lines);
        WordCountJob.saveEachBatch(counts, prefix.toString());
        var expected = Map.of("info", 2L, "get", 2L, "api", 3L, "orders", 2L, "warn", 1L, "post", 1L, "cart", 1L,
                "ms", 3L, "worker", 3L);
        int port;

        var receiver = ReceiverWatch.on(context);
        ReceiverUnderTest.assertOnStartReturns();

        try (var output = CollectedStream.of(counts.toJavaDStream());
             var run = StreamingRun.start(context)) {
            port = receiver.awaitPort(lines.inputDStream().id());
            try (var agent = FlumeAgent.start(logFile, port, work)) {
                Files.writeString(logFile, """
                        2026-01-05 09:00:00.250 INFO  [worker-1] GET /api/orders 200 35 ms
                        2026-01-05 09:00:00.400 WARN  [worker-2] POST /api/cart 500 120 ms
                        2026-01-05 09:00:00.900 INFO  [worker-3] GET /api/orders 304 2 ms
                        """, StandardCharsets.UTF_8, StandardOpenOption.APPEND);

                // The avro sink backs off up to 5 s while the channel is empty: batches until the lines are in.
                run.runUntilReceived(3, ReceiverWatch.PATIENCE);
            }
            assertThat(sumByKey(output.allRecords()))
                    .as("the counts of the 3 lines appended to the log file, added up over the batches")
                    .isEqualTo(expected);
            run.runBatches(1);
            assertThat(sumByKey(output.allRecords())).as("one batch later: every word counted once, none twice")
                    .isEqualTo(expected);
        }

        var saved = new HashMap<String, Long>();
        SavedBatches.read(prefix, "txt").values().forEach(batch -> batch.forEach(line -> {
            var fields = line.split("\t");
            saved.merge(fields[0], Long.parseLong(fields[1]), Long::sum);
        }));
        assertThat(saved).as("counts saved in the part files under %s, added up", prefix.getParent())
                .isEqualTo(expected);
        assertNothingLeftBehind(port);
    }

    /** After the agent and the context stopped: no tail process, no Flume thread, no open port. */
    static void assertNothingLeftBehind(int receiverPort) {
        assertThat(ProcessHandle.current().descendants().filter(ProcessHandle::isAlive)
                .map(process -> process.info().commandLine().orElse("?")).toList())
                .as("processes started by the test JVM and still running (the agent's tail -F?)")
                .noneMatch(command -> command.contains("tail"));
        await("the Flume and receiver threads end")
                .atMost(Duration.ofSeconds(10))
                .until(FlumeThreads::alive, org.hamcrest.Matchers.empty());
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> {
            try (var probe = new Socket()) {
                probe.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), receiverPort), 2000);
            }
        }).as("connecting to the receiver's port 127.0.0.1:%d after the stop", receiverPort)
                .isInstanceOf(ConnectException.class);
    }

    /** Threads a Flume agent or the receiver starts, by the names they give them. */
    static final class FlumeThreads {
        static List<String> alive() {
            return Thread.getAllStackTraces().keySet().stream()
                    .filter(Thread::isAlive)
                    .map(Thread::getName)
                    .filter(name -> name.startsWith("flume-receiver-") || name.startsWith("lifecycleSupervisor-")
                            || name.startsWith("SinkRunner-PollingRunner-") || name.startsWith("timedFlushExecService")
                            || name.startsWith("StderrReader-") || name.startsWith("Flume Avro RPC Client"))
                    .toList();
        }
    }
}
