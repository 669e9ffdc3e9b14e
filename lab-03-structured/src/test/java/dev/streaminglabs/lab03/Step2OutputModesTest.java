package dev.streaminglabs.lab03;

import static dev.streaminglabs.lab03.OutputModes.Audience.AUDIT_TRAIL;
import static dev.streaminglabs.lab03.OutputModes.Audience.FULL_REPORT;
import static dev.streaminglabs.lab03.OutputModes.Audience.LIVE_DASHBOARD;
import static dev.streaminglabs.testkit.RowAssertions.assertCounts;
import static dev.streaminglabs.testkit.RowAssertions.assertNoRows;
import static dev.streaminglabs.testkit.RowAssertions.assertValues;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;

import org.apache.spark.sql.AnalysisException;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.streaming.OutputMode;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import dev.streaminglabs.common.MemoryInput;
import dev.streaminglabs.testkit.QueryRun;
import dev.streaminglabs.testkit.TestSpark;

/**
 * The same three triggers of page views, seen by each audience. Predict each trigger's output before you read the
 * assertions (the README has the table to fill in).
 */
@Tag("step2")
@DisplayName("Step 2 — choose the output mode")
class Step2OutputModesTest {

    private final MemoryInput<String> views = TestSpark.memoryInput(Encoders.STRING());

    @Test
    void theFullReportGetsTheWholeResultTableAfterEveryTrigger() {
        try (var query = QueryRun.start(OutputModes.viewsPerPage(views.toDF()), OutputModes.modeFor(FULL_REPORT))) {
            views.add("/home", "/cart", "/home");
            assertCounts("trigger 1 (full report)", query.processAllAvailable(), Map.of("/home", 2L, "/cart", 1L));

            views.add("/cart");
            assertCounts("trigger 2 (full report: every page, changed or not)", query.processAllAvailable(),
                    Map.of("/home", 2L, "/cart", 2L));

            views.add("/checkout/pay");
            assertCounts("trigger 3 (full report: every page, changed or not)", query.processAllAvailable(),
                    Map.of("/home", 2L, "/cart", 2L, "/checkout/pay", 1L));
        }
    }

    @Test
    void theLiveDashboardGetsOnlyThePagesWhoseCountChanged() {
        try (var query = QueryRun.start(OutputModes.viewsPerPage(views.toDF()), OutputModes.modeFor(LIVE_DASHBOARD))) {
            views.add("/home", "/cart", "/home");
            assertCounts("trigger 1 (live dashboard)", query.processAllAvailable(), Map.of("/home", 2L, "/cart", 1L));

            views.add("/cart");
            assertCounts("trigger 2 (live dashboard: only the pages whose count changed)", query.processAllAvailable(),
                    Map.of("/cart", 2L));

            views.add("/checkout/pay");
            assertCounts("trigger 3 (live dashboard: only the pages whose count changed)", query.processAllAvailable(),
                    Map.of("/checkout/pay", 1L));
        }
    }

    @Test
    void aTriggerWithNoNewViewsResendsTheReportButNothingToTheDashboard() {
        try (var report = QueryRun.start(OutputModes.viewsPerPage(views.toDF()), OutputModes.modeFor(FULL_REPORT));
             var dashboard = QueryRun.start(OutputModes.viewsPerPage(views.toDF()),
                     OutputModes.modeFor(LIVE_DASHBOARD))) {
            views.add("/home");
            report.processAllAvailable();
            dashboard.processAllAvailable();

            views.add();   // an empty micro-batch: a trigger runs, with no new row
            assertCounts("trigger 2, empty (full report)", report.processAllAvailable(), Map.of("/home", 1L));
            assertNoRows("trigger 2, empty (live dashboard: nothing changed)", dashboard.processAllAvailable());
        }
    }

    @Test
    void theAuditTrailGetsEachCheckoutViewOnce() {
        try (var query = QueryRun.start(OutputModes.checkoutViews(views.toDF()), OutputModes.modeFor(AUDIT_TRAIL))) {
            views.add("/home", "/checkout/cart", "/checkout/pay");
            assertValues("trigger 1 (audit trail)", query.processAllAvailable(), "page",
                    List.of("/checkout/cart", "/checkout/pay"));

            views.add("/checkout/pay", "/cart");
            assertValues("trigger 2 (audit trail: only the new rows)", query.processAllAvailable(), "page",
                    List.of("/checkout/pay"));
        }
    }

    @Test
    void appendModeRefusesAnAggregationWithoutAWatermark() {
        var viewsPerPage = OutputModes.viewsPerPage(views.toDF());

        assertThatThrownBy(() -> QueryRun.start(viewsPerPage, OutputMode.Append()).close())
                .as("a count can still go up: in append mode Spark could never emit it, so it refuses to start")
                .isInstanceOf(AnalysisException.class)
                .hasMessageContaining("Invalid streaming output mode: append")
                .hasMessageContaining("streaming aggregations without watermark");
    }

    @Test
    void completeModeRefusesAQueryWithoutAggregation() {
        var checkoutViews = OutputModes.checkoutViews(views.toDF());

        assertThatThrownBy(() -> QueryRun.start(checkoutViews, OutputMode.Complete()).close())
                .as("complete mode would have to keep and resend every row ever read")
                .isInstanceOf(AnalysisException.class)
                .hasMessageContaining("Invalid streaming output mode: complete")
                .hasMessageContaining("no streaming aggregations");
    }

    @Test
    void blankLinesAndSpacesMakeNoPage() {
        try (var query = QueryRun.start(OutputModes.viewsPerPage(views.toDF()), OutputModes.modeFor(LIVE_DASHBOARD))) {
            views.add("", "   ", " /home ", "/home");

            assertCounts("trigger 1", query.processAllAvailable(), Map.of("/home", 2L));
        }
    }

    @Test
    void eachAudienceHasItsOwnMode() {
        var modes = List.of(OutputModes.modeFor(FULL_REPORT), OutputModes.modeFor(LIVE_DASHBOARD),
                OutputModes.modeFor(AUDIT_TRAIL));

        assertThat(modes).as("the modes of the full report, the live dashboard and the audit trail")
                .doesNotHaveDuplicates();
    }
}
