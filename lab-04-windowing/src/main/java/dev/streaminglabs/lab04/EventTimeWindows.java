package dev.streaminglabs.lab04;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.window;

import java.sql.Timestamp;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoder;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

import dev.streaminglabs.common.NotDoneYet;

/**
 * Step 3 — event-time windows in Structured Streaming.
 *
 * <p>A DStream window is cut by the time the data <em>arrived</em> (its batch). Here a window is cut by the time the
 * event <em>happened</em>, carried in the event itself: a reading taken at 10:07 counts in the window 10:00–10:10 even
 * if it arrives at 10:25. {@code window(timeColumn, length)} gives tumbling windows (each event in exactly one
 * window); {@code window(timeColumn, length, slide)} gives sliding windows (each event in length / slide windows).
 * Windows are aligned on the epoch (00:00 UTC), not on the first event: a 10-minute window starts at :00, :10, :20…
 *
 * <p>The readings are a streaming DataFrame of {@link SensorReading} rows. Grouping by the window gives a column
 * {@code window} of type struct&lt;start, end&gt;.
 */
public final class EventTimeWindows {

    private EventTimeWindows() {
    }

    /**
     * A sensor's measurement, taken at {@code time} (event time; {@code null} when the sensor sent none). In a
     * streaming DataFrame it is a row of columns {@code sensor}, {@code time}, {@code value} ({@link #SCHEMA}).
     */
    public record SensorReading(String sensor, Timestamp time, double value) {

        public static final StructType SCHEMA = new StructType()
                .add("sensor", DataTypes.StringType)
                .add("time", DataTypes.TimestampType)
                .add("value", DataTypes.DoubleType, false);

        public Row toRow() {
            return RowFactory.create(sensor, time, value);
        }

        /** How Spark stores such rows. */
        public static Encoder<Row> encoder() {
            return Encoders.row(SCHEMA);
        }
    }

    /**
     * The number of readings of each sensor in each tumbling window of {@code length} ("10 minutes").
     *
     * @return columns {@code window} (struct of start, end), {@code sensor}, {@code count}
     */
    public static Dataset<Row> tumblingCounts(Dataset<Row> readings, String length) {
        // TODO Step 3a: group by a tumbling window on the event time, and by sensor; count.
        throw new NotDoneYet("lab-04-windowing", 3, "count readings per tumbling event-time window");
    }

    /**
     * The number of readings of each sensor in each window of {@code length}, a new window starting every
     * {@code slide} ("10 minutes", "5 minutes").
     *
     * @return columns {@code window} (struct of start, end), {@code sensor}, {@code count}
     */
    public static Dataset<Row> slidingCounts(Dataset<Row> readings, String length, String slide) {
        // TODO Step 3b: the same with a sliding window.
        throw new NotDoneYet("lab-04-windowing", 3, "count readings per sliding event-time window");
    }
}
