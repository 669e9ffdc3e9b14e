package dev.streaminglabs.lab07;

import java.util.Map;

/**
 * Where a query keeps its state, given. Spark's default state store keeps each operator's state in memory, written
 * to the checkpoint as files of changes; it holds one table per operator. {@code transformWithState} keeps several
 * state variables per key (a value, a list, a map, its timers), each in a "column family" of its own: only the
 * RocksDB state store (an embedded key-value database, shipped with Spark) has them, and Spark refuses the operator
 * on any other store.
 *
 * <p>The setting is read when a query starts: a session that runs such queries sets it before starting them (as the
 * demo does, for its whole session); the tests give it to each query that needs it, and only to those.
 */
public final class StateStores {

    /** The session setting that chooses the state store of the queries started afterwards. */
    public static final String PROVIDER_SETTING = "spark.sql.streaming.stateStore.providerClass";

    /** The RocksDB state store. */
    public static final String ROCKSDB = "org.apache.spark.sql.execution.streaming.state.RocksDBStateStoreProvider";

    private StateStores() {
    }

    /** The settings of a query that keeps its state in RocksDB. */
    public static Map<String, String> rocksDb() {
        return Map.of(PROVIDER_SETTING, ROCKSDB);
    }
}
