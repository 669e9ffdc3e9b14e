package dev.streaminglabs.lab03;

import static dev.streaminglabs.testkit.RowAssertions.assertNoRows;
import static dev.streaminglabs.testkit.RowAssertions.assertValues;
import static org.apache.spark.sql.streaming.OutputMode.Append;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opentest4j.AssertionFailedError;

import dev.streaminglabs.testkit.DropFolder;
import dev.streaminglabs.testkit.LogCapture;
import dev.streaminglabs.testkit.QueryRun;
import dev.streaminglabs.testkit.TestSpark;

/** Order files land in a folder (written elsewhere, then moved in); the queries read them as they come. */
@Tag("step3")
@DisplayName("Step 3 — read CSV and JSON files with a schema")
class Step3FileSourceTest {

    private static final String CSV_HEADER = "order_id,product,quantity,unit_price\n";

    @TempDir
    Path tempDir;
    private DropFolder inbox;

    @BeforeEach
    void createTheInbox() {
        inbox = DropFolder.in(tempDir);
    }

    @Test
    void theSchemaIsGivenWithItsCorruptRecordColumn() {
        var schema = OrderFiles.orderSchema();

        assertThat(schema.fieldNames()).as("the order schema's columns: the four fields of an order in the CSV's "
                        + "order, then _corrupt_record, where a row that does not fit keeps its text")
                .containsExactly("order_id", "product", "quantity", "unit_price", "_corrupt_record");
        assertThat(schema.apply("quantity").dataType()).as("the type of quantity").isEqualTo(DataTypes.IntegerType);
        assertThat(schema.apply("unit_price").dataType()).as("the type of unit_price").isEqualTo(DataTypes.DoubleType);
        assertThat(schema.apply("_corrupt_record").dataType()).as("the type of the corrupt-record column")
                .isEqualTo(DataTypes.StringType);
    }

    @Test
    void readsCsvOrdersWithTheirTypes() {
        try (var valid = QueryRun.start(OrderFiles.validOrders(csvOrders(10)), Append())) {
            inbox.drop("orders-1.csv", CSV_HEADER + """
                    A1,book,2,12.50
                    A2,pen,10,1.20
                    """);

            var rows = valid.processAllAvailable();
            assertValues("file orders-1.csv", rows, "order_id", List.of("A1", "A2"));
            assertValues("file orders-1.csv", rows, "quantity", List.of(2, 10));
            assertThat(rows.get(0).schema().fieldNames()).as("the columns of a valid order")
                    .containsExactly("order_id", "product", "quantity", "unit_price");
        }
    }

    @Test
    void readsJsonLinesOrders() {
        try (var valid = QueryRun.start(OrderFiles.validOrders(jsonOrders(10)), Append())) {
            inbox.drop("orders-1.json", """
                    {"order_id": "J1", "product": "book", "quantity": 2, "unit_price": 12.5}
                    {"order_id": "J2", "product": "pen", "quantity": 10, "unit_price": 1.2}
                    """);

            assertValues("file orders-1.json", valid.processAllAvailable(), "unit_price", List.of(12.5, 1.2));
        }
    }

    @Test
    void newFilesAreReadAtTheNextTriggerAndOldOnesNotAgain() {
        try (var valid = QueryRun.start(OrderFiles.validOrders(csvOrders(10)), Append())) {
            inbox.drop("orders-1.csv", CSV_HEADER + "A1,book,2,12.50\n");
            assertValues("after orders-1.csv", valid.processAllAvailable(), "order_id", List.of("A1"));

            inbox.drop("orders-2.csv", CSV_HEADER + "A2,pen,1,1.20\n");
            assertValues("after orders-2.csv (only its new rows)", valid.processAllAvailable(), "order_id",
                    List.of("A2"));
        }
    }

