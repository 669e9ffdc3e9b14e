package dev.streaminglabs.lab07;

import static dev.streaminglabs.lab07.Events.hhmm;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.streaming.OutputMode;

import dev.streaminglabs.common.MemoryInput;
import dev.streaminglabs.lab07.AdEvents.Click;
import dev.streaminglabs.testkit.QueryRun;
import dev.streaminglabs.testkit.TestSpark;

/** Step 4's query of sessions under test, on the RocksDB state store, fed with clicks trigger by trigger. */
final class SessionRun implements AutoCloseable {

    private final MemoryInput<Row> clicks;
    private final QueryRun query;

    private SessionRun(MemoryInput<Row> clicks, QueryRun query) {
        this.clicks = clicks;
        this.query = query;
    }

    /** The sessions query, its state in RocksDB, its checkpoint in {@code checkpointLocation} (null: a temporary one). */
    static SessionRun start(String checkpointLocation) {
        return start(checkpointLocation, TestQueries.onRocksDb());
    }

    static SessionRun start(String checkpointLocation, Map<String, String> settings) {
        return start(checkpointLocation, settings, UnaryOperator.identity());
    }

    /** The same, with the clicks going through {@code input} first (to count them with observe(), for example). */
    static SessionRun start(String checkpointLocation, Map<String, String> settings,
                            UnaryOperator<Dataset<Row>> input) {
        var clicks = TestSpark.memoryInput(Click.encoder());
        var sessions = ClickSessions.sessions(input.apply(clicks.toDF()));
        if (sessions == null) {
            throw new IllegalStateException("ClickSessions.sessions returned null instead of a Dataset");
        }
        return new SessionRun(clicks, QueryRun.start(sessions, OutputMode.Append(), checkpointLocation, settings));
    }

    /** Adds these clicks and runs the query until it has processed them; the sessions it emitted, described. */
    List<String> trigger(Click... newClicks) {
        clicks.addAll(Arrays.stream(newClicks).map(Click::toRow).toList());
        return query.processAllAvailable().stream().map(SessionRun::describe).sorted().toList();
    }

    /** "u1 10:00–10:40 2 [a1, a2]": user, start–end, clicks, ads. */
    static String describe(Row session) {
        return "%s %s–%s %d %s".formatted(session.getAs("user"), hhmm(session.getAs("start")),
                hhmm(session.getAs("end")), session.<Long>getAs("clicks"), session.getList(4));
    }

    /** The input rows dropped as older than the watermark, since the query started. */
    long droppedByWatermark() {
        return Arrays.stream(query.query().recentProgress())
                .flatMap(progress -> Arrays.stream(progress.stateOperators()))
                .mapToLong(op -> op.numRowsDroppedByWatermark()).sum();
    }

    QueryRun query() {
        return query;
    }

    @Override
    public void close() {
        query.close();
    }
}
