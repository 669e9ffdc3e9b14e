package dev.streaminglabs.common;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import org.junit.jupiter.api.Test;

class LineServerTest {

    @Test
    void sendsEveryLineToAConnectedClientOnLoopback() throws Exception {
        try (var server = LineServer.start();
             var client = new Socket(server.host(), server.port());
             var reader = new BufferedReader(new InputStreamReader(client.getInputStream(), StandardCharsets.UTF_8))) {
            assertThat(server.host()).isEqualTo("127.0.0.1");
            assertThat(server.port()).isPositive();

            server.awaitClients(1, Duration.ofSeconds(10));
            server.send("to be or not to be", "un éléphant");

            assertThat(reader.readLine()).isEqualTo("to be or not to be");
            assertThat(reader.readLine()).isEqualTo("un éléphant");
            assertThat(server.linesSent()).isEqualTo(2);
        }
    }

    @Test
    void waitingForAClientThatNeverComesFailsClearly() {
        try (var server = LineServer.start()) {
            assertThatThrownBy(() -> server.awaitClients(1, Duration.ofMillis(50)))
                    .hasMessageContaining("no client connected to 127.0.0.1:" + server.port());
        }
    }

    @Test
    void aPortInUseIsAClearError() {
        try (var first = LineServer.start()) {
            assertThatThrownBy(() -> LineServer.start(first.port()))
                    .hasMessageContaining("cannot listen on 127.0.0.1:" + first.port());
        }
    }
}
