package dev.streaminglabs.lab06;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.streaminglabs.testkit.kafka.TestKafka;
import dev.streaminglabs.testkit.kafka.TopicReader;
import dev.streaminglabs.testkit.kafka.TopicRecord;

/** An output topic read back by a real consumer, and its JSON values read the way a dashboard would. */
final class OutputTopic {

    private static final ObjectMapper JSON = new ObjectMapper();

    private OutputTopic() {
    }

    static List<TopicRecord> records(String topic) {
        return TopicReader.readAll(TestKafka.bootstrapServers(), topic);
    }

    /** Where a record is: {@code "partition 1 offset 4"}. */
    static String where(TopicRecord record) {
        return "partition %d offset %d".formatted(record.partition(), record.offset());
    }

    static JsonNode json(TopicRecord record) {
        try {
            return JSON.readTree(record.value());
        } catch (Exception e) {
            throw new AssertionError("the record at offset %d of partition %d is not JSON: %s"
                    .formatted(record.offset(), record.partition(), record.value()), e);
        }
    }

    /**
     * The last count of each (page, minute) in the topic — what a consumer that keeps the newest value of each ends
     * with: {@code "/cart @ 09:00" → 3}.
     */
    static Map<String, Long> lastCountPerPageAndMinute(List<TopicRecord> records) {
        var counts = new TreeMap<String, Long>();
        for (var record : records) {
            var value = json(record);
            var minute = value.path("window_start").asText("?");
            var label = value.path("page").asText("?") + " @ "
                    + (minute.length() >= 16 ? minute.substring(11, 16) : minute);
            counts.put(label, value.path("clicks").asLong(-1));
        }
        return counts;
    }
}
