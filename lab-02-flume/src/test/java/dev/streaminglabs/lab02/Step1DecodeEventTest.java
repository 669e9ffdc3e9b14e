package dev.streaminglabs.lab02;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import org.apache.avro.util.Utf8;
import org.apache.flume.source.avro.AvroFlumeEvent;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("step1")
@DisplayName("Step 1 — decode a Flume event: headers and a UTF-8 body")
class Step1DecodeEventTest {

    /** An event as Avro hands it to the receiver: headers as Avro's own Utf8 strings, the body as bytes. */
    private static AvroFlumeEvent event(Map<String, String> headers, byte[] body) {
        var avroHeaders = new java.util.HashMap<CharSequence, CharSequence>();
        headers.forEach((name, value) -> avroHeaders.put(new Utf8(name), new Utf8(value)));
        return new AvroFlumeEvent(avroHeaders, ByteBuffer.wrap(body));
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void theBodyBecomesTheLineAndTheHeadersBecomeStrings() {
        var line = FlumeLine.decode(event(Map.of("host", "web-1", "timestamp", "1767603600000"),
                utf8("2026-01-05 09:00:00.250 INFO  [worker-2] GET /api/orders 200 35 ms")));

        assertThat(line).as("the decoded event").isEqualTo(new FlumeLine(
                Map.of("host", "web-1", "timestamp", "1767603600000"),
                "2026-01-05 09:00:00.250 INFO  [worker-2] GET /api/orders 200 35 ms", false));
    }

    @Test
    void accentedWordsSurviveTheTrip() {
        var line = FlumeLine.decode(event(Map.of(), utf8("un éléphant commande un café")));

        assertThat(line.text()).as("a UTF-8 body with accents").isEqualTo("un éléphant commande un café");
        assertThat(line.malformed()).as("is a well-formed UTF-8 body flagged malformed?").isFalse();
    }

    @Test
    void aBodyThatIsNotUtf8IsFlaggedMalformedWithReplacementCharacters() {
        var latin1 = "un café".getBytes(StandardCharsets.ISO_8859_1);   // é is the single byte 0xE9 here

        var line = FlumeLine.decode(event(Map.of(), latin1));

        assertThat(line.malformed()).as("is an ISO-8859-1 body flagged malformed?").isTrue();
        assertThat(line.text()).as("the ISO-8859-1 body decoded as UTF-8, bad bytes replaced by U+FFFD")
                .isEqualTo("un caf" + FlumeLine.REPLACEMENT);
    }

    @Test
    void anEmptyBodyIsAnEmptyLine() {
        var line = FlumeLine.decode(event(Map.of(), new byte[0]));

        assertThat(line).as("an event with no body and no headers").isEqualTo(new FlumeLine(Map.of(), "", false));
    }

    @Test
    void decodingDoesNotConsumeTheBody() {
        var event = event(Map.of(), utf8("read me twice"));

        var first = FlumeLine.decode(event);
        var second = FlumeLine.decode(event);

        assertThat(second).as("the same event decoded a second time (was the body's ByteBuffer used up?)")
                .isEqualTo(first);
        assertThat(event.getBody().remaining()).as("bytes left to read in the event's body").isEqualTo(13);
    }
}
