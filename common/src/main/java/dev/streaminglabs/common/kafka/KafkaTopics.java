package dev.streaminglabs.common.kafka;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;

/**
 * Topics, as {@code kafka-topics.sh} handles them: create one, check that one exists before a query depends on it.
 *
 * <pre>{@code
 * KafkaTopics.create(bootstrap, "clicks", 2);            // 2 partitions, replication factor 1
 * KafkaTopics.requireTopic(bootstrap, "clicks", Duration.ofSeconds(5));
 * }</pre>
 *
 * Spark's Kafka source does not fail on a broker that is not there, nor on a topic that does not exist: it waits
 * (retrying for minutes) or reads nothing. {@link #requireTopic} turns both into a clear error within seconds.
 */
public final class KafkaTopics {

    /** How long {@link #create} and the checks wait for a broker's answer by default. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);

    private KafkaTopics() {
    }

    /**
     * Creates {@code topic} with {@code partitions} partitions (replication factor 1); an existing topic is kept.
     * Returns once every partition has a leader, so that the first record sent to it is accepted at once.
     */
    public static void create(String bootstrapServers, String topic, int partitions) {
        try (var admin = admin(bootstrapServers, DEFAULT_TIMEOUT)) {
            try {
                admin.createTopics(List.of(new NewTopic(topic, partitions, (short) 1)))
                        .all().get(DEFAULT_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof TopicExistsException)) {
                    throw new IllegalStateException("cannot create the topic '%s' on the Kafka broker at %s: %s"
                            .formatted(topic, bootstrapServers, e.getCause().getMessage()), e.getCause());
                }
            }
            awaitLeaders(admin, topic);
        } catch (ExecutionException e) {
            throw new IllegalStateException("cannot describe the topic '%s' on the Kafka broker at %s: %s"
                    .formatted(topic, bootstrapServers, e.getCause().getMessage()), e.getCause());
        } catch (TimeoutException e) {
            throw unreachable(bootstrapServers, DEFAULT_TIMEOUT, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while creating the topic " + topic, e);
        }
    }

    private static void awaitLeaders(Admin admin, String topic)
            throws ExecutionException, TimeoutException, InterruptedException {
        long deadline = System.nanoTime() + DEFAULT_TIMEOUT.toNanos();
        while (true) {
            try {
                var description = admin.describeTopics(List.of(topic)).allTopicNames()
                        .get(DEFAULT_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS).get(topic);
                if (description.partitions().stream().allMatch(partition -> partition.leader() != null
                        && !partition.leader().isEmpty())) {
                    return;
                }
            } catch (ExecutionException e) {
                // Just created: the broker may not know the topic yet ("does not host this topic-partition").
                if (!(e.getCause() instanceof UnknownTopicOrPartitionException)) {
                    throw e;
                }
            }
            if (System.nanoTime() > deadline) {
                throw new TimeoutException("the partitions of " + topic + " have no leader yet");
            }
            java.util.concurrent.locks.LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));
        }
    }

    /** The names of the topics on the broker (internal ones excepted). */
    public static Set<String> list(String bootstrapServers, Duration timeout) {
        try (var admin = admin(bootstrapServers, timeout)) {
            return admin.listTopics().names().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw unreachable(bootstrapServers, timeout, e);
        } catch (ExecutionException e) {
            throw unreachable(bootstrapServers, timeout, e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while listing the topics of " + bootstrapServers, e);
        }
    }

    /**
     * Fails within {@code timeout}, with a message that names the address and the topic, when no broker answers at
     * {@code bootstrapServers} or when {@code topic} does not exist there.
     */
    public static void requireTopic(String bootstrapServers, String topic, Duration timeout) {
        var topics = list(bootstrapServers, timeout);
        if (!topics.contains(topic)) {
            throw new IllegalStateException("""
                    the topic '%s' does not exist on the Kafka broker at %s (topics there: %s). Is the name right? \
                    Topics are not created on first use here: create it first.""".formatted(topic, bootstrapServers,
                    topics.stream().sorted().toList()));
        }
    }

    private static IllegalStateException unreachable(String bootstrapServers, Duration timeout, Throwable cause) {
        return new IllegalStateException("""
                no Kafka broker answered at %s within %d s. Is the broker running, and is the address right?"""
                .formatted(bootstrapServers, timeout.toSeconds()), cause);
    }

    /**
     * The client id of the harness's admin clients. While no broker answers, Kafka's client logs a warning every
     * half second; the check says it once, clearly, instead: log4j2.properties silences these by this id.
     */
    public static final String CLIENT_ID = "streaminglabs-topics";

    private static Admin admin(String bootstrapServers, Duration timeout) {
        var properties = new Properties();
        properties.putAll(Map.of(
                AdminClientConfig.CLIENT_ID_CONFIG, CLIENT_ID,
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) timeout.toMillis(),
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) timeout.toMillis(),
                // A broker that is not there: try again soon, but not in a tight loop.
                AdminClientConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, 500));
        return Admin.create(properties);
    }
}
