package dev.streaminglabs.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.SocketException;

import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

class QuietReceiverStopTest {

    private static final String SOCKET_RECEIVER = "org.apache.spark.streaming.dstream.SocketReceiver";
    private static final String SUPERVISOR = "org.apache.spark.streaming.receiver.ReceiverSupervisorImpl";

    @Test
    void dropsOnlyTheWarningsOfASocketClosedByTheStop() {
        QuietReceiverStop.install();
        QuietReceiverStop.install();   // a second call changes nothing
        var receiver = LoggerFactory.getLogger(SOCKET_RECEIVER);
        var supervisor = LoggerFactory.getLogger(SUPERVISOR);

        // The filter sits on the loggers' own configuration, before any appender: a capture sees what passes it.
        try (var log = LogCapture.of(SOCKET_RECEIVER, SUPERVISOR)) {
            receiver.warn("Error receiving data", new SocketException("Socket closed"));
            supervisor.warn("Restarting receiver with delay 2000 ms: Error receiving data",
                    new SocketException("Socket closed"));
            supervisor.warn("Receiver has been stopped");
            receiver.warn("Error receiving data", new SocketException("Connection reset"));
            supervisor.warn("Restarting receiver with delay 2000 ms: Socket data stream had no more data");

            assertThat(log.events()).extracting(LogCapture.Logged::toString).containsExactly(
                    "WARN SocketReceiver: Error receiving data (java.net.SocketException: Connection reset)",
                    "WARN ReceiverSupervisorImpl: Restarting receiver with delay 2000 ms: Socket data stream had no"
                            + " more data");
        }
    }
}
