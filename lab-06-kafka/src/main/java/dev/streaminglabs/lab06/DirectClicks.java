package dev.streaminglabs.lab06;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.spark.streaming.api.java.JavaInputDStream;
import org.apache.spark.streaming.api.java.JavaStreamingContext;
import org.apache.spark.streaming.kafka010.CanCommitOffsets;
import org.apache.spark.streaming.kafka010.ConsumerStrategies;
import org.apache.spark.streaming.kafka010.HasOffsetRanges;
import org.apache.spark.streaming.kafka010.KafkaUtils;
import org.apache.spark.streaming.kafka010.LocationStrategies;
import org.apache.spark.streaming.kafka010.PerPartitionConfig;

import dev.streaminglabs.common.NotDoneYet;

/**
 * Step 6 — the DStream way: the same topic read by Spark Streaming's direct stream, clicks counted per page in each
 * batch, and the offsets of each batch committed to Kafka once its output is done.
 *
 * <p>No receiver: at each batch interval the driver asks Kafka for the newest offsets and the batch's RDD has one
 * partition per Kafka partition, each reading its own offset range ({@code HasOffsetRanges}). Where a consumer group
 * stands is Kafka's to keep, but only if the app commits it ({@code CanCommitOffsets.commitAsync}) — after its
 * output, so that a crash between the two re-reads a batch rather than losing it.
 */
public final class DirectClicks {

    /** Where the records that are not a click are counted, so that none vanishes. */
    public static final String DEAD_LETTER = "<dead letter>";

    private static final ObjectMapper JSON = new ObjectMapper();

    private DirectClicks() {
    }

    /**
     * The consumer's settings: the brokers, string keys and values, the consumer group {@code groupId}, a group with
     * no committed offset starts at the first record, and no automatic commit (the app commits, after its output).
     */
    public static Map<String, Object> kafkaParams(String bootstrapServers, String groupId) {
        // TODO Step 6a: the six consumer settings the comment lists (ConsumerConfig has their names).
        throw new NotDoneYet("lab-06-kafka", 6, "configure the consumer");
    }

    /**
     * A direct stream of {@code topic}'s records, its tasks spread evenly over the executors, reading at most
     * {@code maxRecordsPerSecondPerPartition} records a second from each partition (a batch of 1 s: that many).
     */
    public static JavaInputDStream<ConsumerRecord<String, String>> stream(
            JavaStreamingContext context, String topic, Map<String, Object> kafkaParams,
            long maxRecordsPerSecondPerPartition) {
        // TODO Step 6b: KafkaUtils.createDirectStream: a location strategy, a consumer strategy that subscribes to
        //   the topic, and a RateLimit.
        throw new NotDoneYet("lab-06-kafka", 6, "create the direct stream");
    }

    /**
     * For each batch: counts the clicks per page ({@link #pageOf}) and hands the counts to {@code output}; then, the
     * output done, commits the batch's offset ranges to the consumer group.
     */
    public static void countAndCommit(JavaInputDStream<ConsumerRecord<String, String>> stream,
                                      Consumer<Map<String, Long>> output) {
        // TODO Step 6c: for each batch's RDD: its offset ranges (HasOffsetRanges), the count of each page, the
        //   output, and only then the commit (CanCommitOffsets.commitAsync).
        throw new NotDoneYet("lab-06-kafka", 6, "count, output, then commit the offsets");
    }

    /** The page of a click's JSON value; {@link #DEAD_LETTER} for a value that is not a click (or no value). */
    public static String pageOf(String value) {
        if (value == null) {
            return DEAD_LETTER;
        }
        try {
            var page = JSON.readTree(value).path(ClickStream.PAGE);
            return page.isTextual() ? page.asText() : DEAD_LETTER;
        } catch (java.io.IOException malformed) {
            return DEAD_LETTER;
        }
    }

    /**
     * The same limit for every partition: what {@code spark.streaming.kafka.maxRatePerPartition} sets for a whole
     * application, given here per stream.
     */
    static final class RateLimit extends PerPartitionConfig {
        private static final long serialVersionUID = 1L;
        private final long recordsPerSecond;

        RateLimit(long recordsPerSecond) {
            this.recordsPerSecond = recordsPerSecond;
        }

        @Override
        public long maxRatePerPartition(TopicPartition partition) {
            return recordsPerSecond;
        }
    }
}
