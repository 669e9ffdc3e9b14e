package dev.streaminglabs.lab07;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.UUID;

/**
 * The reference table of step 2, given: the ads of the ad server and their campaigns, in an H2 database (a real SQL
 * database written in Java, running inside the JVM, as in lab 03). The advertisers change it while the stream runs:
 * a new ad, a campaign renamed.
 *
 * <pre>
 * ads(ad_id VARCHAR PRIMARY KEY, campaign VARCHAR NOT NULL, advertiser VARCHAR NOT NULL)
 * </pre>
 *
 * An in-memory database lives as long as the JVM (or until {@link #drop()}): Spark's tasks, threads of the same JVM
 * in local mode, read the same one over JDBC.
 */
public final class AdsDatabase implements AutoCloseable {

    private final String jdbcUrl;

    private AdsDatabase(String jdbcUrl) {
        this.jdbcUrl = jdbcUrl;
    }

    /** A new in-memory database with an empty {@code ads} table. Lower-case names, as Spark's columns will be. */
    public static AdsDatabase inMemory() {
        var database = new AdsDatabase("jdbc:h2:mem:ads-" + UUID.randomUUID()
                + ";DB_CLOSE_DELAY=-1;DATABASE_TO_LOWER=TRUE");
        database.execute("""
                CREATE TABLE ads (
                    ad_id      VARCHAR(50) PRIMARY KEY,
                    campaign   VARCHAR(200) NOT NULL,
                    advertiser VARCHAR(200) NOT NULL
                )""");
        return database;
    }

    public String jdbcUrl() {
        return jdbcUrl;
    }

    /** Adds an ad, or changes its campaign and advertiser if it is there already. */
    public AdsDatabase put(String adId, String campaign, String advertiser) {
        execute("MERGE INTO ads (ad_id, campaign, advertiser) KEY (ad_id) VALUES ('%s', '%s', '%s')"
                .formatted(quoted(adId), quoted(campaign), quoted(advertiser)));
        return this;
    }

    /** Removes an ad from the table. */
    public AdsDatabase remove(String adId) {
        execute("DELETE FROM ads WHERE ad_id = '%s'".formatted(quoted(adId)));
        return this;
    }

    /** Deletes the database: its memory is freed. */
    public void drop() {
        execute("SHUTDOWN");
    }

    @Override
    public void close() {
        drop();
    }

    private void execute(String sql) {
        try (Connection connection = DriverManager.getConnection(jdbcUrl);
             var statement = connection.createStatement()) {
            statement.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot run on the ads database: " + sql, e);
        }
    }

    private static String quoted(String text) {
        return text.replace("'", "''");
    }
}
