package dev.streaminglabs.lab03;

import static dev.streaminglabs.testkit.RowAssertions.assertValues;
import static org.apache.spark.sql.streaming.OutputMode.Append;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.util.List;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import dev.streaminglabs.testkit.DropFolder;
import dev.streaminglabs.testkit.QueryRun;
import dev.streaminglabs.testkit.StepWritten;
import dev.streaminglabs.testkit.TestSpark;
import dev.streaminglabs.testkit.hdfs.TestHdfs;

/**
 * The same order files, the same code, on HDFS: only the folder's URI changes ({@code hdfs://...} instead of a local
 * path). The HDFS is a real one (a NameNode and two DataNodes that the test kit starts in this JVM).
 */
@Tag("step3")
@DisplayName("Step 3 — read CSV and JSON files with a schema")
class Step3FileSourceOnHdfsTest {

    private static final String CSV_HEADER = "order_id,product,quantity,unit_price\n";

    private DropFolder inbox;

    @BeforeEach
    void createTheInboxOnHdfs() {
        // Before the test HDFS starts: a step not written yet fails as "not done", at no cost.
        StepWritten.orNotDoneYet(() -> OrderFiles.ordersReader(TestSpark.session(), 1));
        StepWritten.orNotDoneYet(OrderFiles::isValid);
        inbox = DropFolder.in(TestHdfs.cluster().newFolder("orders"), "inbox");
    }

    @Test
    void readsCsvOrdersFromHdfsWithTheSameCode() {
        try (var valid = QueryRun.start(OrderFiles.validOrders(csvOrders()), Append())) {
            inbox.drop("orders-1.csv", CSV_HEADER + """
                    A1,book,2,12.50
                    A2,pen,10,1.20
                    """);

            var rows = valid.processAllAvailable();
            assertValues("orders-1.csv on " + inbox.path(), rows, "order_id", List.of("A1", "A2"));
            assertValues("orders-1.csv on " + inbox.path(), rows, "quantity", List.of(2, 10));
        }
    }

    @Test
    void readsJsonLinesOrdersFromHdfs() {
        try (var valid = QueryRun.start(OrderFiles.validOrders(
                OrderFiles.jsonOrders(TestSpark.session(), inbox.path(), 10)), Append())) {
            inbox.drop("orders-1.json", """
                    {"order_id": "J1", "product": "book", "quantity": 2, "unit_price": 12.5}
                    {"order_id": "J2", "product": "pen", "quantity": 10, "unit_price": 1.2}
                    """);

            assertValues("orders-1.json on " + inbox.path(), valid.processAllAvailable(), "unit_price",
                    List.of(12.5, 1.2));
        }
    }

    @Test
    void newFilesOnHdfsAreReadAtTheNextTriggerAndOldOnesNotAgain() {
        try (var valid = QueryRun.start(OrderFiles.validOrders(csvOrders()), Append())) {
            inbox.drop("orders-1.csv", CSV_HEADER + "A1,book,2,12.50\n");
            assertValues("after orders-1.csv", valid.processAllAvailable(), "order_id", List.of("A1"));

            inbox.drop("orders-2.csv", CSV_HEADER + "A2,pen,1,1.20\n");
            assertValues("after orders-2.csv (only its new rows)", valid.processAllAvailable(), "order_id",
                    List.of("A2"));
        }
    }

    @Test
    void aMalformedRowOnHdfsIsRejectedWithItsFileName() {
        var orders = csvOrders();
        try (var rejected = QueryRun.start(OrderFiles.rejectedOrders(orders), Append())) {
            inbox.drop("orders-1.csv", CSV_HEADER + "A1,book,2,12.50\nA2,pen,two,1.20\n");

            var bad = rejected.processAllAvailable();
            assertValues("orders-1.csv, rejected rows", bad, "_corrupt_record", List.of("A2,pen,two,1.20"));
            assertValues("orders-1.csv, rejected rows", bad, "source_file", List.of("orders-1.csv"));
        }
    }

    @Test
    void aFileStillBeingWrittenIsReadOnlyAsFarAsItWasWritten() {
        try (var valid = QueryRun.start(OrderFiles.validOrders(csvOrders()), Append())) {
            // The wrong way: the file is written in the watched folder itself, and a trigger runs in the middle.
            var inPlace = inbox.writeInPlace("orders-1.csv").write(CSV_HEADER + "A1,book,2,12.50\n").flush();
            var duringTheWrite = valid.processAllAvailable();
            inPlace.write("A2,pen,1,1.20\n").finish();
            var afterTheWrite = valid.processAllAvailable();

            assertThat(duringTheWrite).as("rows of the trigger that listed orders-1.csv while it was written")
                    .extracting(row -> row.<String>getAs("order_id")).doesNotContain("A2");
            assertThat(afterTheWrite).as("""
                    rows of the next trigger, once orders-1.csv was complete: none, the file source had taken it \
                    already. A file must be moved into the folder when it is complete""").isEmpty();
        }
    }

    @Test
    void aFileCopiedWithHdfsPutIsReadOnceComplete() {
        try (var valid = QueryRun.start(OrderFiles.validOrders(csvOrders()), Append())) {
            // hdfs dfs -put writes orders-1.csv._COPYING_ in the folder itself, then renames it to orders-1.csv
            var copy = inbox.copyLikeHdfsPut("orders-1.csv").write(CSV_HEADER + "A1,book,2,12.50\n").flush();
            var duringTheCopy = valid.processAllAvailable();
            copy.write("A2,pen,1,1.20\n").finish();
            var afterTheCopy = valid.processAllAvailable();

            assertThat(duringTheCopy).as("rows read while orders-1.csv._COPYING_ was being copied: the file source "
                    + "skips that name").isEmpty();
            assertValues("rows read once the copy was renamed to orders-1.csv", afterTheCopy, "order_id",
                    List.of("A1", "A2"));
        }
    }

    @Test
    void aFolderThatDoesNotExistIsRefusedAtOnce() {
        var missing = TestHdfs.cluster().uri() + "/no/such/folder";

        var thrown = catchThrowable(() -> OrderFiles.csvOrders(TestSpark.session(), missing, 10));

        assertThat(thrown).as("a file source on a folder that does not exist (Spark checks it when the query is "
                + "defined)").isNotNull().hasMessageContaining("does not exist").hasMessageContaining(missing);
    }

    @Test
    void anUnreachableNameNodeIsAClearErrorNotAHang() {
        var nowhere = TestHdfs.unreachableUri("/orders/inbox");

        var thrown = catchThrowable(() -> OrderFiles.csvOrders(TestSpark.session(), nowhere, 10));

        assertThat(thrown).as("a file source on a NameNode that does not answer (%s)", nowhere).isNotNull()
                .hasMessageContaining("Connection refused")
                .hasMessageContaining(nowhere.substring("hdfs://127.0.0.1".length(), nowhere.indexOf("/orders")));
    }

    private Dataset<Row> csvOrders() {
        return OrderFiles.csvOrders(TestSpark.session(), inbox.path(), 10);
    }
}
