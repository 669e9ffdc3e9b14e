package dev.streaminglabs.lab02;

import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;

import org.apache.flume.instrumentation.util.JMXPollUtil;
import org.apache.flume.node.Application;
import org.apache.flume.node.PropertiesFileConfigurationProvider;
import org.apache.spark.streaming.Duration;

/**
 * A real Flume agent, in this JVM, started from the lab's agent configuration ({@code flume/avro.conf}, shaped like
 * the course's): an exec source runs {@code tail} on a log file, a memory channel holds the lines, an avro sink sends
 * them to {@code 127.0.0.1:port}. The same as {@code bin/flume-ng agent --conf-file avro.conf --name agent1}, without
 * installing Flume, with two lines changed for the tests and the demo: the log file and the receiver's port, and
 * {@code tail -n +1} so that the lines written before the agent starts are sent too.
 *
 * <p>To run that configuration as it is, in a JVM of its own, as the course does: {@link FlumeAgentCommand}.
 */
public final class FlumeAgent implements AutoCloseable {

    /** The agent's name in the configuration. */
    public static final String NAME = "agent1";
    /** The name of its exec source in the configuration. */
    public static final String SOURCE = "tailLog";
    /** The name of its avro sink in the configuration. */
    public static final String SINK = "spark";
    /** The configuration, on the classpath: {@code lab-02-flume/src/main/resources/flume/avro.conf}. */
    public static final String CONFIGURATION = "/flume/avro.conf";

    private final Application application;
    private final Path configuration;

    private FlumeAgent(Application application, Path configuration) {
        this.application = application;
        this.configuration = configuration;
    }

    /** Starts the agent: it tails {@code logFile} and sends to {@code 127.0.0.1:port}. */
    public static FlumeAgent start(Path logFile, int port, Path workDir) {
        var configuration = writeConfiguration(logFile, port, workDir);
        var provider = new PropertiesFileConfigurationProvider(NAME, configuration.toFile());
        var application = new Application();
        application.handleConfigurationEvent(provider.getConfiguration());
        application.start();
        return new FlumeAgent(application, configuration);
    }

    /**
     * For the demo: starts the agent in the background as soon as the receiver of stream 0 listens (its port is
     * known only then). {@link StartedLater#stopOnceDelivered} stops it cleanly; {@code close} at once.
     */
    static StartedLater startWhenListening(Path logFile, Path workDir) {
        return new StartedLater(logFile, workDir);
    }

    /**
     * How many events the avro sink has delivered: sent, and acknowledged by the receiver. Flume publishes the
     * counters of its sources, channels and sinks as JMX MBeans (what {@code flume-ng agent
     * -Dflume.monitoring.type=http} serves as JSON), by component name: with several agents in one JVM, these are
     * the counters of the last one started.
     */
    public long eventsDelivered() {
        var counters = JMXPollUtil.getAllMBeans().get("SINK." + SINK);
        return counters == null ? 0 : Long.parseLong(counters.getOrDefault("EventDrainSuccessCount", "0"));
    }

    /** The demo's agent, started by a background thread once the receiver listens. */
    static final class StartedLater implements AutoCloseable {
        private final AtomicReference<FlumeAgent> agent = new AtomicReference<>();
        private final Thread starter;
        // Not an interrupt: Flume's start, interrupted, fails with an ERROR (it sleeps while its channel starts).
        private volatile boolean cancelled;

        private StartedLater(Path logFile, Path workDir) {
            starter = new Thread(() -> {
                while (FlumeReceiver.boundPort(0).isEmpty() && !cancelled) {
                    LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(50));
                }
                if (!cancelled) {
                    int port = FlumeReceiver.boundPort(0).getAsInt();
                    System.out.printf("Flume agent %s: tail -n +1 -F %s -> avro sink -> 127.0.0.1:%d%n", NAME,
                            logFile, port);
                    agent.set(start(logFile, port, workDir));
                }
            }, "flume-agent-starter");
            starter.setDaemon(true);
            starter.start();
        }

        /**
         * Waits until the agent has started and delivered {@code events} events (all the lines written to its log),
         * then stops it between two deliveries. Its avro sink fills a batch from the channel (waiting up to the
         * channel's keep-alive, 1 s in avro.conf, for each event), sends it, and waits for the receiver's
         * answer; stopped while it holds a batch, it sends it interrupted, fails it ("Interrupted in handshake", an
         * ERROR from Flume's SinkRunner) and puts it back in its channel, lost with the agent. After {@code limit},
         * the agent is stopped anyway, and the demo says so.
         *
         * @return the events the agent delivered, 0 if it never started
         */
        long stopOnceDelivered(long events, java.time.Duration limit) throws InterruptedException {
            long deadline = System.nanoTime() + limit.toNanos();
            starter.join(limit.toMillis());   // the agent starts once the receiver listens
            cancelled = true;
            starter.join();
            var running = agent.get();
            if (running == null) {
                System.out.printf("The Flume agent did not start: the receiver was not listening after %d s.%n",
                        limit.toSeconds());
                return 0;
            }
            while (running.eventsDelivered() < events && System.nanoTime() < deadline) {
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(50));
            }
            long delivered = running.eventsDelivered();
            if (delivered < events) {
                System.out.printf("The agent delivered %d of %d lines in %d s: stopping it anyway (Flume logs the"
                        + " batch it is sending as an ERROR).%n", delivered, events, limit.toSeconds());
            }
            close();
            return delivered;
        }

        /** Stops the starter and, if it started, the agent, at once. */
        @Override
        public void close() throws InterruptedException {
            cancelled = true;
            starter.join();
            var running = agent.getAndSet(null);
            if (running != null) {
                running.close();
            }
        }
    }

    /** The properties file the agent read, placeholders filled in. */
    public Path configuration() {
        return configuration;
    }

    /** Stops the source (and its {@code tail} process), the channel and the sink. */
    @Override
    public void close() {
        application.stop();
    }

    /** The lab's configuration, with this log file and this port, written to {@code workDir/agent.properties}. */
    private static Path writeConfiguration(Path logFile, int port, Path workDir) {
        try (var in = FlumeAgent.class.getResourceAsStream(CONFIGURATION)) {
            if (in == null) {
                throw new IllegalStateException("the agent's configuration " + CONFIGURATION + " is not on the classpath");
            }
            var properties = new Properties();
            properties.load(new InputStreamReader(in, StandardCharsets.UTF_8));
            var source = NAME + ".sources." + SOURCE + ".";
            var sink = NAME + ".sinks." + SINK + ".";
            properties.setProperty(source + "command", "tail -n +1 -F " + logFile.toAbsolutePath());
            properties.setProperty(sink + "hostname", "127.0.0.1");
            properties.setProperty(sink + "port", String.valueOf(port));
            var file = workDir.resolve("agent.properties");
            try (var out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
                properties.store(out, "flume/avro.conf, for the log file " + logFile + " and the port " + port);
            }
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the agent's configuration in " + workDir, e);
        }
    }
}
