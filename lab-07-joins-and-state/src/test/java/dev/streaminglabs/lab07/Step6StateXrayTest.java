package dev.streaminglabs.lab07;

import static dev.streaminglabs.lab07.Events.click;
import static dev.streaminglabs.lab07.Events.described;
import static dev.streaminglabs.lab07.Events.impression;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.nio.file.Path;
import java.util.List;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opentest4j.AssertionFailedError;

import dev.streaminglabs.common.NotDoneYet;
import dev.streaminglabs.lab07.StateMetrics.StateNumbers;
import dev.streaminglabs.testkit.TestSpark;

/**
 * Your queries of steps 3 and 4, their input counted with {@code observe()}, their checkpoints read with the state
 * data source after each trigger, and their progress read as numbers. Steps 3 and 4 must be done for these tests to
 * run: until then they say which step is missing.
 */
@Tag("step6")
@DisplayName("Step 6 — the state X-ray: read a checkpoint's state, prove eviction from the numbers")
class Step6StateXrayTest {

    @TempDir
    Path work;

    private String checkpoint() {
        return work.resolve("checkpoint").toString();
    }

    /** The rows of a state read by the X-ray, described by these columns, which the rows must have. */
    private static List<String> rowsOf(Dataset<Row> state, String what, String... columns) {
        if (state == null) {
            throw new IllegalStateException("the state reader returned null instead of a Dataset");
        }
        var read = List.of(state.columns());
        if (!read.containsAll(List.of(columns))) {
            throw new AssertionFailedError("%s: the rows read have the columns %s, expected %s. Was the right state "
                    .formatted(what, read, List.of(columns)) + "read (the side of the join, the state variable)?");
        }
        return described(state.collectAsList(), columns);
    }

    private static List<String> impressionsIn(String checkpoint) {
        return rowsOf(StateXray.joinState(TestSpark.session(), checkpoint, "left"),
                "the impressions in the join's state (its left side)", "impressionAd", "impressionUser",
                "impressionTime");
    }

    private static List<String> clicksIn(String checkpoint) {
        return rowsOf(StateXray.joinState(TestSpark.session(), checkpoint, "right"),
                "the clicks in the join's state (its right side)", "clickAd", "clickUser", "clickTime");
    }

    private static List<String> sessionsIn(String checkpoint) {
        return rowsOf(StateXray.openSessions(TestSpark.session(), checkpoint), "the open sessions in the state",
                "user", "start", "lastClick", "clicks");
    }

    /** Step 3's inner join, each input counted by step 6's {@link StateMetrics#counted}. */
    private static Dataset<Row> countedJoin(Dataset<Row> impressions, Dataset<Row> clicks) {
        return ClickAttribution.clicksWithImpressions(StateMetrics.counted(impressions, "impressions"),
                StateMetrics.counted(clicks, "clicks"));
    }

    @Test
    void theJoinStateHoldsTheRowsOfEachSideUntilTheWatermarkEvictsThem() {
        try (var run = JoinRun.start(Step6StateXrayTest::countedJoin, checkpoint())) {
            run.trigger(List.of(impression("a1", "u1", "10:00"), impression("a2", "u2", "10:01")),
                    List.of(click("a1", "u1", "10:05")));
            assertThat(StateMetrics.countedRows(run.query().query(), "impressions"))
                    .as("impressions in, as observe() counted them").isEqualTo(2);

            assertThat(StateXray.operators(TestSpark.session(), checkpoint()))
                    .as("the stateful operators of the join's checkpoint").containsExactly(StateXray.JOIN);
            assertThat(impressionsIn(checkpoint()))
                    .as("after trigger 1, the impressions in the join's state (its left side): matched or not, each "
                            + "waits for more clicks").containsExactly("a1 u1 10:00", "a2 u2 10:01");
            assertThat(clicksIn(checkpoint()))
                    .as("after trigger 1, the clicks in the join's state (its right side)")
                    .containsExactly("a1 u1 10:05");

            run.trigger(List.of(impression("a3", "u3", "11:00")), List.of(click("a9", "u9", "11:00")));

            assertThat(impressionsIn(checkpoint()))
                    .as("after trigger 2 (watermark 10:40), the impressions in the join's state: those of trigger 1 "
                            + "were evicted").containsExactly("a3 u3 11:00");
            assertThat(clicksIn(checkpoint()))
                    .as("after trigger 2 (watermark 10:40), the clicks in the join's state")
                    .containsExactly("a9 u9 11:00");
        }
    }

