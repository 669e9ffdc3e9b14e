package dev.streaminglabs.lab03;

import java.io.Serializable;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Iterator;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeoutException;

import org.apache.spark.api.java.function.ForeachPartitionFunction;
import org.apache.spark.api.java.function.VoidFunction2;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.streaming.OutputMode;
import org.apache.spark.sql.streaming.StreamingQuery;

import dev.streaminglabs.common.NotDoneYet;

/**
 * Step 4b — a database sink: each micro-batch of word counts upserted into a table over JDBC.
 *
 * <p>Spark has no streaming JDBC sink, but {@code foreachBatch} hands you each trigger's output as an ordinary
 * DataFrame, with the trigger's batch id, and any batch writer will do. Spark promises to call it <em>at least</em>
 * once per batch: after a crash, the last batch is run again. So the write must be idempotent — writing the same
 * batch twice leaves the table as writing it once. Here each row of a batch is a word's <em>running total</em>
 * (update mode), and the table keeps one row per word: an upsert (SQL {@code MERGE}) sets the total, it never adds.
 *
 * <p>The database is H2, a real SQL database written in Java, embedded in the same JVM (see the README for why H2
 * rather than SQLite). The table:
 * <pre>
 * word_counts(word VARCHAR PRIMARY KEY, total BIGINT NOT NULL, batch_id BIGINT NOT NULL)
 * </pre>
 */
public final class CountsDatabase implements Serializable {

    private static final long serialVersionUID = 1L;

    private final String jdbcUrl;

    /** @param jdbcUrl e.g. {@code jdbc:h2:file:/tmp/counts} — a file database that outlives the query */
    public CountsDatabase(String jdbcUrl) {
        this.jdbcUrl = jdbcUrl;
    }

    public String jdbcUrl() {
        return jdbcUrl;
    }

    /** Creates the {@code word_counts} table if it is not there yet. */
    public CountsDatabase createTable() {
        try (var connection = connect(); var statement = connection.createStatement()) {
            statement.execute("""
                    CREATE TABLE IF NOT EXISTS word_counts (
                        word     VARCHAR(200) PRIMARY KEY,
                        total    BIGINT NOT NULL,
                        batch_id BIGINT NOT NULL
                    )""");
            return this;
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create the word_counts table in " + jdbcUrl, e);
        }
    }

    /**
     * The SQL that upserts one row into {@code word_counts}, with three parameters in this order: the word, its
     * total, the batch id. A new word gets a row; a known word gets its new total and the batch id that set it.
     * Running it twice with the same values leaves the table as running it once.
     */
    public static String upsertStatement() {
        // TODO Step 4b: an upsert keyed by the word, in standard SQL (MERGE ... USING ... ON ...), that inserts a new
        //   word and sets the total and batch id of a known one.
        throw new NotDoneYet("lab-03-structured", 4, "write an idempotent upsert");
    }

    /**
     * Writes one micro-batch of running totals (columns {@code word} and {@code count}) into {@code word_counts}.
     * Each partition is written where it is, on its executor, by {@link #writePartition}: the rows never travel to
     * the driver, and each partition has its own connection and transaction.
     */
    public void writeBatch(Dataset<Row> counts, long batchId) {
        // TODO Step 4c: for each partition of the batch, writePartition(its rows, batchId). (Java needs to be told
        //   which foreachPartition: cast the lambda to ForeachPartitionFunction<Row>.)
        throw new NotDoneYet("lab-03-structured", 4, "upsert each micro-batch, partition by partition");
    }

    /** Upserts the rows of one partition, in one transaction, with one JDBC batch of {@link #upsertStatement()}. */
    void writePartition(Iterator<Row> rows, long batchId) throws SQLException {
        try (var connection = connect(); var upsert = connection.prepareStatement(upsertStatement())) {
            connection.setAutoCommit(false);
            while (rows.hasNext()) {
                var row = rows.next();
                upsert.setString(1, row.getAs(StreamingWordCount.WORD));
                upsert.setLong(2, row.<Long>getAs(StreamingWordCount.COUNT));
                upsert.setLong(3, batchId);
                upsert.addBatch();
            }
            upsert.executeBatch();
            connection.commit();
        }
    }

    /**
     * Starts {@code counts} (a running word count: {@code word}, {@code count}) in update mode, each micro-batch
     * going to {@link #writeBatch} through {@code foreachBatch}, with its checkpoint in {@code checkpointFolder}.
     */
    public StreamingQuery startWriting(Dataset<Row> counts, String checkpointFolder) throws TimeoutException {
        // TODO Step 4d: writeStream in update mode with the checkpoint location, each micro-batch to
        //   foreachBatch(this::writeBatch).
        throw new NotDoneYet("lab-03-structured", 4, "write each micro-batch with foreachBatch");
    }

    /** What the table holds now: each word with its total, in alphabetical order. */
    public Map<String, Long> totals() {
        var totals = new TreeMap<String, Long>();
        try (var connection = connect();
             var statement = connection.createStatement();
             var result = statement.executeQuery("SELECT word, total FROM word_counts")) {
            while (result.next()) {
                totals.put(result.getString("word"), result.getLong("total"));
            }
            return totals;
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read the word_counts table in " + jdbcUrl, e);
        }
    }

    /** A new connection to the database; the caller closes it. */
    Connection connect() throws SQLException {
        return DriverManager.getConnection(jdbcUrl);
    }
}
