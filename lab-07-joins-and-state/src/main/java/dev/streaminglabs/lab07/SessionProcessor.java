package dev.streaminglabs.lab07;

import java.sql.Timestamp;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import org.apache.spark.sql.Encoder;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.streaming.ExpiredTimerInfo;
import org.apache.spark.sql.streaming.ListState;
import org.apache.spark.sql.streaming.OutputMode;
import org.apache.spark.sql.streaming.StatefulProcessor;
import org.apache.spark.sql.streaming.TTLConfig;
import org.apache.spark.sql.streaming.TimeMode;
import org.apache.spark.sql.streaming.TimerValues;
import org.apache.spark.sql.streaming.ValueState;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import scala.collection.Iterator;
import scala.jdk.javaapi.CollectionConverters;

import dev.streaminglabs.common.NotDoneYet;

/**
 * Step 4 — the sessions of each user, written by hand with {@code transformWithState}.
 *
 * <p>Spark calls a stateful processor once per key (here, a user) and micro-batch:
 * <ul>
 *   <li>{@link #init} once, to declare the state variables: each has a name, an encoder and a TTL;</li>
 *   <li>{@link #handleInputRows} with the key's new rows of the micro-batch, and what it returns is emitted;</li>
 *   <li>{@link #handleExpiredTimer} when a timer of the key expires — in event time, once the watermark passes the
 *       timer's time, whether the key has new rows or not.</li>
 * </ul>
 * A session is a user's clicks less than {@link #GAP} apart. Its state: the session's times and number of clicks (a
 * value), and the ads clicked (a list). Its timer: the end of the session, {@link #GAP} after its last click. When
 * the timer fires, the session is over: it is emitted, and its state cleared, so that the user's next click starts a
 * new session.
 */
public final class SessionProcessor extends StatefulProcessor<String, Row, Row> {

    /** A session ends after this long without a click. */
    public static final Duration GAP = Duration.ofMinutes(30);

    /** A session as emitted: its user, its start, its end, its number of clicks, the ads clicked. */
    public static final StructType SESSION = new StructType()
            .add("user", DataTypes.StringType)
            .add("start", DataTypes.TimestampType)
            .add("end", DataTypes.TimestampType)
            .add("clicks", DataTypes.LongType)
            .add("ads", DataTypes.createArrayType(DataTypes.StringType));

    private transient ValueState<SessionState> session;
    private transient ListState<String> ads;

    /** How Spark stores the emitted sessions. */
    public static Encoder<Row> sessionEncoder() {
        return Encoders.row(SESSION);
    }

    @Override
    public void init(OutputMode outputMode, TimeMode timeMode) {
        // TODO Step 4a: declare the two state variables from the handle: a value state "session" (a SessionState
        //  bean) and a list state "ads" (strings), neither with a TTL.
        throw new NotDoneYet("lab-07-joins-and-state", 4, "declare the state of a session");
    }

    /**
     * The user's new clicks ({@link AdEvents.Click} rows): each extends the open session, or starts one. A click that
     * comes {@link #GAP} or more after the session's last click ends it first: the session is emitted at once,
     * before its timer has fired (the watermark may lag behind). At the end, the timer is set to the session's end.
     */
    @Override
    public Iterator<Row> handleInputRows(String user, Iterator<Row> clicks, TimerValues timerValues) {
        // TODO Step 4b: start from the open session, if any (its timer is about to move), then for each click by
        //  time: close the session first if the click comes GAP or more after its last click, then extend it or start
        //  one, and add the ad. Keep the session, set its timer, return the sessions closed on the way.
        throw new NotDoneYet("lab-07-joins-and-state", 4, "extend a session with its clicks and set its timer");
    }

    /** The session's end has passed (the watermark is past it): emit the session, and forget it. */
    @Override
    public Iterator<Row> handleExpiredTimer(String user, TimerValues timerValues, ExpiredTimerInfo expiredTimer) {
        // TODO Step 4c: the session is over: emit it, and forget it.
        throw new NotDoneYet("lab-07-joins-and-state", 4, "emit a session when its timer fires");
    }

    /** The session of {@code user} as a row of {@link #SESSION}, with the ads of the list state. */
    private Row sessionRow(String user, SessionState state) {
        var clickedAds = new ArrayList<String>();
        ads.get().foreach(clickedAds::add);
        return RowFactory.create(user, new Timestamp(state.getStart()), new Timestamp(state.endAfter(GAP)),
                state.getClicks(), CollectionConverters.asScala(clickedAds).toSeq());
    }

    /** The clicks of a micro-batch, by time: within a micro-batch, Spark gives them in no particular order. */
    private static List<Row> byTime(Iterator<Row> clicks) {
        var sorted = new ArrayList<>(CollectionConverters.asJava(clicks.toSeq()));
        sorted.sort(Comparator.comparing(click -> click.<Timestamp>getAs("clickTime")));
        return sorted;
    }
}
