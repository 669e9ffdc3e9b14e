package dev.streaminglabs.browser;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.util.List;

import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.streaming.StreamingQuery;
import org.apache.spark.sql.streaming.Trigger;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;

import dev.streaminglabs.common.web.Dashboard;
import dev.streaminglabs.lab03.StreamingWordCount;
import dev.streaminglabs.lab03.WebSocketSink;
import dev.streaminglabs.testkit.QueryRun;
import dev.streaminglabs.testkit.TestSpark;

/**
 * Lab 03's app on the dashboard, in a real browser: the word count of step 1, sent by the web-socket sink of step 6,
 * drawn by the page as bars. The page is opened after the first trigger (it gets the snapshot), then sees the second
 * trigger arrive.
 */
@DisplayName("The live dashboard in a browser: lab 03's top words")
class WordsDashboardInABrowserTest {

    @Test
    void thePageShowsEachWordsBarWithItsCountAndFollowsTheTriggers() throws Exception {
        var lines = TestSpark.memoryInput(Encoders.STRING());
        var counts = StreamingWordCount.countWords(lines.toDF());
        try (var dashboard = Dashboard.start(0); var browser = HeadlessChromium.start()) {
            var query = new WebSocketSink(dashboard.broadcaster()).start(counts, Trigger.ProcessingTime(0));
            try {
                lines.add("to be or not to be", "that is the question", "a stream is a table that never ends");
                QueryRun.processAllAvailable(query);

                browser.open(dashboard.url());
                browser.waitUntil("the bars of trigger 0", driver -> caption(driver).contains("trigger 0"));
                var afterTheFirst = bars(browser.driver());

                lines.add("to stream or not to stream", "to be continued");
                QueryRun.processAllAvailable(query);
                browser.waitUntil("the bars of trigger 1", driver -> caption(driver).contains("trigger 1"));
                var afterTheSecond = bars(browser.driver());
                var screenshot = browser.screenshot("dashboard-words");

                assertThat(afterTheFirst).as("the bars a person sees after trigger 0 (the page opened late: the "
                        + "snapshot), most frequent first").startsWith("a 2", "be 2", "is 2", "that 2", "to 2");
                assertThat(afterTheSecond).as("the bars after trigger 1 (an update: to, stream, or, not, be, "
                        + "continued changed)").startsWith("to 5", "be 3", "stream 3", "a 2", "is 2", "not 2", "or 2",
                        "that 2", "continued 1");
                assertThat(afterTheSecond).as("at most 15 bars").hasSizeLessThanOrEqualTo(15);
                assertThat(caption(browser.driver())).contains("14 words");
                assertThat(Files.size(screenshot)).as("the screenshot %s", screenshot).isPositive();
            } finally {
                stop(query);
            }
        }
    }

    /** Each bar as a person reads it: the word, then its count. */
    private static List<String> bars(WebDriver driver) {
        return driver.findElements(By.cssSelector("#words .bar")).stream()
                .map(bar -> bar.findElement(By.cssSelector(".word")).getText() + " "
                        + bar.findElement(By.cssSelector(".count")).getText())
                .toList();
    }

    private static String caption(WebDriver driver) {
        var captions = driver.findElements(By.cssSelector("#words .caption"));
        return captions.isEmpty() ? "" : captions.get(0).getText();
    }

    private static void stop(StreamingQuery query) throws Exception {
        query.stop();
    }
}
