package dev.streaminglabs.lab04;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.session_window;

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
 * Step 5 — session windows: a user's activity, cut by their silences.
 *
 * <p>A session window has no fixed length: it starts at a user's first click and stays open while clicks keep coming
 * less than a <em>gap duration</em> apart; it ends at the last click plus the gap. A click that falls between two
 * sessions, within the gap of both, merges them into one. Because a later click can always extend or merge a session,
 * Spark only knows a session is over once the watermark has passed its end: sessions are emitted in append mode.
 */
public final class SessionWindows {

    private SessionWindows() {
    }

    /** A user's click on a page, at {@code time} (event time): a row of columns user, page, time. */
    public record Click(String user, String page, Timestamp time) {

        public static final StructType SCHEMA = new StructType()
                .add("user", DataTypes.StringType)
                .add("page", DataTypes.StringType)
                .add("time", DataTypes.TimestampType);

        public Row toRow() {
            return RowFactory.create(user, page, time);
        }

        /** How Spark stores such rows. */
        public static Encoder<Row> encoder() {
            return Encoders.row(SCHEMA);
        }
    }

    /**
     * The sessions of each user: clicks less than {@code gap} apart belong to the same session; a session is final
     * once the watermark, {@code delay} behind the latest click seen, has passed its end.
     *
     * @return columns {@code session_window} (struct of start, end), {@code user}, {@code count} (clicks in it)
     */
    public static Dataset<Row> sessions(Dataset<Row> clicks, String gap, String delay) {
        // TODO Step 5: a watermark on the click time, then group by a session window with that gap, and by user.
        throw new NotDoneYet("lab-04-windowing", 5, "cut the clicks into sessions");
    }
}
