package dev.streaminglabs.lab02;

import java.net.BindException;
import java.net.InetSocketAddress;
import java.util.Iterator;
import java.util.Map;
import java.util.OptionalInt;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import io.netty.channel.DefaultEventLoopGroup;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.util.concurrent.DefaultThreadFactory;
import org.apache.avro.ipc.netty.NettyServer;
import org.apache.avro.ipc.specific.SpecificResponder;
import org.apache.flume.source.avro.AvroSourceProtocol;
import org.apache.spark.storage.StorageLevel;
import org.apache.spark.streaming.receiver.Receiver;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.streaminglabs.common.NotDoneYet;
import dev.streaminglabs.lab02.FlumeBatchHandler.Delivery;

/**
 * Step 3 — a push receiver: an Avro RPC server that a Flume agent's avro sink sends its events to.
 *
 * <p>Spark had one built in ({@code FlumeUtils.createStream}) until 3.0; this is what it did. Spark runs a receiver
 * as a long task on an executor: it calls {@link #onStart()} there, and {@link #onStop()} when the stream stops or
 * the receiver restarts. {@code onStart} must return quickly: the work happens on threads the receiver starts —
 * here Netty's event loops, which accept the agent's connections, read its requests and answer them.
 *
 * <p>The object is built on the driver and shipped to the executor, so everything it holds must be serializable; the
 * server and its threads exist only on the executor, in {@code transient} fields, created by {@code onStart}.
 */
public final class FlumeReceiver extends Receiver<FlumeLine> implements FlumeBatchHandler.LineStore {

    private static final Logger LOG = LoggerFactory.getLogger(FlumeReceiver.class);

    /**
     * The port each running receiver listens on, by stream id. The agent (and a test) must know the port, which an
     * ephemeral port makes known only once the server is bound. A static map works because in local mode the
     * receiver runs in the driver's JVM; on a cluster it runs on some executor, and one would give the receiver a
     * fixed port and a preferred host instead.
     */
    private static final Map<Integer, Integer> BOUND_PORTS = new ConcurrentHashMap<>();

    private final String host;
    private final int port;
    private final Delivery delivery;

    private transient NettyServer server;
    private transient EventLoops eventLoops;

    /**
     * @param host         the address to listen on, {@code 127.0.0.1} in this workbook
     * @param port         the port to listen on, 0 for any free one (see {@link #boundPort})
     * @param delivery     when to answer the agent (step 2)
     * @param storageLevel how Spark keeps the received blocks
     */
    public FlumeReceiver(String host, int port, Delivery delivery, StorageLevel storageLevel) {
        super(storageLevel);
        this.host = host;
        this.port = port;
        this.delivery = delivery;
    }

    /** The port the receiver of stream {@code streamId} listens on, once it does. */
    public static OptionalInt boundPort(int streamId) {
        var bound = BOUND_PORTS.get(streamId);
        return bound == null ? OptionalInt.empty() : OptionalInt.of(bound);
    }

    /**
     * Starts the Avro server on {@code host:port}, serving Flume's {@link AvroSourceProtocol} with a
     * {@link FlumeBatchHandler} that stores into this receiver, and records the bound port.
     *
     * @throws IllegalStateException with a message that names the address when the port is taken
     */
    @Override
    public void onStart() {
        // TODO Step 3a: start the EventLoops; make a SpecificResponder that serves AvroSourceProtocol with a
        //  FlumeBatchHandler storing into this receiver; bind a NettyServer on host:port with it and the event loops
        //  (if that fails: shut the loops down, throw cannotListen(e)); start it; record its port in BOUND_PORTS.
        throw new NotDoneYet("lab-02-flume", 3, "start the receiver's Avro server");
    }

    /** Closes the server and its threads; Spark may call {@link #onStart()} again afterwards (a restart). */
    @Override
    public void onStop() {
        if (server == null) {
            return;   // onStart failed before the server existed: nothing to close
        }
        // TODO Step 3b: forget the port (BOUND_PORTS), shut the event loops down, close the server and forget it.
        throw new NotDoneYet("lab-02-flume", 3, "stop the receiver's Avro server");
    }

    @Override
    public void storeBatch(Iterator<FlumeLine> lines) {
        store(lines);
    }

    @Override
    public void storeOne(FlumeLine line) {
        store(line);
    }

    private IllegalStateException cannotListen(Exception cause) {
        var why = cause instanceof BindException
                ? "the port is already in use (another agent, receiver or program?). Choose another port, or 0 for"
                  + " any free one"
                : cause.toString();
        return new IllegalStateException(
                "Flume receiver %d cannot listen on %s:%d: %s".formatted(streamId(), host, port, why), cause);
    }

    /**
     * The receiver's own Netty threads: one accepts connections, one reads and writes them, one calls the handler
     * (so that a blocking {@code store} never stalls the network). Avro's server would otherwise make its own and,
     * when closed, wait two seconds of "quiet period" for each group.
     */
    record EventLoops(EventLoopGroup boss, EventLoopGroup workers, EventLoopGroup callers) {

        static EventLoops start(String name) {
            return new EventLoops(new NioEventLoopGroup(1, new DefaultThreadFactory(name + "-accept", true)),
                    new NioEventLoopGroup(1, new DefaultThreadFactory(name + "-io", true)),
                    new DefaultEventLoopGroup(1, new DefaultThreadFactory(name + "-store", true)));
        }

        void shutdown() {
            for (var group : new EventLoopGroup[] {boss, workers, callers}) {
                group.shutdownGracefully(0, 5, TimeUnit.SECONDS).syncUninterruptibly();
            }
        }
    }
}
