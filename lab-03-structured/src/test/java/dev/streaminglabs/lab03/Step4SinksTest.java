package dev.streaminglabs.lab03;

import static dev.streaminglabs.testkit.RowAssertions.assertValues;
import static org.apache.spark.sql.functions.col;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opentest4j.AssertionFailedError;

import dev.streaminglabs.common.MemoryInput;
import dev.streaminglabs.common.NotDoneYet;
import dev.streaminglabs.testkit.TestSpark;

@Tag("step4")
@DisplayName("Step 4 — write to Parquet files and to a database")
class Step4SinksTest {

    private static final StructType COUNTS = new StructType()
            .add("word", DataTypes.StringType)
            .add("count", DataTypes.LongType);

    @TempDir
    Path tempDir;

    // --- the Parquet file sink ---

    @Test
    void theParquetFilesHoldEveryRowWritten() throws Exception {
        var lines = TestSpark.memoryInput(Encoders.STRING());
        var query = ParquetSink.start(lines.toDF(), folder("parquet"), folder("checkpoint"));
        try {
            lines.add("first", "second");
            query.processAllAvailable();
            lines.add("third");
            query.processAllAvailable();
        } finally {
            query.stop();
        }

        assertValues("the Parquet files read back", readParquet(), "value", List.of("first", "second", "third"));
    }

    @Test
    void aRestartFromTheCheckpointWritesNoRowTwice() throws Exception {
        var lines = TestSpark.memoryInput(Encoders.STRING());
        var first = ParquetSink.start(lines.toDF(), folder("parquet"), folder("checkpoint"));
        lines.add("before the stop");
        first.processAllAvailable();
        first.stop();

        lines.add("after the restart");
        var second = ParquetSink.start(lines.toDF(), folder("parquet"), folder("checkpoint"));
        try {
            second.processAllAvailable();
        } finally {
            second.stop();
        }

        assertValues("the Parquet files read back after a stop and a restart on the same checkpoint", readParquet(),
                "value", List.of("before the stop", "after the restart"));
    }

    // --- the database sink ---

    @Test
    void theUpsertInsertsNewWordsAndUpdatesKnownOnes() {
        var database = newDatabase();

        write(database, counts(Map.of("spark", 2L, "flink", 1L)), 0);
        write(database, counts(Map.of("spark", 3L)), 1);

        assertTotals("word_counts after batches 0 and 1 (each row of a batch is a word's running total: the table "
                + "takes it as it is)", database.totals(), Map.of("spark", 3L, "flink", 1L));
    }

    @Test
    void aReplayedBatchDoesNotDoubleCount() {
        var database = newDatabase();
        write(database, counts(Map.of("spark", 2L, "flink", 1L)), 0);
        write(database, counts(Map.of("spark", 3L)), 1);
        var before = database.totals();

        write(database, counts(Map.of("spark", 3L)), 1);   // Spark runs batch 1 again after a crash

        assertTotals("word_counts after batch 1 was written a second time (a replayed batch must leave the table as "
                + "it was: the upsert sets each total, it never adds to it)", database.totals(), before);
        assertTotals("word_counts after batch 1 was written twice", database.totals(),
                Map.of("spark", 3L, "flink", 1L));
    }

    @Test
    void anEmptyBatchChangesNothing() {
        var database = newDatabase();
        write(database, counts(Map.of("spark", 2L)), 0);

        write(database, counts(Map.of()), 1);

        assertTotals("word_counts after an empty batch", database.totals(), Map.of("spark", 2L));
    }

    @Test
    void unicodeWordsAreStoredIntact() {
        var database = newDatabase();

        write(database, counts(Map.of("éléphant", 2L, "東京", 1L, "москва", 4L)), 0);

        assertTotals("word_counts", database.totals(), Map.of("éléphant", 2L, "東京", 1L, "москва", 4L));
    }

    @Test
    void theStreamingQueryKeepsTheDatabaseUpToDate() throws Exception {
        var database = newDatabase();
        var words = TestSpark.memoryInput(Encoders.STRING());
        var query = database.startWriting(wordCounts(words), folder("db-checkpoint"));
        try {
            words.add("spark", "spark", "flink");
            query.processAllAvailable();
            assertTotals("word_counts after trigger 1", database.totals(), Map.of("spark", 2L, "flink", 1L));

            words.add("spark");
            query.processAllAvailable();
            assertTotals("word_counts after trigger 2", database.totals(), Map.of("spark", 3L, "flink", 1L));
        } finally {
            query.stop();
        }
    }

    /**
     * Writes one micro-batch as Spark's {@code foreachBatch} would. A write that fails says why in the database's own
     * words (the innermost cause: a task failure wraps it twice), not "Job aborted".
     */
    private static void write(CountsDatabase database, Dataset<Row> counts, long batchId) {
        try {
            database.writeBatch(counts, batchId);
        } catch (RuntimeException failed) {
            var notDone = NotDoneYet.findIn(failed);
            if (notDone != null) {
                throw notDone;   // a skeleton's hole: the step is not done, not broken
            }
            Throwable cause = failed;
            var notSerializable = false;
            while (cause.getCause() != null && cause.getCause() != cause) {
                notSerializable |= String.valueOf(cause.getMessage()).startsWith("Task not serializable");
                cause = cause.getCause();
            }
            throw new AssertionFailedError("writing batch %d failed: %s%s".formatted(batchId, notSerializable
                    ? "Task not serializable (what the function given to foreachPartition uses travels to the "
                    + "executors): " : "", cause), failed);
        }
    }

    /** The table holds exactly these totals; a failure names each word that differs. */
    private static void assertTotals(String where, Map<String, Long> actual, Map<String, Long> expected) {
        var problems = new ArrayList<String>();
        new TreeMap<>(expected).forEach((word, total) -> {
            if (!actual.containsKey(word)) {
                problems.add("'%s' expected %d but it is missing".formatted(word, total));
            } else if (!actual.get(word).equals(total)) {
                problems.add("'%s' expected %d but was %d".formatted(word, total, actual.get(word)));
            }
        });
        new TreeMap<>(actual).forEach((word, total) -> {
            if (!expected.containsKey(word)) {
                problems.add("unexpected '%s' (total %d)".formatted(word, total));
            }
        });
        if (!problems.isEmpty()) {
            throw new AssertionFailedError("%s: %s".formatted(where, String.join("; ", problems)),
                    new TreeMap<>(expected), new TreeMap<>(actual));
        }
    }

    private CountsDatabase newDatabase() {
        // A file database in the test's temp folder: real files, gone after the test.
        return new CountsDatabase("jdbc:h2:file:" + tempDir.resolve("counts").toAbsolutePath()).createTable();
    }

    /** One micro-batch of running totals, as foreachBatch would hand it over, in two partitions. */
    private static Dataset<Row> counts(Map<String, Long> totals) {
        var rows = new ArrayList<Row>();
        totals.forEach((word, total) -> rows.add(RowFactory.create(word, total)));
        return TestSpark.session().createDataFrame(rows, COUNTS).repartition(2);
    }

    /** The running count of the words, one word per line: the query whose micro-batches go to the database. */
    private static Dataset<Row> wordCounts(MemoryInput<String> words) {
        return words.toDF().groupBy(col("value").as("word")).count();
    }

    private List<Row> readParquet() {
        return TestSpark.session().read().parquet(folder("parquet")).collectAsList();
    }

    private String folder(String name) {
        return tempDir.resolve(name).toString();
    }
}
