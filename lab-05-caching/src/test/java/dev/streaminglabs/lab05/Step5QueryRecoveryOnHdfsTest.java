package dev.streaminglabs.lab05;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.TimeoutException;

import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.streaming.StreamingQuery;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import dev.streaminglabs.testkit.DropFolder;
import dev.streaminglabs.testkit.LogCapture;
import dev.streaminglabs.testkit.StepWritten;
import dev.streaminglabs.testkit.TestSpark;
import dev.streaminglabs.testkit.hdfs.TestHdfs;

/**
 * The structured recovery drill on HDFS: the input files and the checkpoint on a real HDFS (a NameNode and two
 * DataNodes, every file on both: replication 2). The query stops, a new one resumes from the checkpoint on HDFS; and
 * in the middle of the stream, a DataNode stops.
 */
@Tag("step5")
@DisplayName("Step 5 — a structured query that resumes from its checkpoint")
class Step5QueryRecoveryOnHdfsTest {

    /** The files and the uninterrupted run of the local drill. */
    private static final List<String> FILES = Step5QueryRecoveryTest.FILES;

    private static final Map<Long, List<String>> UNINTERRUPTED = Step5QueryRecoveryTest.UNINTERRUPTED;

    private DropFolder input;
    private String checkpoint;

    @BeforeEach
    void inputAndCheckpointOnHdfs() {
        // Before the test HDFS starts: a step not written yet fails as "not done", at no cost.
        StepWritten.orNotDoneYet(() -> RecoverableQuery.wordTotals(null));
        StepWritten.orNotDoneYet(() -> RecoverableQuery.start(null, null, null));
        var work = TestHdfs.cluster().newFolder("app");
        input = DropFolder.in(work, "input");
        checkpoint = work + "/checkpoint";
    }

    @Test
    void restartedQueryOnHdfsEmitsExactlyWhatAnUninterruptedRunEmits() throws Exception {
        var restarted = new Emitted();
        drop(1, 2);
        try (var query = new Running(restarted)) {
            query.processAllAvailable();
        }
        drop(3); // arrives while the query is down
        try (var query = new Running(restarted)) {
            query.processAllAvailable();
        }

        assertThat(restarted.byTrigger())
                .as("triggers of a query stopped after 2 files and restarted on its checkpoint on HDFS (%s), vs. an "
                        + "uninterrupted run: same trigger ids, same totals, no trigger lost or repeated", checkpoint)
                .isEqualTo(UNINTERRUPTED);
        assertThat(TestHdfs.cluster().fileSystem().exists(new Path(checkpoint, "commits/2")))
                .as("the commit of trigger 2, in the checkpoint on HDFS").isTrue();
    }

    @Test
    void theStreamGoesOnWhenADataNodeStopsAndRecoversFromTheReplicas() throws Exception {
        var emitted = new Emitted();
        drop(1);
        try (var log = LogCapture.of("org.apache.hadoop")) {
            try (var query = new Running(emitted)) {
                query.processAllAvailable();

                try (var stopped = TestHdfs.cluster().stopDataNode()) {
                    // Mid-stream, one of the two DataNodes is gone: every block it held has a replica on the other.
                    drop(2);
                    query.processAllAvailable();
                    query.stop();

                    drop(3);
                    // A new driver, the DataNode still down: the checkpoint is read back from the other replicas.
                    try (var recovered = new Running(emitted)) {
                        recovered.processAllAvailable();
                    }
                    assertThat(TestHdfs.cluster().liveDataNodes()).as("DataNodes running during the drill")
                            .isEqualTo(TestHdfs.DATANODES - 1);
                }
            }
            assertThat(log.messages().stream().anyMatch(message -> message.contains("Excluding datanode"))).as("""
                    what the HDFS client logged while the DataNode was down: it left the stopped DataNode out of \
                    its write pipeline and wrote on the other one (captured: %s)""", log.messages()).isTrue();
        }

        assertThat(emitted.byTrigger()).as("""
                triggers of a query that lost a DataNode after trigger 0 and was restarted after trigger 1, its \
                input and checkpoint on HDFS with replication 2: nothing lost, nothing repeated""")
                .isEqualTo(UNINTERRUPTED);
    }

    /** Drops the numbered files into the input folder, each with its own modification time, read in that order. */
    private void drop(int... numbers) throws IOException {
        for (int number : numbers) {
            var file = new Path(input.drop("lines-%d.txt".formatted(number), FILES.get(number - 1)));
            input.fileSystem().setTimes(file, Instant.now().minusSeconds(100 - number).toEpochMilli(), -1);
        }
    }

    private Dataset<Row> lines() {
        return TestSpark.session().readStream().option("maxFilesPerTrigger", 1).text(input.path());
    }

    /** What each trigger emitted, as sorted "word=count" strings. */
    private static final class Emitted implements RecoverableQuery.TotalsSink {
        private final Map<Long, List<String>> byTrigger = new ConcurrentSkipListMap<>();

        @Override
        public void accept(long batchId, List<Row> totals) {
            if (!totals.isEmpty()) {
                byTrigger.put(batchId, totals.stream().map(row -> row.get(0) + "=" + row.get(1)).sorted().toList());
            }
        }

        Map<Long, List<String>> byTrigger() {
            return new TreeMap<>(byTrigger);
        }
    }

    /** The student's query on the input and checkpoint on HDFS, stopped at the end of the try block. */
    private final class Running implements AutoCloseable {
        private final StreamingQuery query;

        Running(Emitted sink) throws TimeoutException {
            this.query = RecoverableQuery.start(RecoverableQuery.wordTotals(lines()), checkpoint, sink);
        }

        void processAllAvailable() {
            query.processAllAvailable();
        }

        void stop() throws TimeoutException {
            query.stop();
        }

        @Override
        public void close() throws TimeoutException {
            query.stop();
        }
    }
}
