package dev.streaminglabs.testkit.progress.warm;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/**
 * What a patch's run may leave in the worker that could change the next patch's verdict — a thread still running
 * (a Flume agent, a receiver, a timer: some tests check that none is left), a thread of a shared pool still in the
 * lab's code, a child process, a system property —
 * taken before the run and compared after it, once Spark is stopped. System properties are put back; threads and
 * processes cannot be taken back, so the worker says it is no longer clean and the check starts a new one.
 */
final class Leftovers {

    /**
     * Threads the JVM, the JDK, Hadoop, Spark's process-wide pools (adaptive query execution, the state store's
     * maintenance, the Kafka consumer pool's evictor), the test kit's Kafka broker and HTTP client (one per worker, as
     * one per test JVM) start on first use and keep for the JVM's life — a fresh JVM has them too after its first test: not a
     * patch's leftovers.
     */
    private static final Pattern PROCESS_WIDE = Pattern.compile(String.join("|",
            "ForkJoinPool\\.commonPool-worker-\\d+", "process reaper", "Common-Cleaner", "Attach Listener",
            "Cleaner-\\d+", "org\\.apache\\.hadoop\\.fs\\.FileSystem\\$Statistics\\$StatisticsDataReferenceCleaner",
            "QueryStageCreator-\\d+", "shuffle-exchange-\\d+", "ResultQueryStageExecution-\\d+",
            "state-store-maintenance-task", "state-store-maintenance-thread-\\d+", "commons-pool-evictor",
            // the broker's (KafkaBroker in common, started by TestKafka)
            "Timer for 'Kafka.*", "kafka-.*", "broker-.*", "controller-.*", "quorum-.*", "raft-.*",
            "ExpirationReaper-.*", "data-plane-kafka-.*", "LogDirFailureHandler", "kafka-scheduler-\\d+",
            "metrics-meter-tick-thread-\\d+", "group-coordinator-.*", "share-coordinator-.*",
            "group-metadata-manager-\\d+", "transaction-log-manager-\\d+", "TxnMarkerSenderThread-\\d+",
            "AddPartitionsToTxnSenderThread-\\d+", "ReplicaFetcherThread-.*", "executor-[A-Z][A-Za-z]*",
            "client-metrics-reaper", "SensorExpiryThread",
            // the JDK's HttpClient of the test kit's WebSocketClient (one per JVM)
            "HttpClient-\\d+-(Worker-\\d+|SelectorManager)",
            "scala-execution-context-global-\\d+", "RMI .*", "JMX .*", "Signal Dispatcher", "Finalizer",
            "Reference Handler", "Notification Thread", "C[12] CompilerThread\\d+", "Sweeper thread"));

    /**
     * The event loops of the Spark context just stopped (its RPC, shuffle and file servers and clients): Netty ends
     * them after a quiet period of its own (2 s), whatever comes next.
     */
    private static final Pattern ENDING = Pattern.compile("(rpc|shuffle|files)-(client|server|boss)-\\d+-\\d+");

    private final Set<Thread> threads;
    private final Properties properties;

    private Leftovers(Set<Thread> threads, Properties properties) {
        this.threads = threads;
        this.properties = properties;
    }

    /** The worker's state before a run. */
    static Leftovers before() {
        var copy = new Properties();
        copy.putAll(System.getProperties());
        return new Leftovers(Set.copyOf(Thread.getAllStackTraces().keySet()), copy);
    }

    /**
     * After the run: puts the system properties back (their names go to the worker's log), ends child processes,
     * and returns what may still be in the next run's way (empty: the worker is as clean as a fresh JVM that ran one
     * test class). Threads get a few seconds to end, as they would in a fresh JVM's shutdown.
     */
    List<String> after() throws InterruptedException {
        restoreProperties().forEach(name -> System.err.println("[worker] put back the system property " + name));
        var found = new ArrayList<String>();
        ProcessHandle.current().descendants().filter(ProcessHandle::isAlive).forEach(process -> {
            found.add("a child process: " + process.info().commandLine().orElse("pid " + process.pid()));
            process.destroyForcibly();
        });
        var left = newThreads();
        if (!left.isEmpty()) {
            System.err.println("[worker] waiting for " + left.stream().map(Thread::getName).toList());
        }
        for (long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(5); !left.isEmpty() && System.nanoTime() < end;
                left = newThreads()) {
            Thread.sleep(100);   // not a test waiting for a result: the harness giving stopped threads time to end
        }
        var stillThere = left;
        stillThere.forEach(thread -> found.add("a thread: " + thread.getName()));
        // A process-wide pool's thread is no leftover of its own, but one still running the lab's code is: with a
        // common pool of one thread (2 cores), an onStart blocked in it would hang every later CompletableFuture.
        Thread.getAllStackTraces().forEach((thread, frames) -> {
            if (thread != Thread.currentThread() && !stillThere.contains(thread) && Arrays.stream(frames)
                    .anyMatch(frame -> PatchWorker.LOADER_NAME.equals(frame.getClassLoaderName()))) {
                found.add("a thread still running the lab's code: " + thread.getName());
            }
        });
        if (!ForkJoinPool.commonPool().awaitQuiescence(1, TimeUnit.SECONDS)) {
            found.add("a task still running in the common fork-join pool");
        }
        return found;
    }

    private List<Thread> newThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(Thread::isAlive)
                .filter(thread -> !threads.contains(thread))
                .filter(thread -> !PROCESS_WIDE.matcher(thread.getName()).matches())
                .filter(thread -> !ENDING.matcher(thread.getName()).matches())
                .toList();
    }

    private List<String> restoreProperties() {
        var changed = new ArrayList<String>();
        Map<Object, Object> now = new HashMap<>(System.getProperties());
        for (var entry : now.entrySet()) {
            if (!Objects.equals(properties.get(entry.getKey()), entry.getValue())) {
                changed.add(String.valueOf(entry.getKey()));
                if (properties.containsKey(entry.getKey())) {
                    System.getProperties().put(entry.getKey(), properties.get(entry.getKey()));
                } else {
                    System.getProperties().remove(entry.getKey());
                }
            }
        }
        for (var entry : properties.entrySet()) {
            if (!now.containsKey(entry.getKey())) {
                changed.add(String.valueOf(entry.getKey()));
                System.getProperties().put(entry.getKey(), entry.getValue());
            }
        }
        return changed;
    }
}
