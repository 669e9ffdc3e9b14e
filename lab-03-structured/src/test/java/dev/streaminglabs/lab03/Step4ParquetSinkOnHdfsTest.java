package dev.streaminglabs.lab03;

import static dev.streaminglabs.testkit.RowAssertions.assertValues;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.Arrays;
import java.util.List;

import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import dev.streaminglabs.testkit.StepWritten;
import dev.streaminglabs.testkit.TestSpark;
import dev.streaminglabs.testkit.hdfs.TestHdfs;

/** The Parquet sink and its checkpoint on HDFS: the same code, an {@code hdfs://} folder. */
@Tag("step4")
@DisplayName("Step 4 — write to Parquet files and to a database")
class Step4ParquetSinkOnHdfsTest {

    private String work;

    @BeforeEach
    void aFolderOnHdfs() {
        // Before the test HDFS starts: a step not written yet fails as "not done", at no cost.
        StepWritten.orNotDoneYet(() -> ParquetSink.start(null, null, null));
        work = TestHdfs.cluster().newFolder("sales");
    }

    @Test
    void theParquetFilesOnHdfsHoldEveryRowWritten() throws Exception {
        var lines = TestSpark.memoryInput(Encoders.STRING());
        var query = ParquetSink.start(lines.toDF(), work + "/parquet", work + "/checkpoint");
        try {
            lines.add("first", "second");
            query.processAllAvailable();
            lines.add("third");
            query.processAllAvailable();
        } finally {
            query.stop();
        }

        assertThat(TestHdfs.cluster().fileSystem().exists(new Path(work + "/parquet"))).as("""
                the Parquet folder %s/parquet on HDFS: nothing was written there. Does the sink write to the folder \
                it is given, as it is (a URI, not a local path)?""", work).isTrue();
        assertValues("the Parquet files read back from " + work + "/parquet", readParquet(), "value",
                List.of("first", "second", "third"));
        assertThat(names(work + "/parquet")).as("what the sink wrote in %s/parquet", work)
                .contains("_spark_metadata").anyMatch(name -> name.endsWith(".parquet"));
        assertThat(names(work + "/checkpoint")).as("the query's checkpoint in %s/checkpoint, on HDFS too", work)
                .contains("offsets", "commits");
    }

    @Test
    void aRestartFromTheCheckpointOnHdfsWritesNoRowTwice() throws Exception {
        var lines = TestSpark.memoryInput(Encoders.STRING());
        var first = ParquetSink.start(lines.toDF(), work + "/parquet", work + "/checkpoint");
        lines.add("before the stop");
        first.processAllAvailable();
        first.stop();

        lines.add("after the restart");
        var second = ParquetSink.start(lines.toDF(), work + "/parquet", work + "/checkpoint");
        try {
            second.processAllAvailable();
        } finally {
            second.stop();
        }

        assertValues("the Parquet files read back after a stop and a restart on the same checkpoint (on HDFS)",
                readParquet(), "value", List.of("before the stop", "after the restart"));
    }

    private List<Row> readParquet() {
        return TestSpark.session().read().parquet(work + "/parquet").collectAsList();
    }

    private static List<String> names(String folder) throws IOException {
        FileStatus[] entries = TestHdfs.cluster().fileSystem().listStatus(new Path(folder));
        return Arrays.stream(entries).map(entry -> entry.getPath().getName()).toList();
    }
}
