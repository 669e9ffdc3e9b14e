package dev.streaminglabs.lab07;

import java.sql.Timestamp;

import org.apache.spark.sql.Encoder;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * The two event streams of the lab's structured steps, given: an ad shown to a user (an impression), and a user's
 * click on an ad. Each carries its own event time. The columns of the two have different names, so that a join of
 * the two streams has no ambiguous column.
 */
public final class AdEvents {

    private AdEvents() {
    }

    /** An ad shown to a user at {@code time}: columns {@code impressionAd}, {@code impressionUser}, {@code impressionTime}. */
    public record Impression(String ad, String user, Timestamp time) {

        public static final StructType SCHEMA = new StructType()
                .add("impressionAd", DataTypes.StringType)
                .add("impressionUser", DataTypes.StringType)
                .add("impressionTime", DataTypes.TimestampType);

        public Row toRow() {
            return RowFactory.create(ad, user, time);
        }

        /** How Spark stores such rows. */
        public static Encoder<Row> encoder() {
            return Encoders.row(SCHEMA);
        }
    }

    /** A user's click on an ad at {@code time}: columns {@code clickAd}, {@code clickUser}, {@code clickTime}. */
    public record Click(String ad, String user, Timestamp time) {

        public static final StructType SCHEMA = new StructType()
                .add("clickAd", DataTypes.StringType)
                .add("clickUser", DataTypes.StringType)
                .add("clickTime", DataTypes.TimestampType);

        public Row toRow() {
            return RowFactory.create(ad, user, time);
        }

        /** How Spark stores such rows. */
        public static Encoder<Row> encoder() {
            return Encoders.row(SCHEMA);
        }
    }
}
