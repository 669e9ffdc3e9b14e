package dev.streaminglabs.testkit.kafka;

import java.util.concurrent.atomic.AtomicInteger;

import dev.streaminglabs.common.kafka.KafkaBroker;
import dev.streaminglabs.common.kafka.KafkaTopics;

/**
 * The Kafka broker of the tests: one real broker per test JVM (starting one costs seconds, a test should not),
 * started on first use, stopped and its log folder deleted when the JVM ends. Each test takes topics of its own.
 *
 * <pre>{@code
 * var topic = TestKafka.newTopic("clicks", 2);   // e.g. "clicks-7", 2 partitions, replication factor 1
 * spark.readStream().format("kafka").option("kafka.bootstrap.servers", TestKafka.bootstrapServers())...
 * }</pre>
 */
public final class TestKafka {

    private static final AtomicInteger TOPICS = new AtomicInteger();
    private static KafkaBroker broker;

    private TestKafka() {
    }

    /** The shared broker, started on first use. */
    public static synchronized KafkaBroker broker() {
        if (broker == null) {
            broker = KafkaBroker.start();
            Runtime.getRuntime().addShutdownHook(new Thread(broker::close, "stop-test-kafka"));
        }
        return broker;
    }

    /** The shared broker's address, {@code 127.0.0.1:PORT}. */
    public static String bootstrapServers() {
        return broker().bootstrapServers();
    }

    /** A new topic for one test, named {@code prefix-N}, with {@code partitions} partitions. */
    public static String newTopic(String prefix, int partitions) {
        var topic = prefix + "-" + TOPICS.incrementAndGet();
        KafkaTopics.create(bootstrapServers(), topic, partitions);
        return topic;
    }
}
