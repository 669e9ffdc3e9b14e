package dev.streaminglabs.solutions;

import java.io.Serializable;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.apache.spark.SparkEnv;
import org.apache.spark.streaming.Durations;
import org.apache.spark.streaming.api.java.JavaStreamingContext;
import org.apache.spark.streaming.scheduler.StreamingListener;
import org.apache.spark.streaming.scheduler.StreamingListenerReceiverStarted;

import dev.streaminglabs.common.BatchReport;
import dev.streaminglabs.common.DemoOptions;
import dev.streaminglabs.common.LineServer;
import dev.streaminglabs.common.LocalSpark;
import dev.streaminglabs.common.TextGenerator;
import dev.streaminglabs.lab01.SocketWordCount;
import dev.streaminglabs.lab01.Tokenizer;

import scala.Tuple2;

/**
 * Lab 01's reference word count on a known text, so that a run on a real cluster can be checked: every word the
 * driver's line server sent must come back counted, exactly, from tasks that ran in executor JVMs.
 *
 * <pre>
 * spark-submit --master spark://127.0.0.1:7077 --class dev.streaminglabs.solutions.ClusterCheck \
 *     solutions/target/spark-streaming-labs-app.jar --lines 2000 --chunks 4
 * </pre>
 *
 * <p>Options: {@code --lines N} lines of text to count (default 2000), {@code --chunks N} sent in that many chunks
 * (default 4), {@code --batch-ms MS} the batch interval (default 2000), {@code --timeout-seconds S} how long the whole
 * check may take (default 90). It runs as many batches as the text needs, then stops by itself.
 *
 * <p>The text is sent in chunks, each once the previous one is counted, so several batches carry data and the run
 * needs no sleep. The results are printed on lines that start with {@code cluster-check:} ({@code
 * scripts/cluster-demo.sh} reads them); the exit code is 1 if the counts are wrong or the time runs out.
 *
 * <p>The line server lives in the driver on 127.0.0.1: this check is for a cluster on one machine. On a real
 * cluster, run the lab-01 demo with {@code --host} and {@code --port} of a server the executors can reach.
 */
public final class ClusterCheck {

    private static final String PREFIX = "cluster-check: ";

    private ClusterCheck() {
    }

    /** Its options, checked like every demo's. */
    static final DemoOptions OPTIONS = DemoOptions.command("cluster-check",
                    "lab 01's word count on a known text, on a cluster, checked word by word")
            .number("lines", "N", 2000, 1, 1_000_000, "lines of text to count")
            .number("chunks", "N", 4, 1, 1_000, "sent in that many chunks, each once the previous one is counted")
            .batchMs(2000)
            .number("timeout-seconds", "S", 90, 1, 3_600, "how long the whole check may take");

    public static void main(String[] args) throws InterruptedException {
        DemoOptions.Values options;
        try {
            options = OPTIONS.parse(args);
        } catch (DemoOptions.BadOption wrong) {
            System.out.println(PREFIX + wrong.getMessage());
            System.exit(dev.streaminglabs.common.Demo.BAD_OPTION);
            return;
        }
        int lines = options.number("lines");
        int chunks = options.number("chunks");
        int batchMs = options.number("batch-ms");
        var timeout = Duration.ofSeconds(options.number("timeout-seconds"));

        var text = new TextGenerator(2026).sentences(lines);
        var expected = countLocally(text);
        boolean ok;
        try (var server = LineServer.start()) {
            ok = runOnCluster(server, text, expected, chunks, batchMs, timeout);
        }
        System.out.println(PREFIX + (ok ? "OK" : "FAILED"));
        System.exit(ok ? 0 : 1);
    }

    private static boolean runOnCluster(LineServer server, List<String> text, Map<String, Long> expected, int chunks,
                                        int batchMs, Duration timeout) throws InterruptedException {
        var conf = LocalSpark.conf("Cluster check · lab 01 word count");
        var context = new JavaStreamingContext(conf, Durations.milliseconds(batchMs));
        long driverPid = ProcessHandle.current().pid();
        System.out.println(PREFIX + "master " + conf.get("spark.master") + ", driver pid " + driverPid);

        var totals = new RunningTotals();
        var counts = SocketWordCount.wordCountsFrom(context, server.host(), server.port());
        // The body of foreachRDD runs on the driver; the one action in it (collect) runs as tasks on the executors.
        counts.foreachRDD(batch -> totals.add(batch.mapPartitions(PartitionCounts::of).collect()));
        context.addStreamingListener(new BatchReport(System.out));
        context.addStreamingListener(new StreamingListener() {
            @Override
            public void onReceiverStarted(StreamingListenerReceiverStarted event) {
                var receiver = event.receiverInfo();
                System.out.println(PREFIX + "receiver started on executor " + receiver.executorId()
                        + " at " + receiver.location());
            }
        });

        long started = System.nanoTime();
        var deadline = started + timeout.toNanos();
        long wordsSent = 0;
        var finished = false;
        long connected = started;
        try {
            context.start();
            // The executors start, then the receiver task connects: from then on, every line sent is received.
            server.awaitClients(1, timeout);
            connected = System.nanoTime();
            int chunkSize = (text.size() + chunks - 1) / chunks;
            for (int from = 0; from < text.size(); from += chunkSize) {
                var chunk = text.subList(from, Math.min(text.size(), from + chunkSize));
                server.send(chunk.toArray(String[]::new));
                wordsSent += chunk.stream().mapToLong(line -> Tokenizer.wordsOf(line).size()).sum();
                if (!totals.awaitWords(wordsSent, deadline)) {
                    break;
                }
            }
            finished = totals.words() >= wordsSent;
        } finally {
            context.stop(true, true);
        }
        System.out.printf("%sreceiver connected %d ms after the start, text sent and counted in %d ms%n", PREFIX,
                Duration.ofNanos(connected - started).toMillis(),
                Duration.ofNanos(System.nanoTime() - connected).toMillis());
        return report(totals, expected, text.size(), wordsSent, finished);
    }

