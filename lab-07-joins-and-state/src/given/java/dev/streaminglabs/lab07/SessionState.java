package dev.streaminglabs.lab07;

import java.io.Serializable;
import java.time.Duration;

/**
 * What a user's open session keeps in its value state, given: the time of its first and of its last click, and how
 * many clicks it has. Times are milliseconds since the epoch, as Spark's timers count them.
 *
 * <p>A Java bean (a no-argument constructor, a getter and a setter per field): Spark's {@code Encoders.bean} stores it
 * field by field. A record would be stored, but not read back: Spark's bean decoder needs the setters.
 */
public class SessionState implements Serializable {

    private static final long serialVersionUID = 1L;

    private long start;
    private long lastClick;
    private long clicks;

    public SessionState() {
    }

    /** A session of one click, at {@code time}. */
    public static SessionState startingAt(long time) {
        var session = new SessionState();
        session.setStart(time);
        session.setLastClick(time);
        session.setClicks(1);
        return session;
    }

    /** This session with one more click, at {@code time} (which may be earlier than the last one: out of order). */
    public SessionState extendedTo(long time) {
        var session = new SessionState();
        session.setStart(Math.min(start, time));
        session.setLastClick(Math.max(lastClick, time));
        session.setClicks(clicks + 1);
        return session;
    }

    /** When the session ends if no click comes: {@code gap} after its last click. */
    public long endAfter(Duration gap) {
        return lastClick + gap.toMillis();
    }

    public long getStart() {
        return start;
    }

    public void setStart(long start) {
        this.start = start;
    }

    public long getLastClick() {
        return lastClick;
    }

    public void setLastClick(long lastClick) {
        this.lastClick = lastClick;
    }

    public long getClicks() {
        return clicks;
    }

    public void setClicks(long clicks) {
        this.clicks = clicks;
    }
}
