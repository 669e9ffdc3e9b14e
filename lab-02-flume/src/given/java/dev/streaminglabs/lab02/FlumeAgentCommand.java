package dev.streaminglabs.lab02;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Map;
import java.util.TreeMap;

import org.apache.flume.instrumentation.util.JMXPollUtil;
import org.apache.flume.node.Application;

import dev.streaminglabs.common.Demo;
import dev.streaminglabs.common.StopSignal;

/**
 * {@code flume-ng agent}, from Maven's jars: a real Flume agent in a JVM of its own, as in the course's demo 2, with
 * no Flume installation. It runs Flume's own main class ({@code org.apache.flume.node.Application}, what
 * {@code flume-ng agent} runs) with the same options, and adds what a live class needs:
 *
 * <ul>
 *   <li>a status line whenever something changes: lines read by each source, events waiting in each channel, events
 *       delivered by each sink, and, in words, why a sink cannot deliver (the app not listening yet);</li>
 *   <li>no orphan: the agent (and the {@code tail} its exec source runs) stops when Maven stops, or on Ctrl-C.</li>
 * </ul>
 *
 * <pre>
 * ./mvnw -q -pl lab-02-flume -am compile exec:exec@flume-agent          # flume/avro.conf, agent1
 * ./mvnw -q -pl lab-02-flume -am compile exec:exec@flume-agent -Dargs="--conf-file my.conf --name a1"
 * </pre>
 *
 * With no options, it runs {@code --conf-file src/main/resources/flume/avro.conf --name agent1} (relative to
 * {@code lab-02-flume/}, where Maven runs it).
 */
public final class FlumeAgentCommand {

    /** How the READMEs and the demo's messages say to run it. */
    public static final String COMMAND = "./mvnw -q -pl lab-02-flume -am compile exec:exec@flume-agent";

    /** The options {@code flume-ng agent} would get, when none are given. */
    static final String[] DEFAULT_OPTIONS = {"--conf-file", "src/main/resources/flume/avro.conf", "--name", "agent1"};

    /** How often the status is looked at; a line is printed only when it changed. */
    private static final Duration STATUS_EVERY = Duration.ofSeconds(2);

    /** Flume's loggers that repeat, with a stack trace every few seconds, what the status line says in words. */
    private static final String[] RETRY_LOGGERS = {
        "org.apache.flume.sink.AbstractRpcSink", "org.apache.flume.SinkRunner", "org.apache.flume.sink.AvroSink",
    };

    private FlumeAgentCommand() {
    }

    public static void main(String[] args) throws Exception {
        var options = args.length == 0 ? DEFAULT_OPTIONS : args;
        var out = System.out;
        var stop = StopSignal.install(out);
        Demo.silence(RETRY_LOGGERS);
        out.println("Flume agent: flume-ng agent " + String.join(" ", options)
                + "  (Ctrl-C stops it; it also stops with Maven)");
        Application.main(options);
        String last = null;
        while (!stop.await(STATUS_EVERY)) {
            var status = status();
            if (!status.equals(last)) {
                out.println(status);
                last = status;
            }
        }
        out.println("Stopping the agent: its source (and tail), its channel, its sink. Events still in a memory"
                + " channel are lost with it.");
        System.exit(0);   // Flume's shutdown hook stops the components
    }

    /** One line: what every source, channel and sink of the agent did so far, from Flume's own counters (JMX). */
    static String status() {
        var sources = new ArrayList<String>();
        var channels = new ArrayList<String>();
        var sinks = new ArrayList<String>();
        new TreeMap<>(JMXPollUtil.getAllMBeans()).forEach((name, counters) -> {
            if (name.startsWith("SOURCE.")) {
                sources.add("source %s read %s lines".formatted(name.substring(7),
                        counters.getOrDefault("EventReceivedCount", "0")));
            } else if (name.startsWith("CHANNEL.")) {
                channels.add("channel %s holds %s".formatted(name.substring(8),
                        counters.getOrDefault("ChannelSize", "0")));
            } else if (name.startsWith("SINK.")) {
                sinks.add("sink %s delivered %s%s".formatted(name.substring(5),
                        counters.getOrDefault("EventDrainSuccessCount", "0"), connection(counters)));
            }
        });
        var parts = new ArrayList<String>(sources);
        parts.addAll(channels);
        parts.addAll(sinks);
        return parts.isEmpty() ? "agent: starting…" : "agent: " + String.join(" · ", parts);
    }

    /** " (cannot connect: ...)" while an RPC sink has failed to connect and holds no connection, else nothing. */
    private static String connection(Map<String, String> counters) {
        long failed = Long.parseLong(counters.getOrDefault("ConnectionFailedCount", "0"));
        long created = Long.parseLong(counters.getOrDefault("ConnectionCreatedCount", "0"));
        long closed = Long.parseLong(counters.getOrDefault("ConnectionClosedCount", "0"));
        return failed > 0 && created <= closed
                ? " (cannot connect: is the app listening, with --listen and this host and port? Flume tries again)"
                : "";
    }
}
