package dev.streaminglabs.lab05;

import org.apache.spark.storage.StorageLevel;

import dev.streaminglabs.common.NotDoneYet;

/**
 * Step 1a — choose where a cached result lives.
 *
 * <p>{@code persist(level)} keeps an RDD's partitions once they are computed, so that the next action reads them
 * instead of running the lineage again. The level says where: in memory as Java objects (fastest to read, largest),
 * in memory as serialized bytes (smaller, costs CPU to read), on local disk, or memory first and disk for what does
 * not fit. Whatever the level, the cache keeps the lineage (a lost block is recomputed) and disappears with the
 * application.
 */
public final class StorageLevelChoice {

    private StorageLevelChoice() {
    }

    /** Situations a Spark developer meets, in the words of a code review. */
    public enum Situation {
        /** A small result (a few MB) that every following step reads again: it fits in memory many times over. */
        SMALL_AND_READ_OFTEN,
        /**
         * A large result, expensive to recompute (a join over a day of logs): part of it may not fit in memory, and
         * what does not fit must not be recomputed.
         */
        LARGE_AND_EXPENSIVE_TO_RECOMPUTE,
        /** Memory is tight but the CPUs have time to spare: keep as much as possible in memory, compactly. */
        MEMORY_TIGHT_CPU_TO_SPARE,
        /**
         * Far larger than the memory of the executors, yet cheaper to read back from local disk than to recompute
         * (it comes from a slow remote source).
         */
        FAR_LARGER_THAN_MEMORY
    }

    /** The storage level to {@code persist} with in that situation. */
    public static StorageLevel storageLevelFor(Situation situation) {
        // TODO Step 1: per case, one of StorageLevel.MEMORY_ONLY(), MEMORY_AND_DISK(), MEMORY_ONLY_SER(), DISK_ONLY().
        throw new NotDoneYet("lab-05-caching", 1, "choose a storage level");
    }
}
