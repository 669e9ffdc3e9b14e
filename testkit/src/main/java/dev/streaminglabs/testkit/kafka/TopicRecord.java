package dev.streaminglabs.testkit.kafka;

import org.apache.kafka.clients.consumer.ConsumerRecord;

/** A record read back from a topic: where it is (partition, offset), its key and value, and its timestamp (ms). */
public record TopicRecord(int partition, long offset, String key, String value, long timestamp) {

    static TopicRecord of(ConsumerRecord<String, String> record) {
        return new TopicRecord(record.partition(), record.offset(), record.key(), record.value(), record.timestamp());
    }
}
