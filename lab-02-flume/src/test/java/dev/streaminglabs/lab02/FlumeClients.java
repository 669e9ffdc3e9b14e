package dev.streaminglabs.lab02;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import org.apache.flume.Event;
import org.apache.flume.EventDeliveryException;
import org.apache.flume.api.RpcClient;
import org.apache.flume.api.RpcClientFactory;
import org.apache.flume.event.EventBuilder;

/** Flume's own RPC client, the one its avro sink uses, pointed at a receiver on 127.0.0.1. */
final class FlumeClients {

    private FlumeClients() {
    }

    /** Flume's RpcClient, closeable with try-with-resources. */
    record Client(RpcClient rpc) implements AutoCloseable {
        void append(Event event) throws EventDeliveryException {
            rpc.append(event);
        }

        void appendBatch(List<Event> events) throws EventDeliveryException {
            rpc.appendBatch(events);
        }

        @Override
        public void close() {
            rpc.close();
        }
    }

    /** An Avro RPC client to {@code 127.0.0.1:port}, with short timeouts so that a broken test fails fast. */
    static Client connect(int port) {
        var properties = new Properties();
        properties.setProperty("client.type", "default");
        properties.setProperty("hosts", "receiver");
        properties.setProperty("hosts.receiver", "127.0.0.1:" + port);
        properties.setProperty("batch-size", "1000");
        properties.setProperty("connect-timeout", "10000");
        properties.setProperty("request-timeout", "20000");
        return new Client(RpcClientFactory.getInstance(properties));
    }

    /** An event whose body is {@code text} in UTF-8. */
    static Event event(String text) {
        return EventBuilder.withBody(text, StandardCharsets.UTF_8);
    }

    static Event event(String text, Map<String, String> headers) {
        return EventBuilder.withBody(text.getBytes(StandardCharsets.UTF_8), headers);
    }

    static List<Event> events(String... texts) {
        return java.util.Arrays.stream(texts).map(FlumeClients::event).toList();
    }
}
