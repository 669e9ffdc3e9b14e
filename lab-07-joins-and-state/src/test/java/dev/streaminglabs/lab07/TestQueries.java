package dev.streaminglabs.lab07;

import java.util.HashMap;
import java.util.Map;

/**
 * The settings of the stateful queries these tests start. A test query holds a handful of rows: one shuffle partition
 * (instead of the session's two) gives it one state store per store name instead of two, half the files to write at
 * every micro-batch, and the same results.
 */
final class TestQueries {

    private TestQueries() {
    }

    /** For a stateful query on the default state store. */
    static Map<String, String> stateful() {
        return Map.of("spark.sql.shuffle.partitions", "1");
    }

    /** For a {@code transformWithState} query: the same, on RocksDB. */
    static Map<String, String> onRocksDb() {
        var settings = new HashMap<>(stateful());
        settings.putAll(StateStores.rocksDb());
        settings.put("spark.sql.streaming.stateStore.rocksdb.changelogCheckpointing.enabled", "true");
        return settings;
    }
}
