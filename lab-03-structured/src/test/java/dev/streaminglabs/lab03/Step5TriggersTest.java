package dev.streaminglabs.lab03;

import static dev.streaminglabs.lab03.MemoryTables.assertOneRowPerWord;
import static dev.streaminglabs.testkit.RowAssertions.assertCounts;
import static dev.streaminglabs.testkit.RowAssertions.assertValues;
import static org.apache.spark.sql.functions.col;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.streaming.OutputMode;
import org.apache.spark.sql.streaming.StreamingQueryProgress;
import org.apache.spark.sql.streaming.Trigger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.streaminglabs.common.LineServer;
import dev.streaminglabs.common.MemoryInput;
import dev.streaminglabs.testkit.DropFolder;
import dev.streaminglabs.testkit.LogCapture;
import dev.streaminglabs.testkit.QueryPlans;
import dev.streaminglabs.testkit.QueryRun;
import dev.streaminglabs.testkit.TestSpark;

@Tag("step5")
@DisplayName("Step 5 — triggers, progress and the live app")
class Step5TriggersTest {

    @TempDir
    Path tempDir;

    private final MemoryInput<String> words = TestSpark.memoryInput(Encoders.STRING());

    /**
     * The tests' trigger intervals are short (100 ms, 200 ms), so that they run fast. On a busy machine a micro-batch
     * takes longer than that, and Spark warns that the query is "falling behind": true, and no concern of these
     * tests, which keep the warning to themselves. (In the live app, whose triggers come every 2 s, the same warning
     * would mean something: the batches do not keep up with the input.)
     */
    private LogCapture fallingBehind;

    @BeforeEach
    void keepTheFallingBehindWarningsOfShortTriggers() {
        fallingBehind = LogCapture.of("org.apache.spark.sql.execution.streaming.runtime.ProcessingTimeExecutor");
    }

    @AfterEach
    void closeTheCapture() {
        fallingBehind.close();
    }

    @Test
    void theQueryRunsOnAProcessingTimeTrigger() throws Exception {
        var query = Triggers.startEvery(wordCounts(words), Duration.ofMillis(200), "step5_every");
        try {
            assertThat(QueryPlans.triggerOf(query)).as("the query's trigger")
                    .isEqualTo(Trigger.ProcessingTime(200));

            words.add("spark", "spark", "flink");
            query.processAllAvailable();
            var table = TestSpark.session().table("step5_every").collectAsList();
            assertOneRowPerWord("the memory table step5_every", table);
            assertCounts("the memory table step5_every", table, Map.of("spark", 2L, "flink", 1L));
        } finally {
            query.stop();
        }
    }

    @Test
    void availableNowReadsWhatIsThereInSeveralMicroBatchesThenStops() throws Exception {
        var inbox = DropFolder.in(tempDir);
        inbox.drop("a.txt", "one\ntwo\n");
        inbox.drop("b.txt", "three\n");
        inbox.drop("c.txt", "");
        var lines = TestSpark.session().readStream().option("maxFilesPerTrigger", 1).text(inbox.path());

        var query = Triggers.runAvailableNow(lines, "step5_available_now");

        assertThat(query.isActive()).as("the query is still running when runAvailableNow returns: wait until it "
                + "has read everything and stopped by itself (awaitTermination())").isFalse();
        assertThat(query.exception().isDefined()).as("the query ended with a failure").isFalse();
        assertValues("the memory table step5_available_now",
                TestSpark.session().table("step5_available_now").collectAsList(), "value",
                List.of("one", "two", "three"));
        assertThat(query.recentProgress()).as("micro-batches run with maxFilesPerTrigger 1 and 3 files: one per file "
                + "(a trigger that ignores the source's limits, as Trigger.Once() does, reads all in one)").hasSize(3);
    }

    @Test
    void aTriggerReportSaysHowManyRowsCameInAndHowLongItTook() throws Exception {
        var query = Triggers.startEvery(wordCounts(words), Duration.ofMillis(100), "step5_progress");
        try {
            words.add("a", "b", "c");
            query.processAllAvailable();

            var progress = lastWithInput(query.recentProgress());
            var report = TriggerReport.of(progress);

            assertThat(report.inputRows()).as("rows in, in the micro-batch that read the 3 words").isEqualTo(3);
            assertThat(report.batchId()).as("its batch id").isEqualTo(progress.batchId());
            assertThat(report.durationMs()).as("its duration (ms): the progress's batchDuration")
                    .isEqualTo(progress.batchDuration());
            assertThat(report.line()).as("the report line").contains("3 rows in");
        } finally {
            query.stop();
        }
    }

    @Test
    void explainShowsTheStateTheAggregationKeepsBetweenTriggers() throws Exception {
        var query = Triggers.startEvery(wordCounts(words), Duration.ofMillis(100), "step5_explain");
        try {
            words.add("spark");
            query.processAllAvailable();

            assertThat(QueryPlans.explainOf(query, false))
                    .as("what query.explain() prints: the plan of the last micro-batch")
                    .contains("StateStoreRestore")
                    .contains("StateStoreSave");
        } finally {
            query.stop();
        }
    }

    @Test
    void theSocketSourceReadsTheLinesSentAsRows() {
        try (var sparkSays = LogCapture.of(
                     "org.apache.spark.sql.execution.streaming.sources.TextSocketSourceProvider");
             var server = LineServer.start();
             var query = QueryRun.start(LiveWordCount.linesFrom(TestSpark.session(), server.host(), server.port()),
                     OutputMode.Append())) {
            // Spark warns about the socket source: it keeps the lines in the driver and cannot replay them.
            assertThat(sparkSays.messages()).as("what Spark says when a query reads a socket")
                    .anySatisfy(message -> assertThat(message).contains("does not support recovery"));
            server.awaitClients(1, Duration.ofSeconds(30));
            server.send("to be", "or not", "éléphant");

            var received = new ArrayList<Row>();
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                received.addAll(query.processAllAvailable());
                assertThat(received).as("rows read from the socket").hasSize(3);
            });
            assertValues("the rows read from the socket", received, "value", List.of("to be", "or not", "éléphant"));
        }
    }

    /** The running count of the words, one word per line. */
    private static Dataset<Row> wordCounts(MemoryInput<String> words) {
        return words.toDF().groupBy(col("value").as("word")).count();
    }

    private static StreamingQueryProgress lastWithInput(StreamingQueryProgress[] progresses) {
        return Arrays.stream(progresses).filter(progress -> progress.numInputRows() > 0)
                .reduce((first, second) -> second)
                .orElseThrow(() -> new AssertionError("no micro-batch read any row"));
    }
}