    @Test
    void theSessionStateHoldsOneRowPerOpenSessionAndNoneForASessionThatIsOver() {
        try (var run = SessionRun.start(checkpoint(), TestQueries.onRocksDb(),
                clicks -> StateMetrics.counted(clicks, "clicks"))) {
            run.trigger(click("a1", "u1", "10:00"), click("a2", "u1", "10:10"), click("a1", "u2", "10:20"));
            assertThat(StateMetrics.countedRows(run.query().query(), "clicks"))
                    .as("clicks in, as observe() counted them").isEqualTo(3);

            assertThat(StateXray.operators(TestSpark.session(), checkpoint()))
                    .as("the stateful operators of the sessions' checkpoint")
                    .containsExactly(StateXray.TRANSFORM_WITH_STATE);
            assertThat(sessionsIn(checkpoint()))
                    .as("after trigger 1, the sessions in the state (user, start, last click, clicks)")
                    .containsExactly("u1 10:00 10:10 2", "u2 10:20 10:20 1");

            assertThat(run.trigger(click("a3", "u3", "10:55"))).as("trigger 2: sessions emitted (watermark 10:45)")
                    .containsExactly("u1 10:00–10:40 2 [a1, a2]");
            assertThat(sessionsIn(checkpoint()))
                    .as("after trigger 2, the sessions in the state: u1's is over and gone")
                    .containsExactly("u2 10:20 10:20 1", "u3 10:55 10:55 1");
        }
    }

    @Test
    void readingTheSessionsOfAnotherQuerysCheckpointIsAClearError() {
        try (var run = JoinRun.start(Step6StateXrayTest::countedJoin, checkpoint())) {
            run.trigger(List.of(impression("a1", "u1", "10:00")), List.of());
        }

        var refusal = catchThrowable(() -> StateXray.openSessions(TestSpark.session(), checkpoint()));
        if (refusal instanceof NotDoneYet notDone) {
            throw notDone;
        }
        assertThat(refusal).as("the sessions read from the checkpoint of the join")
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(checkpoint())
                .hasMessageContaining(StateXray.JOIN)
                .hasMessageContaining("another query");
    }

    @Test
    void theNumbersProveThatEveryRowIsInTheStateEvictedOrDropped() {
        try (var run = JoinRun.start(Step6StateXrayTest::countedJoin, null)) {
            var query = run.query().query();
            run.trigger(List.of(impression("a1", "u1", "10:00"), impression("a2", "u2", "10:01")),
                    List.of(click("a1", "u1", "10:05")));
            assertThat(StateMetrics.numbers(query)).as("after trigger 1: (rows in the state, evicted, dropped)")
                    .isEqualTo(new StateNumbers(3, 0, 0));

            run.trigger(List.of(impression("a3", "u3", "11:00")), List.of(click("a9", "u9", "11:00")));
            assertThat(StateMetrics.numbers(query)).as("after trigger 2 (watermark 10:40): (rows in the state, "
                    + "evicted, dropped): the 3 rows of trigger 1 evicted").isEqualTo(new StateNumbers(2, 3, 0));

            run.trigger(List.of(impression("a4", "u4", "10:10")), List.of(click("a4", "u4", "10:12")));
            assertThat(StateMetrics.numbers(query)).as("after trigger 3: (rows in the state, evicted, dropped): 2 "
                    + "rows older than the watermark").isEqualTo(new StateNumbers(2, 3, 2));

            long in = StateMetrics.countedRows(query, "impressions") + StateMetrics.countedRows(query, "clicks");
            assertThat(in).as("rows in, as observe() counted them (impressions and clicks)").isEqualTo(7);
            var numbers = StateMetrics.numbers(query);
            assertThat(numbers.rowsInState() + numbers.rowsEvicted() + numbers.rowsDropped())
                    .as("rows in the state + evicted + dropped: every row that came in is in one of them")
                    .isEqualTo(in);
        }
    }
}
