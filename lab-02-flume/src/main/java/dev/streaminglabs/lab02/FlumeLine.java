package dev.streaminglabs.lab02;

import java.io.Serializable;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeMap;

import org.apache.flume.source.avro.AvroFlumeEvent;

import dev.streaminglabs.common.NotDoneYet;

/**
 * Step 1 — one Flume event, decoded: its headers and its body as a line of text.
 *
 * <p>A Flume event is a map of headers plus a body of <em>bytes</em>: Flume never says which charset the bytes are in.
 * The exec source of this lab's agent turns each line of the log file into one event, encoded in UTF-8 (its default
 * {@code charset}), so the receiver decodes bodies as UTF-8, explicitly: the platform's default charset depends on the
 * machine the executor runs on.
 *
 * <p>Bad input has one documented outcome: a body that is not valid UTF-8 is decoded anyway, each bad byte sequence
 * replaced by U+FFFD ({@value #REPLACEMENT}), and the line is flagged {@code malformed} so that the job can count it
 * apart instead of counting garbled words. Nothing is dropped silently, nothing crashes the receiver.
 *
 * @param headers   the event's headers (Avro hands them over as {@code CharSequence}s; here plain strings)
 * @param text      the body decoded as UTF-8
 * @param malformed whether the body was not valid UTF-8 (then {@code text} holds replacement characters)
 */
public record FlumeLine(Map<String, String> headers, String text, boolean malformed) implements Serializable {

    /** The charset of the event bodies, as the agent's exec source writes them. */
    public static final Charset BODY_CHARSET = StandardCharsets.UTF_8;

    /** What a bad byte sequence becomes in {@link #text}. */
    public static final String REPLACEMENT = "\uFFFD";

    public FlumeLine {
        headers = Map.copyOf(headers);
    }

    /** A well-formed line with no headers, for tests and examples. */
    public static FlumeLine of(String text) {
        return new FlumeLine(Map.of(), text, false);
    }

    /**
     * Decodes one event as it arrived over Avro RPC.
     *
     * <p>The body is a {@link java.nio.ByteBuffer}: read it without moving its position (use a duplicate), so that
     * decoding the same event twice gives the same line.
     *
     * @return the headers as strings, the body as UTF-8 text; {@code malformed} when the body is not valid UTF-8
     */
    public static FlumeLine decode(AvroFlumeEvent event) {
        // TODO Step 1: copy the headers as strings; decode a duplicate of the body strictly as UTF-8 (a decoder that
        //  REPORTs bad input); if that fails, decode it again replacing bad sequences, and flag the line malformed.
        throw new NotDoneYet("lab-02-flume", 1, "decode a Flume event");
    }
}
