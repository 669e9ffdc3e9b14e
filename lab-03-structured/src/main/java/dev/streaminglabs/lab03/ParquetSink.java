package dev.streaminglabs.lab03;

import java.util.concurrent.TimeoutException;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.streaming.OutputMode;
import org.apache.spark.sql.streaming.StreamingQuery;

import dev.streaminglabs.common.NotDoneYet;

/**
 * Step 4a — a file sink: every trigger writes its new rows as Parquet files.
 *
 * <p>A file sink only appends (a file, once written, is never rewritten), so it takes append mode. It needs a
 * checkpoint location: there Spark writes which input each trigger read (offsets) and which triggers are committed.
 * The sink also keeps a log of the files of each committed trigger ({@code _spark_metadata}); a reader that goes
 * through that log never sees the files of a trigger that failed half-way, and a restarted query does not write the
 * same trigger twice.
 */
public final class ParquetSink {

    private ParquetSink() {
    }

    /**
     * Starts writing {@code rows} as Parquet files into {@code outputFolder}, in append mode, with its checkpoint in
     * {@code checkpointFolder}. Started again with the same checkpoint, the query carries on where it stopped.
     */
    public static StreamingQuery start(Dataset<Row> rows, String outputFolder, String checkpointFolder)
            throws TimeoutException {
        // TODO Step 4a: writeStream in append mode, format "parquet", the "checkpointLocation" option,
        //   start(outputFolder).
        throw new NotDoneYet("lab-03-structured", 4, "write the stream as Parquet files");
    }
}
