package dev.streaminglabs.lab06;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.from_json;
import static org.apache.spark.sql.functions.not;

import java.time.Duration;

import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

import dev.streaminglabs.common.NotDoneYet;
import dev.streaminglabs.common.kafka.KafkaTopics;

/**
 * Step 1 — read a topic as a stream: the records of a Kafka topic become an unbounded table of clicks, and what is
 * not a click goes to the dead letters, with where it was found.
 *
 * <p>A record of the topic {@code clicks}: key {@code "u7"} (the user), value
 * {@code {"user":"u7","page":"/cart","time":"2026-01-05T09:00:01.250Z"}} (JSON, UTF-8). Spark's Kafka source gives
 * every record as a row of fixed columns: {@code key} and {@code value} (bytes), {@code topic}, {@code partition},
 * {@code offset}, {@code timestamp}, {@code timestampType}. Parsing the value is the query's job.
 */
public final class ClickStream {

    public static final String USER = "user";
    public static final String PAGE = "page";
    public static final String TIME = "time";
    public static final String PARTITION = "partition";
    public static final String OFFSET = "offset";
    /** The parsed value: a struct with the fields of {@link #CLICK}. */
    public static final String CLICK = "click";
    /** The value as text, as it was on the topic (null for a record with no value). */
    public static final String RAW = "raw";

    /** What a click's JSON holds. The time is ISO-8601, e.g. {@code 2026-01-05T09:00:01.250Z}. */
    public static final StructType CLICK_SCHEMA = new StructType()
            .add(USER, DataTypes.StringType)
            .add(PAGE, DataTypes.StringType)
            .add(TIME, DataTypes.TimestampType);

    /** How long the check before a query starts waits for the broker: a few seconds, never a hang. */
    static final Duration BROKER_CHECK_TIMEOUT = Duration.ofSeconds(5);

    private ClickStream() {
    }

    /**
     * The records of {@code topic} on the brokers at {@code bootstrapServers}, as an unbounded table with Kafka's
     * columns, from the first record the topic holds (not only those that arrive after the query starts).
     */
    public static Dataset<Row> readTopic(SparkSession spark, String bootstrapServers, String topic) {
        // TODO Step 1a: readStream in the "kafka" format: the brokers, the topic to subscribe to, and where a new
        //   query starts reading (the records already in the topic count too).
        throw new NotDoneYet("lab-06-kafka", 1, "read a Kafka topic as a stream");
    }

    /**
     * Kafka's records with their value read: columns {@link #RAW} (the value as a string), {@link #CLICK} (the value
     * parsed as JSON with {@link #CLICK_SCHEMA}), {@link #PARTITION} and {@link #OFFSET}.
     */
    public static Dataset<Row> parse(Dataset<Row> records) {
        // TODO Step 1b: the value as text (RAW), the same text parsed as JSON with CLICK_SCHEMA (CLICK), and where
        //   the record was (PARTITION, OFFSET).
        throw new NotDoneYet("lab-06-kafka", 1, "parse the JSON values");
    }

    /** True for a parsed record that is a usable click: a user, a page and a time, all three present. */
    public static Column isClick() {
        // TODO Step 1c: a condition on the parsed CLICK that only a usable click meets.
        throw new NotDoneYet("lab-06-kafka", 1, "tell a click from a dead letter");
    }

    /** The clicks: {@code user}, {@code page}, {@code time}, and the {@code partition} and {@code offset} read. */
    public static Dataset<Row> clicks(Dataset<Row> records) {
        return parse(records).filter(isClick())
                .select(col(CLICK + "." + USER), col(CLICK + "." + PAGE), col(CLICK + "." + TIME), col(PARTITION),
                        col(OFFSET));
    }

    /**
     * The dead letters: every record that is not a click (malformed JSON, a missing field, no value at all), with
     * its {@code raw} value and where it was ({@code partition}, {@code offset}), so that it can be found, counted
     * and sent back. Nothing read is lost: each record is either a click or a dead letter.
     */
    public static Dataset<Row> deadLetters(Dataset<Row> records) {
        return parse(records).filter(not(isClick())).select(col(RAW), col(PARTITION), col(OFFSET));
    }

    /**
     * The clicks of {@code topic}, after checking that a broker answers at {@code bootstrapServers} and that the
     * topic is there: Spark's Kafka source would otherwise wait for minutes, or read nothing, without a word.
     */
    public static Dataset<Row> clicksOf(SparkSession spark, String bootstrapServers, String topic) {
        var records = readTopic(spark, bootstrapServers, topic);
        KafkaTopics.requireTopic(bootstrapServers, topic, BROKER_CHECK_TIMEOUT);
        return clicks(records);
    }
}
