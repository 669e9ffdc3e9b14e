package dev.streaminglabs.lab02;

import static dev.streaminglabs.lab02.FlumeClients.event;
import static dev.streaminglabs.lab02.FlumeClients.events;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.DataOutputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;

import org.apache.avro.ipc.netty.NettyTransceiver;
import org.apache.avro.ipc.specific.SpecificRequestor;
import org.apache.flume.event.EventBuilder;
import org.apache.flume.source.avro.AvroSourceProtocol;
import org.apache.flume.source.avro.Status;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import dev.streaminglabs.lab02.FlumeBatchHandler.Delivery;
import dev.streaminglabs.testkit.LogCapture;
import dev.streaminglabs.testkit.TestSpark;

@Tag("step3")
@DisplayName("Step 3 — run the receiver's Avro server: onStart starts it, onStop closes it")
class Step3ReceiverTest {

    @Test
    void batchesSentByAFlumeClientArriveAsLinesWithTheirHeaders() throws Exception {
        try (var receiver = ReceiverUnderTest.startListening(Delivery.RELIABLE);
             var client = FlumeClients.connect(receiver.awaitPort())) {
            client.appendBatch(List.of(
                    event("GET /api/orders 200", Map.of("host", "web-1")),
                    event("GET /api/cart 404", Map.of("host", "web-2"))));
            client.appendBatch(events("POST /api/orders 201", "GET /health 200", "un éléphant passe"));

            var lines = receiver.awaitLines(5);

            assertThat(lines).extracting(FlumeLine::text)
                    .as("the bodies of the 5 events sent in 2 batches, in order, each once")
                    .containsExactly("GET /api/orders 200", "GET /api/cart 404", "POST /api/orders 201",
                            "GET /health 200", "un éléphant passe");
            assertThat(lines.get(1).headers()).as("headers of the second event").isEqualTo(Map.of("host", "web-2"));
        }
    }

    @Test
    void anUnreliableReceiverAnswersAtOnceAndItsEventsArriveToo() throws Exception {
        try (var receiver = ReceiverUnderTest.startListening(Delivery.UNRELIABLE);
             var client = FlumeClients.connect(receiver.awaitPort())) {
            client.appendBatch(events("buffered first", "then cut into blocks"));

            assertThat(receiver.awaitLines(2)).extracting(FlumeLine::text)
                    .as("lines received through an unreliable receiver (store one by one, blocks every block interval)")
                    .containsExactly("buffered first", "then cut into blocks");
        }
    }

    @Test
    void anEmptyBatchIsAnsweredOkAndAddsNoLine() throws Exception {
        try (var receiver = ReceiverUnderTest.startListening(Delivery.RELIABLE);
             var transceiver = new NettyTransceiver(new InetSocketAddress("127.0.0.1", receiver.awaitPort()))) {
            // Flume's RpcClient sends nothing for an empty batch; speak the protocol itself, as an avro sink does.
            var agent = SpecificRequestor.getClient(AvroSourceProtocol.class, transceiver);

            assertThat(agent.appendBatch(List.of())).as("the answer to an empty batch").isEqualTo(Status.OK);
            agent.appendBatch(List.of(new org.apache.flume.source.avro.AvroFlumeEvent(Map.of(),
                    ByteBuffer.wrap("after the empty batch".getBytes(java.nio.charset.StandardCharsets.UTF_8)))));

            assertThat(receiver.awaitLines(1)).extracting(FlumeLine::text)
                    .as("lines received: the empty batch added none").containsExactly("after the empty batch");
        }
    }

    @Test
    void aBodyThatIsNotUtf8ArrivesFlaggedMalformedAndTheReceiverGoesOn() throws Exception {
        var latin1Cafe = "café au lait".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
        try (var log = LogCapture.of(FlumeBatchHandler.class);
             var receiver = ReceiverUnderTest.startListening(Delivery.RELIABLE);
             var client = FlumeClients.connect(receiver.awaitPort())) {
            client.append(EventBuilder.withBody(latin1Cafe));
            client.append(event("still counting"));

            var lines = receiver.awaitLines(2);

            assertThat(lines.get(0)).as("the ISO-8859-1 body")
                    .isEqualTo(new FlumeLine(Map.of(), "caf" + FlumeLine.REPLACEMENT + " au lait", true));
            assertThat(lines.get(1)).as("the next event").isEqualTo(FlumeLine.of("still counting"));
            assertThat(log.messages()).as("what the receiver's handler logged about the ISO-8859-1 body")
                    .anyMatch(message -> message.contains("not valid UTF-8"));
        }
    }

    @Test
    void aVeryLargeEventArrivesWhole() throws Exception {
        var twoMegabytes = "spark ".repeat(350_000);
        try (var receiver = ReceiverUnderTest.startListening(Delivery.RELIABLE);
             var client = FlumeClients.connect(receiver.awaitPort())) {
            client.append(event(twoMegabytes));

            var lines = receiver.awaitLines(1);

            assertThat(lines.get(0).text().length()).as("length of the 2 MB line received")
                    .isEqualTo(twoMegabytes.length());
            assertThat(lines.get(0).text()).as("the 2 MB line received").isEqualTo(twoMegabytes);
        }
    }

