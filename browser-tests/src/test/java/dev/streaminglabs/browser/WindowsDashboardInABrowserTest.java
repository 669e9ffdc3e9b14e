package dev.streaminglabs.browser;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;

import org.apache.spark.sql.Row;
import org.apache.spark.sql.streaming.OutputMode;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;

import dev.streaminglabs.common.MemoryInput;
import dev.streaminglabs.common.web.Dashboard;
import dev.streaminglabs.lab04.EventTimeWindows.SensorReading;
import dev.streaminglabs.lab04.LateReadings;
import dev.streaminglabs.lab04.LateReadingsOnTheWeb;
import dev.streaminglabs.testkit.QueryRun;
import dev.streaminglabs.testkit.TestSpark;

/**
 * Lab 04's demo on the dashboard, in a real browser: 1-minute windows, readings accepted up to 1 minute late, three
 * triggers of known readings (as {@code LateReadingsDemo} publishes them): one reading late but counted, one too late
 * and dropped.
 */
@DisplayName("The live dashboard in a browser: lab 04's windows and watermark")
class WindowsDashboardInABrowserTest {

    private MemoryInput<Row> input;
    private QueryRun query;
    private LateReadingsOnTheWeb onTheWeb;

    @Test
    void thePageShowsTheWindowsTheWatermarkAndTheDroppedReading() throws Exception {
        input = TestSpark.memoryInput(SensorReading.encoder());
        var counts = LateReadings.countsWithWatermark(input.toDF(), "1 minute", "1 minute");
        try (var dashboard = Dashboard.start(0); var browser = HeadlessChromium.start();
             var run = QueryRun.start(counts, OutputMode.Update())) {
            query = run;
            onTheWeb = new LateReadingsOnTheWeb(dashboard, Duration.ofMinutes(1));
            browser.open(dashboard.url());

            // Trigger 1: the watermark becomes 10:01:20 - 1 min = 10:00:20.
            trigger(1, reading("s1", "10:00:10"), reading("s1", "10:00:40"), reading("s2", "10:00:50"),
                    reading("s1", "10:01:20"));
            // Trigger 2: 10:00:05 is older than the watermark, but its window (10:00–10:01) is still open: counted.
            trigger(2, reading("s1", "10:02:30"), reading("s2", "10:00:05"));
            // Trigger 3: 10:00:45 is older than the watermark (10:01:30), and its window has ended: dropped.
            trigger(3, reading("s2", "10:00:45"), reading("s1", "10:03:10"));
            browser.waitUntil("the watermark after trigger 3",
                    driver -> caption(driver).contains("watermark 10:02:10"));
            var screenshot = browser.screenshot("dashboard-windows");

            var driver = browser.driver();
            assertThat(readings(driver, "late, dropped")).as("the readings marked as dropped").containsExactly(
                    "s2 at 10:00:45");
            assertThat(readings(driver, "late, counted")).as("the readings marked as late but counted")
                    .containsExactly("s2 at 10:00:05");
            assertThat(readings(driver, "on time")).as("the readings on time").hasSize(6);
            assertThat(windowCounts(driver, "10:00:00")).as("window 10:00–10:01, final once the watermark passed it")
                    .containsExactly("s1 2", "s2 2");
            assertThat(driver.findElement(By.cssSelector(".window[data-start$='10:00:00Z']")).getAttribute("class"))
                    .as("window 10:00–10:01 after the watermark reached 10:02:10").contains("final");
            assertThat(driver.findElement(By.cssSelector(".watermark")).getText()).isEqualTo("watermark 10:02:10");
            assertThat(caption(driver)).contains("1 late and dropped").contains("Spark's count of rows dropped: 1");
            assertThat(Files.size(screenshot)).as("the screenshot %s", screenshot).isPositive();
        }
    }

    /** What the demo does after each trigger: run it, then publish its readings, rows, watermark and drops. */
    private void trigger(long number, SensorReading... sent) {
        input.addAll(Stream.of(sent).map(SensorReading::toRow).toList());
        var emitted = query.processAllAvailable();
        var watermark = Instant.parse(query.query().lastProgress().eventTime().getOrDefault("watermark",
                Instant.EPOCH.toString()));
        onTheWeb.trigger(number, List.of(sent), emitted, watermark.equals(Instant.EPOCH) ? null : watermark,
                LateReadings.droppedByWatermark(query.query()));
    }

    private static SensorReading reading(String sensor, String clock) {
        return new SensorReading(sensor, Timestamp.from(Instant.parse("2026-03-14T" + clock + "Z")), 20.0);
    }

    private static List<String> readings(WebDriver driver, String status) {
        return driver.findElements(By.cssSelector(".reading[data-status='" + status + "']")).stream()
                .map(reading -> reading.getAttribute("data-label") + " at "
                        + clock(reading.getAttribute("data-time")))
                .toList();
    }

    private static List<String> windowCounts(WebDriver driver, String start) {
        WebElement window = driver.findElement(By.cssSelector(".window[data-start$='" + start + "Z']"));
        return window.findElements(By.cssSelector("g.count")).stream().map(WebElement::getText).toList();
    }

    private static String caption(WebDriver driver) {
        var captions = driver.findElements(By.cssSelector("#windows .caption"));
        return captions.isEmpty() ? "" : captions.get(0).getText();
    }

    private static String clock(String iso) {
        return iso.substring(iso.indexOf('T') + 1, iso.indexOf('T') + 9);
    }
}
