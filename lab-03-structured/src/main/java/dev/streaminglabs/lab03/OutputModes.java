package dev.streaminglabs.lab03;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.trim;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.streaming.OutputMode;

import dev.streaminglabs.common.NotDoneYet;

/**
 * Step 2 — output modes: what each trigger sends to the sink.
 *
 * <p>After every trigger the result table may have changed. The output mode says which part of it goes out:
 * <ul>
 *   <li><b>complete</b> — the whole result table, every time (only for aggregations: the table must stay small);</li>
 *   <li><b>update</b> — only the rows that changed in this trigger;</li>
 *   <li><b>append</b> — only new rows, each sent once and never changed afterwards.</li>
 * </ul>
 * The input here is page views, one page path per line ({@code /home}, {@code /cart}...).
 */
public final class OutputModes {

    /** The column of the page path in both queries below. */
    public static final String PAGE = "page";

    /** Who reads a query's output, and so what each trigger must send them. */
    public enum Audience {
        /** A report that reprints the total of every page after each trigger. */
        FULL_REPORT,
        /** A live dashboard that redraws only the pages whose total changed in the trigger. */
        LIVE_DASHBOARD,
        /** An audit trail that appends each new row once and never rewrites a line. */
        AUDIT_TRAIL
    }

    private OutputModes() {
    }

    /**
     * The running number of views of each page: columns {@code page} and {@code count}, one row per page seen so far.
     * Spaces around a path do not make another page; a blank line is not a view.
     *
     * <p>An aggregation: each trigger may change rows emitted before (a page's count goes up).
     */
    public static Dataset<Row> viewsPerPage(Dataset<Row> pageViews) {
        // TODO Step 2a: trim the value into a PAGE column, drop blank pages, group by page and count.
        throw new NotDoneYet("lab-03-structured", 2, "count the views of each page");
    }

    /**
     * Every view of a checkout page (a path that starts with {@code /checkout}), one row per view, one column
     * {@code page}, the path without the spaces around it.
     *
     * <p>Stateless: each row is final the moment it is read, nothing is remembered from one trigger to the next.
     */
    public static Dataset<Row> checkoutViews(Dataset<Row> pageViews) {
        // TODO Step 2b: trim the value into a PAGE column and keep the pages that start with "/checkout".
        throw new NotDoneYet("lab-03-structured", 2, "keep the checkout views");
    }

    /** The output mode that sends {@code audience} exactly what it needs, no more. */
    public static OutputMode modeFor(Audience audience) {
        // TODO Step 2c: one output mode per audience (a switch): which one resends everything, which one only what
        //   changed, which one only new rows?
        throw new NotDoneYet("lab-03-structured", 2, "choose the output mode");
    }
}
