package dev.streaminglabs.lab03;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.not;

import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.streaming.DataStreamReader;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

import dev.streaminglabs.common.NotDoneYet;

/**
 * Step 3 — a file source: order files dropped into a folder, CSV or JSON.
 *
 * <p>A folder is an input table too: every new file adds its rows. A streaming file source cannot guess the schema
 * (there may be no file yet, and each new file could say something else): you give it. Files written by others are
 * sometimes wrong; in PERMISSIVE mode a row that does not fit the schema does not stop the query, its text goes to a
 * corrupt-record column and its fields become null, so that you can count and show it.
 *
 * <pre>
 * order_id,product,quantity,unit_price
 * A1,book,2,12.50
 * </pre>
 */
public final class OrderFiles {

    public static final String ORDER_ID = "order_id";
    public static final String PRODUCT = "product";
    public static final String QUANTITY = "quantity";
    public static final String UNIT_PRICE = "unit_price";
    /** Where a row that does not fit the schema keeps its original text. */
    public static final String CORRUPT_RECORD = "_corrupt_record";
    /** Where a rejected row says which file it came from. */
    public static final String SOURCE_FILE = "source_file";

    private OrderFiles() {
    }

    /**
     * The schema of an order, given explicitly: {@code order_id} and {@code product} (strings), {@code quantity}
     * (integer), {@code unit_price} (double), then {@link #CORRUPT_RECORD} (string) for the rows that do not fit.
     */
    public static StructType orderSchema() {
        // TODO Step 3a: a StructType with the four fields of an order and the corrupt-record column, all nullable.
        throw new NotDoneYet("lab-03-structured", 3, "give the order schema");
    }

    /**
     * A stream reader for order files, whatever their format: the explicit schema, PERMISSIVE mode with the
     * corrupt-record column, and at most {@code maxFilesPerTrigger} new files per trigger (a backlog of a thousand
     * files becomes many small triggers rather than one huge one).
     */
    public static DataStreamReader ordersReader(SparkSession spark, int maxFilesPerTrigger) {
        // TODO Step 3b: readStream with orderSchema(), the options "mode", "columnNameOfCorruptRecord" and
        //   "maxFilesPerTrigger".
        throw new NotDoneYet("lab-03-structured", 3, "read order files with a schema");
    }

    /** The orders of the CSV files (with a header line) dropped into {@code folder}. */
    public static Dataset<Row> csvOrders(SparkSession spark, String folder, int maxFilesPerTrigger) {
        return ordersReader(spark, maxFilesPerTrigger)
                .option("header", true)
                .csv(folder);
    }

    /** The orders of the JSON Lines files (one JSON object per line) dropped into {@code folder}. */
    public static Dataset<Row> jsonOrders(SparkSession spark, String folder, int maxFilesPerTrigger) {
        return ordersReader(spark, maxFilesPerTrigger).json(folder);
    }

    /**
     * True for an order that can be used: it parsed (no corrupt record) and has all four fields. A row of a file
     * with another schema parses "fine" into four nulls: the second half of the rule catches it.
     */
    public static Column isValid() {
        // TODO Step 3c: the corrupt-record column is null and each of the four fields is not null.
        throw new NotDoneYet("lab-03-structured", 3, "tell valid orders from rejected ones");
    }

    /** The valid orders, without the corrupt-record column. */
    public static Dataset<Row> validOrders(Dataset<Row> orders) {
        return orders.filter(isValid()).drop(CORRUPT_RECORD);
    }

    /** The rejected rows, with their original text (when the parser kept it) and the name of their file. */
    public static Dataset<Row> rejectedOrders(Dataset<Row> orders) {
        return orders.filter(not(isValid()))
                .select(col(ORDER_ID), col(CORRUPT_RECORD), col("_metadata.file_name").as(SOURCE_FILE));
    }
}