    @Test
    void aMalformedCsvRowIsRejectedWithItsTextAndTheQueryGoesOn() {
        var orders = csvOrders(10);
        try (var valid = QueryRun.start(OrderFiles.validOrders(orders), Append());
             var rejected = QueryRun.start(OrderFiles.rejectedOrders(orders), Append())) {
            inbox.drop("orders-1.csv", CSV_HEADER + """
                    A1,book,2,12.50
                    A2,pen,two,1.20
                    A3,ink,1,4.00
                    """);

            var good = valid.processAllAvailable();
            var bad = rejected.processAllAvailable();
            assertNoRowLost("orders-1.csv", 3, good, bad);
            assertValues("orders-1.csv, valid rows", good, "order_id", List.of("A1", "A3"));
            assertValues("orders-1.csv, rejected rows (a row that does not fit keeps its text in _corrupt_record)",
                    bad, "_corrupt_record", List.of("A2,pen,two,1.20"));
            assertValues("orders-1.csv, rejected rows", bad, "source_file", List.of("orders-1.csv"));

            inbox.drop("orders-2.csv", CSV_HEADER + "A4,cup,3,6.00\n");
            assertValues("orders-2.csv, after the bad row (the query still runs)", valid.processAllAvailable(),
                    "order_id", List.of("A4"));
        }
    }

    @Test
    void aMalformedJsonLineIsRejectedWithItsText() {
        var orders = jsonOrders(10);
        try (var valid = QueryRun.start(OrderFiles.validOrders(orders), Append());
             var rejected = QueryRun.start(OrderFiles.rejectedOrders(orders), Append())) {
            inbox.drop("orders-1.json", """
                    {"order_id": "J1", "product": "book", "quantity": 2, "unit_price": 12.5}
                    {"order_id": "J2", "product": "pen", "quantity":
                    {"order_id": "J3", "product": "ink", "quantity": "many", "unit_price": 4.0}
                    """);

            assertValues("orders-1.json, valid rows", valid.processAllAvailable(), "order_id", List.of("J1"));
            assertValues("orders-1.json, rejected rows", rejected.processAllAvailable(), "_corrupt_record", List.of(
                    "{\"order_id\": \"J2\", \"product\": \"pen\", \"quantity\":",
                    "{\"order_id\": \"J3\", \"product\": \"ink\", \"quantity\": \"many\", \"unit_price\": 4.0}"));
        }
    }

    @Test
    void aFileWithAnotherSchemaIsRejectedRowByRow() {
        var orders = jsonOrders(10);
        try (var valid = QueryRun.start(OrderFiles.validOrders(orders), Append());
             var rejected = QueryRun.start(OrderFiles.rejectedOrders(orders), Append())) {
            inbox.drop("clicks.json", """
                    {"user": "ann", "clicks": 3}
                    {"user": "bob", "clicks": 5}
                    """);

            assertNoRows("clicks.json, valid orders (a row of another schema parses into nulls, with no corrupt "
                    + "record: a valid order also has all four fields)", valid.processAllAvailable());
            assertValues("clicks.json, rejected rows (it parses into empty orders)", rejected.processAllAvailable(),
                    "source_file", List.of("clicks.json", "clicks.json"));
        }
    }

    @Test
    void aCsvFileWithAnotherHeaderIsRejectedRowByRow() {
        var orders = csvOrders(10);
        try (var sparkSays = LogCapture.of("org.apache.spark.sql.catalyst.csv.CSVHeaderChecker");
             var valid = QueryRun.start(OrderFiles.validOrders(orders), Append());
             var rejected = QueryRun.start(OrderFiles.rejectedOrders(orders), Append())) {
            inbox.drop("clicks.csv", """
                    user,clicks
                    ann,3
                    """);

            assertNoRows("clicks.csv, valid orders", valid.processAllAvailable());
            assertValues("clicks.csv, rejected rows", rejected.processAllAvailable(), "source_file",
                    List.of("clicks.csv"));
            // The CSV reader maps columns by position, whatever the header says; it warns when the header does not
            // match the schema (as here, on purpose): in a real job, a warning to read.
            assertThat(sparkSays.messages()).as("what Spark logged about the header of clicks.csv")
                    .anySatisfy(message -> assertThat(message)
                            .contains("CSV header is not equal to number of fields in the schema"));
        }
    }

