package dev.streaminglabs.common.kafka;

import java.time.Instant;

/**
 * A click on a web shop: who ({@code user}), on which page, and when it happened (its event time). On a topic it is
 * a record whose key is the user and whose value is JSON:
 * {@code {"user":"u7","page":"/cart","time":"2026-01-05T09:00:01.250Z"}}.
 */
public record Click(String user, String page, Instant time) {

    /** The record's value: one JSON object, its time in ISO-8601 (UTC). */
    public String toJson() {
        return "{\"user\":\"%s\",\"page\":\"%s\",\"time\":\"%s\"}".formatted(user, page, time);
    }
}