    @Test
    void aClientThatDisconnectsMidBatchDoesNotStopTheReceiver() throws Exception {
        try (var receiver = ReceiverUnderTest.startListening(Delivery.RELIABLE)) {
            int port = receiver.awaitPort();
            // Half a request: an Avro frame header announcing 1000 bytes, then 10 of them, then the client is gone.
            try (var socket = new Socket(InetAddress.getLoopbackAddress(), port);
                 var out = new DataOutputStream(socket.getOutputStream())) {
                out.writeInt(1);      // call serial number
                out.writeInt(1);      // one buffer
                out.writeInt(1000);   // of 1000 bytes
                out.write(new byte[10]);
                out.flush();
            }
            try (var client = FlumeClients.connect(port)) {
                client.appendBatch(events("the next agent", "is served"));
            }

            assertThat(receiver.awaitLines(2)).extracting(FlumeLine::text)
                    .as("lines received after a client vanished mid-batch")
                    .containsExactly("the next agent", "is served");
        }
    }

    /**
     * Spark's supervisor thread calls onStart and waits for it: onStart starts the server, whose own threads do the
     * work, and returns. (Every receiver test checks this first, once: see ReceiverUnderTest.)
     */
    @Test
    void onStartStartsTheServerAndReturns() {
        ReceiverUnderTest.assertOnStartReturns();
    }

    /**
     * Spark reports the failed start as an error, stops the receiver, and fails its task: the test keeps those reports
     * to itself, until the receiver's job has ended.
     */
    @Test
    void aPortAlreadyInUseStopsTheReceiverWithAClearMessage() throws IOException {
        try (var sparkReports = LogCapture.of("org.apache.spark")) {
            try (var taken = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
                 var receiver = ReceiverUnderTest.start(taken.getLocalPort(), Delivery.RELIABLE)) {

                var reported = receiver.watch().awaitError();

                if (reported.contains(dev.streaminglabs.common.NotDoneYet.MARKER)) {
                    throw ReceiverWatch.failure(reported);
                }
                assertThat(reported).as("the receiver's error, as the driver got it")
                        .contains("cannot listen on 127.0.0.1:" + taken.getLocalPort())
                        .contains("already in use");
                assertThat(sparkReports.messages()).as("what Spark logged when the receiver failed to start")
                        .anyMatch(message -> message.contains("cannot listen on 127.0.0.1:" + taken.getLocalPort()));
            }
            await("the job of the receiver that could not start ends")
                    .atMost(ReceiverWatch.PATIENCE)
                    .until(() -> TestSpark.context().sc().statusTracker().getActiveJobIds().length == 0);
        }
        // Spark calls onStop after a failed onStart, but no server was built: the event loops are onStart's to close.
        assertThat(ReceiverThreads.alive())
                .as("receiver threads still alive after a start that could not listen (when the server cannot be "
                        + "built, shut the event loops down before throwing: every failed start would leave its threads)")
                .isEmpty();
    }

    @Test
    void stoppingTheReceiverClosesItsPortAndItsThreads() throws Exception {
        int port;
        int streamId;
        try (var receiver = ReceiverUnderTest.startListening(Delivery.RELIABLE)) {
            port = receiver.awaitPort();
            streamId = receiver.streamId();
            try (var client = FlumeClients.connect(port)) {
                client.append(event("one line"));
            }
            receiver.awaitLines(1);
        }

        assertThat(FlumeReceiver.boundPort(streamId)).as("the port registered for stream %d", streamId).isEmpty();
        assertThat(ReceiverThreads.alive())
                .as("receiver threads still alive after the stop (onStop shuts the receiver's event loops down)")
                .isEmpty();
        try (var probe = new Socket()) {
            org.assertj.core.api.Assertions.assertThatThrownBy(
                            () -> probe.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 2000))
                    .as("connecting to 127.0.0.1:%d after the receiver stopped", port)
                    .isInstanceOf(java.net.ConnectException.class);
        }
    }

    @Test
    void sparkLoggingStillWorksWithFlumeOnTheClasspath() {
        try (var receiver = ReceiverUnderTest.startListening(Delivery.RELIABLE)) {
            assertThat(LoggerFactory.getILoggerFactory().getClass().getName())
                    .as("slf4j's logger factory with Flume on the classpath (NOP means Flume's old slf4j-api won and"
                            + " Spark's log4j2 logging went silent)")
                    .isEqualTo("org.apache.logging.slf4j.Log4jLoggerFactory");
            assertThat(LoggerFactory.getLogger(FlumeReceiver.class).isInfoEnabled())
                    .as("the lab's classes log at INFO").isTrue();
        }
    }

    /** The threads a receiver starts are named after it. */
    static final class ReceiverThreads {
        static List<String> alive() {
            return Thread.getAllStackTraces().keySet().stream()
                    .filter(Thread::isAlive)
                    .map(Thread::getName)
                    .filter(name -> name.startsWith("flume-receiver-"))
                    .toList();
        }
    }
}