    @Test
    void anEmptyFileAddsNoRow() {
        var orders = csvOrders(10);
        try (var valid = QueryRun.start(OrderFiles.validOrders(orders), Append());
             var rejected = QueryRun.start(OrderFiles.rejectedOrders(orders), Append())) {
            inbox.drop("empty.csv", "");

            assertNoRows("empty.csv, valid orders", valid.processAllAvailable());
            assertNoRows("empty.csv, rejected rows", rejected.processAllAvailable());
        }
    }

    @Test
    void emptyLinesAreSkipped() {
        try (var valid = QueryRun.start(OrderFiles.validOrders(csvOrders(10)), Append())) {
            inbox.drop("orders-1.csv", CSV_HEADER + "\nA1,book,2,12.50\n\n\nA2,pen,1,1.20\n\n");

            assertValues("orders-1.csv", valid.processAllAvailable(), "order_id", List.of("A1", "A2"));
        }
    }

    @Test
    void unicodeTextSurvives() {
        try (var valid = QueryRun.start(OrderFiles.validOrders(csvOrders(10)), Append())) {
            inbox.drop("commandes.csv", CSV_HEADER + """
                    F1,crème brûlée,2,6.50
                    F2,東京 tea,1,9.00
                    """);

            assertValues("commandes.csv", valid.processAllAvailable(), "product", List.of("crème brûlée", "東京 tea"));
        }
    }

    @Test
    void maxFilesPerTriggerSpreadsABacklogOverTriggers() {
        inbox.drop("orders-1.csv", CSV_HEADER + "A1,book,2,12.50\nA2,pen,1,1.20\n");
        inbox.drop("orders-2.csv", CSV_HEADER + "B1,ink,1,4.00\n");
        inbox.drop("orders-3.csv", CSV_HEADER + "C1,cup,3,6.00\n");

        try (var valid = QueryRun.start(OrderFiles.validOrders(csvOrders(1)), Append())) {
            assertValues("the backlog of 3 files", valid.processAllAvailable(), "order_id",
                    List.of("A1", "A2", "B1", "C1"));

            var triggers = valid.emittedByBatch().values().stream()
                    .map(rows -> rows.stream().map(row -> row.<String>getAs("order_id").substring(0, 1)).distinct()
                            .toList())
                    .toList();
            assertThat(triggers).as("the files read by each trigger (by the first letter of their order ids), "
                    + "with maxFilesPerTrigger 1").hasSize(3).allSatisfy(files -> assertThat(files).hasSize(1));
        }
    }

    /** Every row of the file came out, valid or rejected: none was dropped on the way. */
    private static void assertNoRowLost(String file, int rowsInFile, List<Row> valid, List<Row> rejected) {
        if (valid.size() + rejected.size() != rowsInFile) {
            throw new AssertionFailedError(("%s: %d rows in the file, %d valid and %d rejected: %d row(s) lost. A "
                    + "row that does not fit the schema must not vanish: PERMISSIVE mode keeps it, with its text in "
                    + "the corrupt-record column").formatted(file, rowsInFile, valid.size(), rejected.size(),
                    rowsInFile - valid.size() - rejected.size()), rowsInFile, valid.size() + rejected.size());
        }
    }

    private Dataset<Row> csvOrders(int maxFilesPerTrigger) {
        return OrderFiles.csvOrders(TestSpark.session(), inbox.path(), maxFilesPerTrigger);
    }

    private Dataset<Row> jsonOrders(int maxFilesPerTrigger) {
        return OrderFiles.jsonOrders(TestSpark.session(), inbox.path(), maxFilesPerTrigger);
    }
}
