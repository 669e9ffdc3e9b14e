package dev.streaminglabs.lab07;

import java.util.Arrays;
import java.util.List;
import java.util.function.BinaryOperator;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.streaming.OutputMode;
import org.apache.spark.sql.streaming.StreamingQueryProgress;

import dev.streaminglabs.common.MemoryInput;
import dev.streaminglabs.lab07.AdEvents.Click;
import dev.streaminglabs.lab07.AdEvents.Impression;
import dev.streaminglabs.testkit.QueryRun;
import dev.streaminglabs.testkit.TestSpark;

/**
 * A join of the impression and click streams under test, fed trigger by trigger:
 *
 * <pre>{@code
 * try (var run = JoinRun.start(ClickAttribution::clicksWithImpressions, null)) {
 *     var emitted = run.trigger(List.of(impression("a1", "u1", "10:00")), List.of(click("a1", "u1", "10:05")));
 * }
 * }</pre>
 */
final class JoinRun implements AutoCloseable {

    /** What the rows of a join are described with in the assertions: "a1 u1 10:00 10:05", "a2 u2 10:00 -". */
    static final String[] COLUMNS = {"impressionAd", "impressionUser", "impressionTime", "clickTime"};

    private final MemoryInput<Row> impressions;
    private final MemoryInput<Row> clicks;
    private final QueryRun query;
    private int triggers;

    private JoinRun(MemoryInput<Row> impressions, MemoryInput<Row> clicks, QueryRun query) {
        this.impressions = impressions;
        this.clicks = clicks;
        this.query = query;
    }

    /** Builds the join with the step's method (a skeleton's hole fails here), then starts it in append mode. */
    static JoinRun start(BinaryOperator<Dataset<Row>> join, String checkpointLocation) {
        var impressions = TestSpark.memoryInput(Impression.encoder());
        var clicks = TestSpark.memoryInput(Click.encoder());
        var joined = join.apply(impressions.toDF(), clicks.toDF());
        if (joined == null) {
            throw new IllegalStateException("the step's method returned null instead of a Dataset");
        }
        return new JoinRun(impressions, clicks,
                QueryRun.start(joined, OutputMode.Append(), checkpointLocation, TestQueries.stateful()));
    }

    /** Adds these events to the two streams and runs the query until it has processed them (no-data batch included). */
    List<Row> trigger(List<Impression> newImpressions, List<Click> newClicks) {
        triggers++;
        impressions.addAll(newImpressions.stream().map(Impression::toRow).toList());
        clicks.addAll(newClicks.stream().map(Click::toRow).toList());
        return query.processAllAvailable();
    }

    int triggers() {
        return triggers;
    }

    /** The rows held in the join's state after the last micro-batch (both sides). */
    long stateRows() {
        var progress = query.query().lastProgress();
        return progress == null ? 0 : Arrays.stream(progress.stateOperators()).mapToLong(op -> op.numRowsTotal()).sum();
    }

    /** The input rows dropped as older than the watermark, since the query started. */
    long droppedByWatermark() {
        return Arrays.stream(query.query().recentProgress())
                .flatMap(progress -> Arrays.stream(progress.stateOperators()))
                .mapToLong(op -> op.numRowsDroppedByWatermark()).sum();
    }

    /** The query's watermark after the last trigger, "10:20" (the smaller of the two streams'), "-" for none yet. */
    String watermark() {
        StreamingQueryProgress progress = query.query().lastProgress();
        var watermark = progress == null ? null : progress.eventTime().get("watermark");
        if (watermark == null || watermark.startsWith("1970-01-01")) {
            return "-";
        }
        return Events.hhmm(java.sql.Timestamp.from(java.time.Instant.parse(watermark)));
    }

    QueryRun query() {
        return query;
    }

    @Override
    public void close() {
        query.close();
    }
}
