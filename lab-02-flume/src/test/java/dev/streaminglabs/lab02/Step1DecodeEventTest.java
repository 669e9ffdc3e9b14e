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

    /**
     * The same UTF-8 body, decoded by a JVM whose default charset is ISO-8859-1 (see {@link OtherCharsetMachine}):
     * decoding with the platform's charset gives "Ã©" for "é" there, whatever the charset of this machine.
     */
    @Test
    void theBodyIsUtf8WhateverTheMachinesCharset() throws Exception {
        var body = utf8("un éléphant commande un café");
        assertThat(FlumeLine.decode(event(Map.of(), body)).text()).as("the UTF-8 body decoded on this machine")
                .isEqualTo("un éléphant commande un café");

        var elsewhere = OtherCharsetMachine.decode(body);

        assertThat(elsewhere.defaultCharset()).as("the default charset of the other JVM")
                .isEqualTo(OtherCharsetMachine.CHARSET);
        assertThat(elsewhere.text())
                .as("""
                        the UTF-8 body "un éléphant commande un café" decoded on a machine whose default charset is \
                        %s (a Windows laptop's is windows-1252): decode with BODY_CHARSET (UTF-8), never the \
                        platform charset (new String(bytes), Charset.defaultCharset())""", OtherCharsetMachine.CHARSET)
                .isEqualTo("un éléphant commande un café");
        assertThat(elsewhere.malformed()).as("is the UTF-8 body flagged malformed on that machine?").isFalse();
    }

    @Test
    void aBodyThatIsNotUtf8IsFlaggedMalformedWithReplacementCharacters() {
        var latin1 = "un café".getBytes(StandardCharsets.ISO_8859_1);   // é is the single byte 0xE9 here

        var line = decodeWithoutFailing(event(Map.of(), latin1), "an ISO-8859-1 body");

        assertThat(line.malformed())
                .as("is an ISO-8859-1 body flagged malformed? (a strict decoder, one that REPORTs bad input, tells)")
                .isTrue();
        assertThat(line.text()).as("the ISO-8859-1 body decoded as UTF-8, bad bytes replaced by U+FFFD")
                .isEqualTo("un caf" + FlumeLine.REPLACEMENT);
    }

    /** Decodes, and turns an exception (other than "not done yet") into the failure it is in this lab. */
    private static FlumeLine decodeWithoutFailing(AvroFlumeEvent event, String what) {
        try {
            return FlumeLine.decode(event);
        } catch (dev.streaminglabs.common.NotDoneYet notDone) {
            throw notDone;
        } catch (RuntimeException e) {
            throw new AssertionError("""
                    decoding %s threw %s: a body that is not UTF-8 is kept and flagged malformed, not an error \
                    (in the receiver, it would fail the whole batch, and the agent would send it again and again)"""
                    .formatted(what, e), e);
        }
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
