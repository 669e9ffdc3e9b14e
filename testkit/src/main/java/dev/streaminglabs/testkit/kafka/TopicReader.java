package dev.streaminglabs.testkit.kafka;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.opentest4j.AssertionFailedError;

/**
 * Reads a topic back with a real Kafka consumer, as a test's "then": every record from the beginning, or wait until
 * some have arrived. The consumer joins no group and commits nothing: it only looks.
 *
 * <pre>{@code
 * List<TopicRecord> out = TopicReader.readAll(bootstrap, "page-counts");
 * List<TopicRecord> some = TopicReader.awaitRecords(bootstrap, "alerts", 3, Duration.ofSeconds(60),
 *         "the query stopped", () -> !query.isActive());
 * }</pre>
 */
public final class TopicReader {

    private static final Duration POLL = Duration.ofMillis(100);

    private TopicReader() {
    }

    /** Every record the topic holds now, from the beginning, partition by partition then by offset. */
    public static List<TopicRecord> readAll(String bootstrapServers, String topic) {
        try (var consumer = consumer(bootstrapServers)) {
            var partitions = partitionsOf(consumer, topic);
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            var records = new ArrayList<TopicRecord>();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (partitions.stream().anyMatch(partition -> consumer.position(partition) < end.get(partition))) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionFailedError("reading the topic '%s' back took more than 30 s".formatted(topic));
                }
                for (var record : consumer.poll(POLL)) {
                    records.add(TopicRecord.of(record));
                }
            }
            records.sort(Comparator.comparingInt(TopicRecord::partition).thenComparingLong(TopicRecord::offset));
            return records;
        }
    }

    /**
     * Waits until the topic holds at least {@code count} records and returns them all; fails at once when
     * {@code failFast} says so (the query that should write them stopped), with {@code why} as the reason.
     */
    public static List<TopicRecord> awaitRecords(String bootstrapServers, String topic, int count, Duration timeout,
                                                 String why, BooleanSupplier failFast) {
        long deadline = System.nanoTime() + timeout.toNanos();
        try (var consumer = consumer(bootstrapServers)) {
            var partitions = partitionsOf(consumer, topic);
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            var records = new ArrayList<TopicRecord>();
            while (records.size() < count) {
                if (failFast.getAsBoolean()) {
                    throw new AssertionFailedError("%s: %d of %d records in '%s' when it happened"
                            .formatted(why, records.size(), count, topic));
                }
                if (System.nanoTime() > deadline) {
                    throw new AssertionFailedError("only %d of %d records arrived in '%s' within %d s: %s"
                            .formatted(records.size(), count, topic, timeout.toSeconds(), records));
                }
                for (var record : consumer.poll(POLL)) {
                    records.add(TopicRecord.of(record));
                }
            }
            return records;
        }
    }

    /** The offsets committed on {@code topic} by the consumer group {@code groupId}, by partition (none: empty). */
    public static Map<Integer, Long> committedOffsets(String bootstrapServers, String groupId, String topic) {
        try (var admin = admin(bootstrapServers)) {
            var committed = admin.listConsumerGroupOffsets(groupId).partitionsToOffsetAndMetadata()
                    .get(30, TimeUnit.SECONDS);
            var byPartition = new java.util.TreeMap<Integer, Long>();
            committed.forEach((partition, offset) -> {
                if (partition.topic().equals(topic) && offset != null) {
                    byPartition.put(partition.partition(), offset.offset());
                }
            });
            return byPartition;
        } catch (Exception e) {
            throw new IllegalStateException("cannot read the offsets of the group " + groupId, e);
        }
    }

    /** The groups that have committed an offset on {@code topic}: Spark's Kafka source should never be one. */
    public static List<String> groupsWithOffsetsOn(String bootstrapServers, String topic) {
        try (var admin = admin(bootstrapServers)) {
            var groups = admin.listConsumerGroups().all().get(30, TimeUnit.SECONDS);
            var withOffsets = new ArrayList<String>();
            for (var group : groups) {
                var offsets = admin.listConsumerGroupOffsets(group.groupId()).partitionsToOffsetAndMetadata()
                        .get(30, TimeUnit.SECONDS);
                if (offsets.keySet().stream().anyMatch(partition -> partition.topic().equals(topic))) {
                    withOffsets.add(group.groupId());
                }
            }
            return withOffsets;
        } catch (Exception e) {
            throw new IllegalStateException("cannot list the consumer groups of " + bootstrapServers, e);
        }
    }

    private static List<TopicPartition> partitionsOf(KafkaConsumer<String, String> consumer, String topic) {
        var infos = consumer.partitionsFor(topic, Duration.ofSeconds(30));
        if (infos == null || infos.isEmpty()) {
            throw new AssertionFailedError("the topic '%s' does not exist".formatted(topic));
        }
        return infos.stream().map(info -> new TopicPartition(topic, info.partition())).toList();
    }

    private static KafkaConsumer<String, String> consumer(String bootstrapServers) {
        var properties = new Properties();
        properties.putAll(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName(),
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName(),
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                // Only what a committed transaction wrote (and everything written without one).
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"));
        return new KafkaConsumer<>(properties);
    }

    private static Admin admin(String bootstrapServers) {
        var properties = new Properties();
        properties.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        return Admin.create(properties);
    }
}
