package dev.streaminglabs.common.kafka;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * A real Kafka producer of events: clicks sent one by one or played at a steady rate, and — for the lessons on bad
 * input — any key and value, a malformed one or a null one.
 *
 * <pre>{@code
 * try (var producer = EventProducer.to(bootstrap, "clicks")) {
 *     producer.send(clicks);                        // key: the user, value: JSON; waits until the broker has them
 *     producer.sendRaw("u1", "{not json");          // a malformed value
 *     producer.play(generator::nextNow, 200);       // 200 clicks a second, in the background
 * }
 * }</pre>
 */
public final class EventProducer implements AutoCloseable {

    private final KafkaProducer<String, String> producer;
    private final String topic;
    private final AtomicLong sent = new AtomicLong();
    private volatile boolean closed;
    private volatile Thread player;

    private EventProducer(KafkaProducer<String, String> producer, String topic) {
        this.producer = producer;
        this.topic = topic;
    }

    /** A producer to {@code topic} on the broker at {@code bootstrapServers}. */
    public static EventProducer to(String bootstrapServers, String topic) {
        var properties = new Properties();
        properties.putAll(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName(),
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName(),
                // Every record acknowledged by the broker, none written twice by a retry.
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                // A live demo measures latency: send at once rather than wait to fill a batch.
                ProducerConfig.LINGER_MS_CONFIG, 0,
                ProducerConfig.MAX_BLOCK_MS_CONFIG, (int) KafkaTopics.DEFAULT_TIMEOUT.toMillis()));
        return new EventProducer(new KafkaProducer<>(properties), topic);
    }

    /** Sends the clicks (key: the user, value: JSON) and waits until the broker has acknowledged all of them. */
    public void send(List<Click> clicks) {
        var acknowledgements = clicks.stream()
                .map(click -> producer.send(new ProducerRecord<>(topic, click.user(), click.toJson())))
                .toList();
        producer.flush();
        for (var acknowledgement : acknowledgements) {
            await(acknowledgement);
        }
        sent.addAndGet(clicks.size());
    }

    /** Sends one record with any key and value (either may be null) and waits for the broker's acknowledgement. */
    public void sendRaw(String key, String value) {
        await(producer.send(new ProducerRecord<>(topic, key, value)));
        sent.incrementAndGet();
    }

    /** Sends one record to the given partition and waits for the broker's acknowledgement. */
    public void sendTo(int partition, String key, String value) {
        await(producer.send(new ProducerRecord<>(topic, partition, key, value)));
        sent.incrementAndGet();
    }

    private void await(java.util.concurrent.Future<?> acknowledgement) {
        try {
            acknowledgement.get(KafkaTopics.DEFAULT_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException | java.util.concurrent.TimeoutException e) {
            throw new IllegalStateException("the broker did not acknowledge a record sent to the topic " + topic, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while sending to " + topic, e);
        }
    }

    /**
     * Sends clicks from {@code source} at a steady rate, in the background, until {@link #close()}.
     *
     * @param clicksPerSecond how many clicks each second, spread evenly over the second
     */
    public EventProducer play(Supplier<Click> source, double clicksPerSecond) {
        long pauseNanos = (long) (TimeUnit.SECONDS.toNanos(1) / clicksPerSecond);
        player = new Thread(() -> {
            long nextAt = System.nanoTime();
            while (!closed) {
                var click = source.get();
                producer.send(new ProducerRecord<>(topic, click.user(), click.toJson()));
                sent.incrementAndGet();
                nextAt += pauseNanos;
                long waitNanos = nextAt - System.nanoTime();
                if (waitNanos > 0) {
                    LockSupport.parkNanos(waitNanos);   // pacing a producer, not waiting for a result
                }
            }
        }, "event-producer-" + topic);
        player.setDaemon(true);
        player.start();
        return this;
    }

    /** How many records this producer has sent. */
    public long sent() {
        return sent.get();
    }

    @Override
    public void close() {
        closed = true;
        if (player != null) {
            try {
                player.join(TimeUnit.SECONDS.toMillis(5));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        producer.close(Duration.ofSeconds(5));
    }
}
