package dev.streaminglabs.lab04;

import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;

import org.apache.spark.sql.Row;

import dev.streaminglabs.common.web.Dashboard;
import dev.streaminglabs.common.web.WindowsView;
import dev.streaminglabs.lab04.EventTimeWindows.SensorReading;

/**
 * The demo's windows on the live dashboard ({@code --web}), given: after each trigger, the readings it read, the rows
 * it emitted ({@code window}, {@code sensor}, {@code count}), the watermark after it and Spark's count of dropped rows.
 * The page draws them as the text timeline draws them: each window's count per sensor, each reading at its event time
 * (on time, late but counted, late and dropped), the watermark moving.
 */
public final class LateReadingsOnTheWeb {

    private final WindowsView view;

    /** For tumbling windows of {@code windowLength}, the length the query uses. */
    public LateReadingsOnTheWeb(Dashboard dashboard, Duration windowLength) {
        this.view = WindowsView.tumbling(dashboard, windowLength);
    }

    /**
     * One trigger, sent to every page.
     *
     * @param watermark    the watermark after the trigger (null while there is none)
     * @param droppedSoFar the rows the watermark made the query drop so far ({@link LateReadings#droppedByWatermark})
     */
    public void trigger(long number, List<SensorReading> readings, Collection<Row> emitted, Instant watermark,
                        long droppedSoFar) {
        view.trigger(number);
        readings.stream().filter(reading -> reading.time() != null)
                .forEach(reading -> view.event(reading.time().toInstant(), reading.sensor()));
        for (var row : emitted) {
            Row window = row.getAs("window");
            view.emitted(window.getTimestamp(0).toInstant(), window.getTimestamp(1).toInstant(), row.getAs("sensor"),
                    row.<Long>getAs("count"));
        }
        view.watermark(watermark).publish(droppedSoFar);
    }
}
