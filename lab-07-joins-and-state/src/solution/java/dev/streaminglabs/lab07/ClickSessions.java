package dev.streaminglabs.lab07;

import org.apache.spark.api.java.function.MapFunction;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.streaming.OutputMode;
import org.apache.spark.sql.streaming.TimeMode;

/**
 * Step 4 — the query of the sessions: the clicks grouped by user, each group handled by a {@link SessionProcessor}.
 *
 * <p>The processor's timers are in event time: they fire as the watermark moves. The query needs the RocksDB state
 * store ({@link StateStores}); the tests start it with that setting.
 */
public final class ClickSessions {

    /** How late a click may arrive; an older one is dropped before the processor sees it. */
    public static final String LATENESS = "10 minutes";

    private ClickSessions() {
    }

    /**
     * The sessions of each user ({@link SessionProcessor#SESSION} rows), each emitted once, when it is over.
     *
     * @param clicks {@link AdEvents.Click} rows
     */
    public static Dataset<Row> sessions(Dataset<Row> clicks) {
        return clicks.withWatermark("clickTime", LATENESS)
                .groupByKey((MapFunction<Row, String>) click -> click.getAs("clickUser"), Encoders.STRING())
                .transformWithState(new SessionProcessor(), TimeMode.EventTime(), OutputMode.Append(),
                        SessionProcessor.sessionEncoder());
    }
}