    private static boolean report(RunningTotals totals, Map<String, Long> expected, int lines, long wordsSent,
                                  boolean finished) {
        var counted = totals.counts();
        long expectedWords = expected.values().stream().mapToLong(Long::longValue).sum();
        System.out.printf("%slines sent %d, words counted %d of %d, distinct words %d of %d, batches %d"
                        + " (%d with data)%n", PREFIX, lines, totals.words(), expectedWords, counted.size(),
                expected.size(), totals.batches(), totals.batchesWithData());
        System.out.println(PREFIX + "top words " + top(counted, 5));
        var jvms = totals.taskJvms();
        long driverPid = ProcessHandle.current().pid();
        System.out.println(PREFIX + "tasks ran in " + jvms);

        var problems = new ArrayList<String>();
        if (!finished) {
            problems.add("time ran out: only " + totals.words() + " of " + wordsSent + " words sent were counted");
        }
        var wrong = new TreeSet<String>();
        expected.forEach((word, count) -> {
            if (!count.equals(counted.get(word))) {
                wrong.add("'%s' expected %d but was %s".formatted(word, count, counted.get(word)));
            }
        });
        counted.keySet().stream().filter(word -> !expected.containsKey(word))
                .forEach(word -> wrong.add("'" + word + "' was never sent"));
        if (!wrong.isEmpty()) {
            problems.add("counts differ: " + wrong.stream().limit(5).toList());
        }
        boolean inDriver = jvms.stream()
                .anyMatch(jvm -> jvm.startsWith("executor driver ") || jvm.endsWith(" pid " + driverPid));
        if (jvms.isEmpty() || inDriver) {
            problems.add("tasks must run in executor JVMs, not in the driver: " + jvms);
        }
        problems.forEach(problem -> System.out.println(PREFIX + "problem: " + problem));
        return problems.isEmpty();
    }

    /** The counts of one partition of a batch, and the JVM whose task counted them: "executor 1 pid 4242". */
    private record PartitionCounts(String jvm, Map<String, Long> counts) implements Serializable {

        static Iterator<PartitionCounts> of(Iterator<Tuple2<String, Long>> partition) {
            var counts = new HashMap<String, Long>();
            partition.forEachRemaining(pair -> counts.put(pair._1(), pair._2()));
            var jvm = "executor " + SparkEnv.get().executorId() + " pid " + ProcessHandle.current().pid();
            return List.of(new PartitionCounts(jvm, counts)).iterator();
        }
    }

    private static Map<String, Long> countLocally(List<String> text) {
        return text.stream().flatMap(line -> Tokenizer.wordsOf(line).stream())
                .collect(Collectors.groupingBy(Function.identity(), Collectors.counting()));
    }

    private static String top(Map<String, Long> counts, int n) {
        return counts.entrySet().stream()
                .sorted(Map.Entry.<String, Long>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()))
                .limit(n).map(entry -> entry.getKey() + "=" + entry.getValue()).toList().toString();
    }

    /** The driver's running totals over all batches, and a way to wait for them. */
    private static final class RunningTotals {
        private final Map<String, Long> counts = new HashMap<>();
        private final TreeSet<String> taskJvms = new TreeSet<>();
        private long words;
        private int batches;
        private int batchesWithData;

        synchronized void add(List<PartitionCounts> batch) {
            long batchWords = 0;
            for (var partition : batch) {
                partition.counts().forEach((word, count) -> counts.merge(word, count, Long::sum));
                batchWords += partition.counts().values().stream().mapToLong(Long::longValue).sum();
                taskJvms.add(partition.jvm());
            }
            words += batchWords;
            batches++;
            batchesWithData += batchWords > 0 ? 1 : 0;
            notifyAll();
        }

        /** Waits until {@code atLeast} words are counted; false if {@code deadlineNanos} came first. */
        synchronized boolean awaitWords(long atLeast, long deadlineNanos) throws InterruptedException {
            while (words < atLeast) {
                long leftMillis = Duration.ofNanos(deadlineNanos - System.nanoTime()).toMillis();
                if (leftMillis <= 0) {
                    return false;
                }
                wait(leftMillis);
            }
            return true;
        }

        synchronized long words() {
            return words;
        }

        synchronized Map<String, Long> counts() {
            return new HashMap<>(counts);
        }

        synchronized int batches() {
            return batches;
        }

        synchronized int batchesWithData() {
            return batchesWithData;
        }

        synchronized List<String> taskJvms() {
            return new ArrayList<>(taskJvms);
        }
    }
}
