package dev.streaminglabs.testkit.kafka;

import java.time.Duration;
import java.util.List;

import org.apache.spark.sql.streaming.StreamingQuery;
import org.awaitility.Awaitility;

import dev.streaminglabs.common.kafka.KafkaBroker;
import dev.streaminglabs.testkit.LogCapture;
import dev.streaminglabs.testkit.QueryRun;

/**
 * A Kafka broker taken away while a query reads from it, then brought back on the same address and log folder: the
 * broker drill. While it is away, the Kafka clients of the query (Spark's source asks the broker for the newest
 * offsets before every trigger) warn about every failed connection, twice a second; those warnings are what the drill
 * provokes, so they are captured and kept for the test instead of printed.
 *
 * <pre>{@code
 * try (var outage = BrokerOutage.begin(broker)) {   // the broker stops
 *     outage.awaitNoticedBy(query);                 // a client of the query tried it, and the query still runs
 * }                                                 // the broker starts again, on the same port
 * }</pre>
 */
public final class BrokerOutage implements AutoCloseable {

    /** What the drill makes Kafka's clients and Spark's Kafka source say: their loggers, by package. */
    private static final String[] CLIENT_LOGGERS = {"org.apache.kafka.clients", "org.apache.spark.sql.kafka010"};
    /** How a Kafka client says it found no broker at an address: "Connection to node 1 (...) could not be established". */
    private static final String CONNECTION_REFUSED = "could not be established";
    private static final Duration NOTICE_TIMEOUT = Duration.ofSeconds(60);

    private final KafkaBroker broker;
    private final LogCapture clientLogs;
    private boolean over;

    private BrokerOutage(KafkaBroker broker, LogCapture clientLogs) {
        this.broker = broker;
        this.clientLogs = clientLogs;
    }

    /** Stops the broker (its topics are kept); what the Kafka clients say from now on is captured. */
    public static BrokerOutage begin(KafkaBroker broker) {
        var clientLogs = LogCapture.of(CLIENT_LOGGERS);
        try {
            broker.stop();
        } catch (RuntimeException e) {
            clientLogs.close();
            throw e;
        }
        return new BrokerOutage(broker, clientLogs);
    }

    /**
     * Waits until a Kafka client has tried the stopped broker and failed to connect (the query's, when no other client
     * of that broker runs); gives up at once, with the query's own error, if the query dies while it waits.
     */
    public void awaitNoticedBy(StreamingQuery query) {
        Awaitility.await("a Kafka client trying the stopped broker at " + broker.bootstrapServers())
                .atMost(NOTICE_TIMEOUT)
                .failFast(() -> {
                    if (!query.isActive()) {
                        QueryRun.processAllAvailable(query);   // throws the query's own error, explained
                        throw new AssertionError("the query stopped while the broker was down");
                    }
                })
                .until(() -> refusedConnections() > 0);
    }

    /**
     * Waits until the query has stopped (a source that gave up on the broker), at most {@code timeout}; returns its
     * error.
     */
    public Throwable awaitDeathOf(StreamingQuery query, Duration timeout) {
        Awaitility.await("the query giving up on the stopped broker at " + broker.bootstrapServers())
                .atMost(timeout)
                .until(() -> !query.isActive());
        if (query.exception().isEmpty()) {
            throw new AssertionError("the query stopped without an error while the broker was down");
        }
        return query.exception().get();
    }

    /** How many times a Kafka client failed to connect to the stopped broker (its address, not another's) so far. */
    public long refusedConnections() {
        var address = "/" + broker.bootstrapServers() + ")";
        return clientLogs.messages().stream()
                .filter(message -> message.contains(CONNECTION_REFUSED) && message.contains(address)).count();
    }

    /** Everything the Kafka clients logged during the outage. */
    public List<LogCapture.Logged> clientLogs() {
        return clientLogs.events();
    }

    /** Ends the outage: the broker starts again on the same port and log folder; the clients print again. */
    @Override
    public void close() {
        if (over) {
            return;
        }
        over = true;
        try {
            broker.restart();
        } finally {
            clientLogs.close();
        }
    }
}
