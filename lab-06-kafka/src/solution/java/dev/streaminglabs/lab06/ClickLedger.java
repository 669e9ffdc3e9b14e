package dev.streaminglabs.lab06;

import java.io.Serializable;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Iterator;
import java.util.Map;
import java.util.TreeMap;

import org.apache.spark.api.java.function.ForeachPartitionFunction;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Step 4 — the ledger: each page's running total of clicks in a table of an H2 database (lab 03's database), written
 * by an upsert keyed by the page, so that a trigger written twice leaves the table as writing it once.
 *
 * <pre>
 * page_clicks(page VARCHAR PRIMARY KEY, clicks BIGINT NOT NULL, batch_id BIGINT NOT NULL)
 * </pre>
 */
public final class ClickLedger implements Serializable {

    private static final long serialVersionUID = 1L;

    private final String jdbcUrl;

    /** @param jdbcUrl e.g. {@code jdbc:h2:file:/tmp/ledger} — a file database that outlives the query */
    public ClickLedger(String jdbcUrl) {
        this.jdbcUrl = jdbcUrl;
    }

    /** Creates the {@code page_clicks} table if it is not there yet. */
    public ClickLedger createTable() {
        try (var connection = connect(); var statement = connection.createStatement()) {
            statement.execute("""
                    CREATE TABLE IF NOT EXISTS page_clicks (
                        page     VARCHAR(200) PRIMARY KEY,
                        clicks   BIGINT NOT NULL,
                        batch_id BIGINT NOT NULL
                    )""");
            return this;
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create the page_clicks table in " + jdbcUrl, e);
        }
    }

    /**
     * The SQL that writes one page's running total into {@code page_clicks}, with three parameters in this order:
     * the page, its total of clicks, the batch id. A new page gets a row; a known page gets its new total. Running
     * it twice with the same values leaves the table as running it once.
     */
    public static String upsertStatement() {
        return """
                MERGE INTO page_clicks AS target
                USING (VALUES (?, ?, ?)) AS source (page, clicks, batch_id)
                ON target.page = source.page
                WHEN MATCHED THEN UPDATE SET clicks = source.clicks, batch_id = source.batch_id
                WHEN NOT MATCHED THEN INSERT (page, clicks, batch_id)
                    VALUES (source.page, source.clicks, source.batch_id)""";
    }

    /**
     * Writes one micro-batch of running totals (columns {@code page} and {@code count}), partition by partition on
     * the executors, one transaction per partition.
     */
    public void writeBatch(Dataset<Row> totals, long batchId) {
        totals.foreachPartition((ForeachPartitionFunction<Row>) rows -> writePartition(rows, batchId));
    }

    private void writePartition(Iterator<Row> rows, long batchId) throws SQLException {
        try (var connection = connect(); var upsert = connection.prepareStatement(upsertStatement())) {
            connection.setAutoCommit(false);
            while (rows.hasNext()) {
                var row = rows.next();
                upsert.setString(1, row.getAs(ClickStream.PAGE));
                upsert.setLong(2, row.<Long>getAs(PageCounts.COUNT));
                upsert.setLong(3, batchId);
                upsert.addBatch();
            }
            upsert.executeBatch();
            connection.commit();
        }
    }

    /** What the table holds now: each page with its total, in alphabetical order. */
    public Map<String, Long> totals() {
        var totals = new TreeMap<String, Long>();
        try (var connection = connect();
             var statement = connection.createStatement();
             var result = statement.executeQuery("SELECT page, clicks FROM page_clicks")) {
            while (result.next()) {
                totals.put(result.getString("page"), result.getLong("clicks"));
            }
            return totals;
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read the page_clicks table in " + jdbcUrl, e);
        }
    }

    private Connection connect() throws SQLException {
        return DriverManager.getConnection(jdbcUrl);
    }
}
