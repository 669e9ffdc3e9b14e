package dev.streaminglabs.lab07;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import java.util.Properties;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * Step 2 — a stream enriched from a reference table: a stream–static join.
 *
 * <p>The impressions are a stream; the ads and their campaigns are a table of a database, read as an ordinary
 * (static) DataFrame. Joining the two needs no state: every trigger joins its new impressions with the table, and
 * Spark reads the table again at every trigger — a change in the table shows from the next trigger on, while the
 * rows already emitted stay as they were. {@code cache()} on the table would read it once and keep it: faster, and
 * stale.
 */
public final class AdCatalog {

    /** The campaign of an impression whose ad is not in the table. */
    public static final String UNKNOWN = "unknown";

    private AdCatalog() {
    }

    /**
     * The {@code ads} table of the database at {@code jdbcUrl}, as a static DataFrame: columns {@code ad_id},
     * {@code campaign}, {@code advertiser}. It must show the table as it is when each trigger runs.
     */
    public static Dataset<Row> adsTable(SparkSession spark, String jdbcUrl) {
        return spark.read().jdbc(jdbcUrl, "ads", new Properties());
    }

    /**
     * Each impression ({@link AdEvents.Impression} rows) with the campaign and the advertiser of its ad. An impression
     * of an ad missing from the table is kept, with the campaign {@link #UNKNOWN} and no advertiser (null).
     *
     * @return columns {@code impressionAd}, {@code impressionUser}, {@code impressionTime}, {@code campaign},
     *         {@code advertiser}
     */
    public static Dataset<Row> withCampaigns(Dataset<Row> impressions, Dataset<Row> ads) {
        return impressions.join(ads, col("impressionAd").equalTo(col("ad_id")), "left_outer")
                .select(col("impressionAd"), col("impressionUser"), col("impressionTime"),
                        coalesce(col("campaign"), lit(UNKNOWN)).as("campaign"), col("advertiser"));
    }
}
