package dev.streaminglabs.common.web;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The dashboard's message, as JSON text: what one trigger (or batch) changed in one view, or the whole view.
 *
 * <pre>
 * {"view":"words","kind":"update","key":["word"],"trigger":2,"time":"2026-03-14T10:00:04.120Z",
 *  "rows":[{"word":"spark","count":3}],"facts":{...}}
 * </pre>
 *
 * {@code kind} is {@code update} (merge these rows into the view's table, by the {@code key} columns) or
 * {@code snapshot} (the view's whole table: replace it). {@code key} is optional (the page knows the key of its own
 * views); so is {@code facts}: the view's figures that are not rows (a
 * watermark, a count of dropped readings). Instants are ISO-8601 text, in UTC. The format is described for
 * everyone in docs/dashboard.md.
 */
final class DashboardMessage {

    static final String UPDATE = "update";
    static final String SNAPSHOT = "snapshot";

    private static final ObjectMapper JSON = new ObjectMapper();

    private DashboardMessage() {
    }

    static String toJson(String view, String kind, List<String> key, long trigger, Instant time,
                         Collection<Map<String, Object>> rows, Map<String, Object> facts) {
        var message = new LinkedHashMap<String, Object>();
        message.put("view", view);
        message.put("kind", kind);
        if (key != null && !key.isEmpty()) {
            message.put("key", key);
        }
        message.put("trigger", trigger);
        message.put("time", time.toString());
        var plainRows = new ArrayList<Map<String, Object>>();
        rows.forEach(row -> plainRows.add(plain(row)));
        message.put("rows", plainRows);
        if (facts != null && !facts.isEmpty()) {
            message.put("facts", plain(facts));
        }
        try {
            return JSON.writeValueAsString(message);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("a dashboard message that is not JSON: " + e.getMessage(), e);
        }
    }

    /** Times as ISO-8601 text, everything else as Jackson writes it. */
    private static Map<String, Object> plain(Map<String, Object> fields) {
        var copy = new LinkedHashMap<String, Object>();
        fields.forEach((name, value) -> copy.put(name, plainValue(value)));
        return copy;
    }

    private static Object plainValue(Object value) {
        if (value instanceof Timestamp timestamp) {
            return timestamp.toInstant().toString();
        }
        if (value instanceof Instant instant) {
            return instant.toString();
        }
        if (value instanceof List<?> list) {
            return list.stream().map(DashboardMessage::plainValue).toList();
        }
        return value;
    }
}
