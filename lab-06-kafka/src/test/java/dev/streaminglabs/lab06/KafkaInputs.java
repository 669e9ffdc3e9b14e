package dev.streaminglabs.lab06;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.from_json;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;

import dev.streaminglabs.common.kafka.Click;
import dev.streaminglabs.common.kafka.EventProducer;
import dev.streaminglabs.testkit.TestSpark;
import dev.streaminglabs.testkit.kafka.TestKafka;

/**
 * The tests' own way to feed a topic and to read it as clicks, so that each step's tests stand on their own (a step
 * never depends on the student's answer to another one).
 */
final class KafkaInputs {

    /** The day of the tests' clicks: {@code at("09:00:05")} is 2026-01-05T09:00:05Z. */
    static Instant at(String time) {
        return Instant.parse("2026-01-05T" + time + "Z");
    }

    static Click click(String user, String page, String time) {
        return new Click(user, page, at(time));
    }

    /** Sends the clicks to the topic and waits until the broker has them. */
    static void send(String topic, Click... clicks) {
        send(topic, Arrays.asList(clicks));
    }

    static void send(String topic, List<Click> clicks) {
        try (var producer = EventProducer.to(TestKafka.bootstrapServers(), topic)) {
            producer.send(clicks);
        }
    }

    /** Sends records with any value (a malformed one, null) to the topic. */
    static void sendRaw(String topic, String key, String... values) {
        try (var producer = EventProducer.to(TestKafka.bootstrapServers(), topic)) {
            for (var value : values) {
                producer.sendRaw(key, value);
            }
        }
    }

    /** The topic's clicks as a streaming table (user, page, time), read from its first record. */
    static Dataset<Row> clicks(String topic) {
        return clicks(TestKafka.bootstrapServers(), topic, Map.of());
    }

    /**
     * The clicks of a topic on another broker than the tests' shared one, with more options for Spark's Kafka source
     * (how long it waits for a broker, for instance).
     */
    static Dataset<Row> clicks(String bootstrapServers, String topic, Map<String, String> sourceOptions) {
        var value = col("value").cast(DataTypes.StringType);
        return TestSpark.session().readStream().format("kafka")
                .option("kafka.bootstrap.servers", bootstrapServers)
                .option("subscribe", topic)
                .option("startingOffsets", "earliest")
                .options(sourceOptions)
                .load()
                .select(from_json(value, ClickStream.CLICK_SCHEMA).as("click"))
                .select("click.*");
    }
}
