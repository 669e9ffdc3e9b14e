package dev.streaminglabs.common.kafka;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CopyOnWriteArrayList;

import kafka.server.BrokerServer;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.network.ListenerName;
import org.apache.kafka.common.utils.Exit;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.metadata.storage.Formatter;
import org.apache.kafka.server.common.MetadataVersion;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real Apache Kafka broker in this JVM: one node in KRaft mode (broker and controller, no ZooKeeper), on 127.0.0.1,
 * its log in a temporary folder deleted when it stops. The workbook's own {@code bin/kafka-server-start.sh}.
 *
 * <pre>{@code
 * try (var broker = KafkaBroker.start()) {
 *     KafkaTopics.create(broker.bootstrapServers(), "clicks", 2);
 *     spark.readStream().format("kafka").option("kafka.bootstrap.servers", broker.bootstrapServers())...
 * }
 * }</pre>
 *
 * <p>{@link #stop()} and {@link #restart()} take the broker away and bring it back, as an operator restarting
 * {@code kafka-server-start.sh} would: the same address (its port and its controller's), the same log folder, so
 * every topic and record is still there; a client that was connected reconnects on its own.
 *
 * <p>Kafka ends the JVM ({@code Exit.exit}, {@code Exit.halt}) on a fatal error, as a server process should. Here it
 * shares the JVM with Spark and the tests: once a broker has started, those calls are turned into a logged error and an
 * exception in the broker's thread, so a broker fault can never kill the test JVM or a demo.
 */
public final class KafkaBroker implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(KafkaBroker.class);
    private static final String BROKER_LISTENER = "PLAINTEXT";
    private static final String CONTROLLER_LISTENER = "CONTROLLER";
    private static final int NODE_ID = 1;
    /** A controller port picked free may be taken before the broker binds it: try again with another. */
    private static final int ATTEMPTS = 3;

    private static final List<String> FAULTS = new CopyOnWriteArrayList<>();

    /** What a restart runs with: the first start's settings, with the ports it bound instead of port 0. */
    private final Properties restartProperties;
    private final Path logDir;
    private final String bootstrapServers;
    private KafkaRaftServer server;
    private boolean running = true;
    private boolean closed;

    private KafkaBroker(KafkaRaftServer server, Properties restartProperties, Path logDir, String bootstrapServers) {
        this.server = server;
        this.restartProperties = restartProperties;
        this.logDir = logDir;
        this.bootstrapServers = bootstrapServers;
    }

    /** Starts a broker on 127.0.0.1, on a port the system chooses; returns once it accepts clients. */
    public static KafkaBroker start() {
        neverExitTheJvm();
        RuntimeException last = null;
        for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
            var logDir = createLogDir();
            try {
                return startIn(logDir);
            } catch (RuntimeException e) {
                deleteQuietly(logDir);
                last = e;
                LOG.debug("the embedded Kafka broker did not start (attempt {}): {}", attempt, e.toString());
            }
        }
        throw new IllegalStateException("the embedded Kafka broker did not start: " + last.getMessage(), last);
    }

    private static KafkaBroker startIn(Path logDir) {
        int controllerPort = freePort();
        var properties = new Properties();
        properties.put("process.roles", "broker,controller");
        properties.put("node.id", String.valueOf(NODE_ID));
        properties.put("controller.quorum.voters", NODE_ID + "@127.0.0.1:" + controllerPort);
        // Port 0: the system chooses the broker's port; the address is read back once the broker has bound it.
        properties.put("listeners", BROKER_LISTENER + "://127.0.0.1:0," + CONTROLLER_LISTENER + "://127.0.0.1:"
                + controllerPort);
        properties.put("controller.listener.names", CONTROLLER_LISTENER);
        properties.put("inter.broker.listener.name", BROKER_LISTENER);
        properties.put("listener.security.protocol.map", BROKER_LISTENER + ":PLAINTEXT," + CONTROLLER_LISTENER
                + ":PLAINTEXT");
        properties.put("log.dirs", logDir.toString());
        // One broker: every replication factor is 1, and the internal topics need few partitions.
        properties.put("offsets.topic.replication.factor", "1");
        properties.put("offsets.topic.num.partitions", "1");
        properties.put("transaction.state.log.replication.factor", "1");
        properties.put("transaction.state.log.min.isr", "1");
        properties.put("transaction.state.log.num.partitions", "1");
        properties.put("default.replication.factor", "1");
        properties.put("num.partitions", "1");
        // A consumer group forms at once, instead of waiting 3 s for more members.
        properties.put("group.initial.rebalance.delay.ms", "0");
        // Topics exist because someone created them: a misspelt topic is an error, not a new empty topic.
        properties.put("auto.create.topics.enable", "false");
        // Small and quick: a classroom laptop, not a data centre.
        properties.put("num.network.threads", "2");
        properties.put("num.io.threads", "2");
        properties.put("log.segment.bytes", String.valueOf(16 * 1024 * 1024));
        properties.put("log.flush.interval.messages", String.valueOf(Long.MAX_VALUE));

        var config = new KafkaConfig(properties, false);
        format(logDir);
        var server = new KafkaRaftServer(config, Time.SYSTEM);
        try {
            server.startup();
        } catch (RuntimeException e) {
            stopQuietly(server);
            throw e;
        }
        var bootstrap = "127.0.0.1:" + boundPort(server);
        LOG.debug("embedded Kafka broker at {}, log in {}", bootstrap, logDir);
        var restartProperties = new Properties();
        restartProperties.putAll(properties);
        restartProperties.put("listeners", BROKER_LISTENER + "://" + bootstrap + "," + CONTROLLER_LISTENER
                + "://127.0.0.1:" + controllerPort);
        return new KafkaBroker(server, restartProperties, logDir, bootstrap);
    }

    /** What {@code kafka-storage.sh format} does: a cluster id and the metadata of a new single-node cluster. */
    private static void format(Path logDir) {
        try {
            new Formatter()
                    .setPrintStream(new java.io.PrintStream(java.io.OutputStream.nullOutputStream()))
                    .setClusterId(Uuid.randomUuid().toString())
                    .setNodeId(NODE_ID)
                    .setDirectories(List.of(logDir.toString()))
                    .setMetadataLogDirectory(logDir.toString())
                    .setControllerListenerName(CONTROLLER_LISTENER)
                    .setReleaseVersion(MetadataVersion.LATEST_PRODUCTION)
                    .run();
        } catch (Exception e) {
            throw new IllegalStateException("cannot format the Kafka log folder " + logDir, e);
        }
    }

    /**
     * The port the broker's listener bound. KafkaRaftServer keeps its broker private; its BrokerServer knows the
     * bound port (what Kafka's own test kit reads).
     */
    private static int boundPort(KafkaRaftServer server) {
        try {
            var brokerMethod = KafkaRaftServer.class.getDeclaredMethod("broker");
            brokerMethod.setAccessible(true);
            @SuppressWarnings("unchecked")
            var broker = (scala.Option<BrokerServer>) brokerMethod.invoke(server);
            return broker.get().boundPort(ListenerName.normalised(BROKER_LISTENER));
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot read the embedded Kafka broker's port", e);
        }
    }

    /**
     * Kafka's fatal-error path calls {@code Exit.exit} or {@code Exit.halt}, which end the JVM by default. Here they
     * log the fault, remember it and throw in the failing thread instead: the JVM stays up, the broker stops.
     */
    private static synchronized void neverExitTheJvm() {
        Exit.setExitProcedure((status, message) -> refuse("exit", status, message));
        Exit.setHaltProcedure((status, message) -> refuse("halt", status, message));
    }

    private static void refuse(String call, int status, String message) {
        var fault = "Kafka asked the JVM to %s (status %d): %s".formatted(call, status, message);
        FAULTS.add(fault);
        LOG.error("{} — the embedded broker stops; the JVM keeps running", fault);
        throw new IllegalStateException(fault);
    }

    /** The faults Kafka reported with an exit or halt call since this JVM started (empty when all went well). */
    public static List<String> faults() {
        return List.copyOf(FAULTS);
    }

    /** The address clients connect to: {@code 127.0.0.1:PORT}, for {@code bootstrap.servers}. */
    public String bootstrapServers() {
        return bootstrapServers;
    }

    /** The broker's log folder (its topics' data), kept by {@link #stop()}, deleted at {@link #close()}. */
    public Path logDir() {
        return logDir;
    }

    /**
     * Stops the broker as a shutdown of its process would (its log flushed and closed), and keeps its log folder: the
     * port refuses connections until {@link #restart()}. Stopping a stopped broker does nothing.
     */
    public synchronized void stop() {
        requireNotClosed();
        if (running) {
            running = false;
            stopQuietly(server);
        }
    }

    /**
     * Starts the broker again on the same port and log folder (stopping it first if it runs): its topics, their records
     * and their offsets are as they were; returns once it accepts clients at {@link #bootstrapServers()} again.
     *
     * @throws IllegalStateException if the broker cannot start again, e.g. when another program took its port while it
     *                               was stopped
     */
    public synchronized void restart() {
        requireNotClosed();
        stop();
        var restarted = new KafkaRaftServer(new KafkaConfig(restartProperties, false), Time.SYSTEM);
        try {
            restarted.startup();
        } catch (RuntimeException e) {
            stopQuietly(restarted);
            throw new IllegalStateException("the embedded Kafka broker did not start again at " + bootstrapServers
                    + ": " + e.getMessage(), e);
        }
        server = restarted;
        running = true;
        LOG.debug("embedded Kafka broker at {} started again, log in {}", bootstrapServers, logDir);
    }

    private void requireNotClosed() {
        if (closed) {
            throw new IllegalStateException("the embedded Kafka broker at " + bootstrapServers + " is closed");
        }
    }

    /** Stops the broker, waits until it has stopped and deletes its log folder. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (running) {
            running = false;
            stopQuietly(server);
        }
        deleteQuietly(logDir);
    }

    private static void stopQuietly(KafkaRaftServer server) {
        try {
            server.shutdown();
            server.awaitShutdown();
        } catch (RuntimeException e) {
            LOG.debug("the embedded Kafka broker stopped with an error: {}", e.toString());
        }
    }

    private static Path createLogDir() {
        try {
            return Files.createTempDirectory("kafka-broker-");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a temporary folder for the Kafka broker", e);
        }
    }

    private static void deleteQuietly(Path folder) {
        if (!Files.exists(folder)) {
            return;
        }
        try (var paths = Files.walk(folder)) {
            for (var path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        } catch (IOException | UncheckedIOException e) {
            LOG.debug("could not delete all of {}: {}", folder, e.toString());
        }
    }

    private static int freePort() {
        try (var socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free port on 127.0.0.1 for the Kafka controller", e);
        }
    }
}
