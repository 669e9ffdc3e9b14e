package dev.streaminglabs.lab04;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.window;

import java.util.Arrays;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.streaming.StreamingQuery;

import dev.streaminglabs.lab04.EventTimeWindows.SensorReading;

/**
 * Step 4 — watermarks and late data.
 *
 * <p>Without a watermark, a windowed count keeps every window in its state forever: a reading from last week could
 * still arrive. A watermark bounds that wait: "events may arrive up to {@code delay} late". After each trigger Spark
 * computes watermark = (latest event time seen) − delay, and the next trigger uses it:
 * <ul>
 *   <li>a window whose end is at or before the watermark is final: its state is dropped, and in append mode that is
 *       when the window is emitted (once);</li>
 *   <li>a late reading whose window is still open is counted (in update mode the window is emitted again);</li>
 *   <li>a late reading whose window is already final is dropped, and counted as such in the query's progress
 *       ({@code stateOperators[0].numRowsDroppedByWatermark}).</li>
 * </ul>
 *
 * <p>The demo ({@link #main}) feeds generated readings, some of them late, to the query in update mode:
 * <pre>
 * ./mvnw -q -pl lab-04-windowing -am compile exec:exec
 * ./mvnw -q -pl lab-04-windowing -am compile exec:exec -Dargs="--timeline --batches 8"
 * </pre>
 * Its options ({@code --help} lists them) are declared in {@link LateReadingsDemo#OPTIONS}, in {@code src/given/java}.
 */
public final class LateReadings {

    private LateReadings() {
    }

    /**
     * The number of readings ({@link SensorReading} rows) of each sensor per tumbling window of {@code length},
     * accepting readings up to {@code delay} late ("10 minutes").
     *
     * @return columns {@code window} (struct of start, end), {@code sensor}, {@code count}
     */
    public static Dataset<Row> countsWithWatermark(Dataset<Row> readings, String length, String delay) {
        return readings.withWatermark("time", delay)
                .groupBy(window(col("time"), length), col("sensor"))
                .count();
    }

    /**
     * How many rows the query's stateful operators dropped as too late, over the triggers it still remembers
     * ({@code recentProgress}, the last 100 by default).
     */
    public static long droppedByWatermark(StreamingQuery query) {
        return Arrays.stream(query.recentProgress())
                .flatMap(progress -> Arrays.stream(progress.stateOperators()))
                .mapToLong(operator -> operator.numRowsDroppedByWatermark())
                .sum();
    }

    /** The demo: see {@link LateReadingsDemo}, in {@code src/given/java} (the lab gives it; nothing to fill in). */
    public static void main(String[] args) throws Exception {
        LateReadingsDemo.main(args);
    }
}
