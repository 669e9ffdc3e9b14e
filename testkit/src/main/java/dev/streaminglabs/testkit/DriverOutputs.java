package dev.streaminglabs.testkit;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;

/**
 * Where the test kit's output operations leave what each batch or trigger emitted, on the driver, for the test to
 * read. Spark serializes an output operation (a checkpointed DStream graph, a query's sink), so the operation carries
 * only a key, never the collected data itself; the data waits here under that key.
 */
final class DriverOutputs {

    private static final Map<String, ConcurrentSkipListMap<Long, List<Object>>> BY_KEY = new ConcurrentHashMap<>();

    private DriverOutputs() {
    }

    /** A new, empty place; its key goes into the output operation. */
    static String open() {
        var key = UUID.randomUUID().toString();
        BY_KEY.put(key, new ConcurrentSkipListMap<>());
        return key;
    }

    /** Keeps what the batch (or trigger) {@code at} emitted; ignored once the place is closed. */
    static void put(String key, long at, List<?> records) {
        var place = BY_KEY.get(key);
        if (place != null) {
            place.put(at, Collections.unmodifiableList(new ArrayList<>(records)));
        }
    }

    /** Everything kept so far, by batch time or batch id; empty once closed. */
    static NavigableMap<Long, List<Object>> read(String key) {
        var place = BY_KEY.get(key);
        return place == null ? new ConcurrentSkipListMap<>() : place;
    }

    static void close(String key) {
        BY_KEY.remove(key);
    }
}
