package dev.streaminglabs.lab06;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicBoolean;

import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.config.Configurator;
import org.apache.spark.api.java.function.VoidFunction2;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.streaming.StreamingQuery;

import dev.streaminglabs.common.kafka.Click;
import dev.streaminglabs.common.kafka.EventProducer;

/**
 * The fault drill of step 4, given: rounds of clicks sent to the input topic, the query of
 * {@link ExactlyOnce#start} writing each trigger to a sink, trigger {@code k} failed on purpose right after the sink
 * wrote it (before Spark could commit it), then the query restarted from its checkpoint and the remaining rounds
 * sent. What the sink holds then says whether a replayed trigger was lost, counted twice, or neither.
 *
 * <pre>{@code
 * var run = FaultDrill.run(totals, checkpoint, ledger::writeBatch, producer, rounds, 1);
 * // compare ledger.totals() with run.expectedTotals()
 * }</pre>
 */
public final class FaultDrill {

    /** Spark logs a failed query at ERROR: the planned failure is expected, and asserted instead of printed. */
    private static final String QUERY_LOGGER = "org.apache.spark.sql.execution.streaming.runtime.MicroBatchExecution";

    /**
     * What the drill did.
     *
     * @param expectedTotals   each page's clicks over all the rounds: what a sink should end with
     * @param faultFired       whether the planned failure happened (the sink was called for trigger k)
     * @param pagesOfFailedTrigger the pages whose totals trigger k wrote (update mode: those that changed)
     */
    public record Run(Map<String, Long> expectedTotals, boolean faultFired, List<String> pagesOfFailedTrigger) {
    }

    /** The failure the drill causes on purpose. */
    public static final class PlannedFault extends RuntimeException {
        private static final long serialVersionUID = 1L;

        PlannedFault(long trigger) {
            super("fault drill: trigger %d failed on purpose, after its write, before its commit".formatted(trigger));
        }
    }

    private FaultDrill() {
    }

    /**
     * Runs the drill: sends {@code rounds.get(0)}, starts the query, then sends each following round and lets the
     * query process it; trigger {@code failAtTrigger} (round {@code failAtTrigger}) fails after {@code sink} wrote
     * it, and the query is started again on the same checkpoint.
     */
    public static Run run(Dataset<Row> totals, String checkpointFolder, VoidFunction2<Dataset<Row>, Long> sink,
                          EventProducer producer, List<List<Click>> rounds, long failAtTrigger) throws Exception {
        var fired = new AtomicBoolean();
        VoidFunction2<Dataset<Row>, Long> failingOnce = (batch, batchId) -> {
            sink.call(batch, batchId);
            if (batchId == failAtTrigger && fired.compareAndSet(false, true)) {
                throw new PlannedFault(batchId);
            }
        };
        producer.send(rounds.get(0));
        var query = ExactlyOnce.start(totals, checkpointFolder, failingOnce);
        try {
            query.processAllAvailable();
            for (var round : rounds.subList(1, rounds.size())) {
                producer.send(round);
                query = processOrRestart(query, totals, checkpointFolder, failingOnce, fired);
            }
        } finally {
            query.stop();
        }
        return new Run(totalsOf(rounds), fired.get(), pagesOf(rounds.get((int) failAtTrigger)));
    }

    private static StreamingQuery processOrRestart(StreamingQuery query, Dataset<Row> totals, String checkpoint,
                                                   VoidFunction2<Dataset<Row>, Long> sink, AtomicBoolean fired)
            throws Exception {
        boolean planned = !fired.get();
        var logger = LogManager.getLogger(QUERY_LOGGER);
        var level = logger.getLevel();
        if (planned) {
            Configurator.setLevel(QUERY_LOGGER, Level.OFF);
        }
        try {
            query.processAllAvailable();
            return query;
        } catch (Exception failure) {
            if (!isPlanned(failure)) {
                throw failure;   // a real failure: the test reports it with Spark's own explanation
            }
            // Restart from the checkpoint, as an operator (or a cluster manager) would after a crash.
            var restarted = ExactlyOnce.start(totals, checkpoint, sink);
            restarted.processAllAvailable();
            return restarted;
        } finally {
            if (planned) {
                Configurator.setLevel(QUERY_LOGGER, level);
            }
        }
    }

    private static boolean isPlanned(Throwable failure) {
        for (var cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof PlannedFault || String.valueOf(cause.getMessage()).contains("fault drill:")) {
                return true;
            }
        }
        return false;
    }

    private static Map<String, Long> totalsOf(List<List<Click>> rounds) {
        var totals = new TreeMap<String, Long>();
        rounds.forEach(round -> round.forEach(click -> totals.merge(click.page(), 1L, Long::sum)));
        return totals;
    }

    private static List<String> pagesOf(List<Click> round) {
        return new ArrayList<>(new java.util.TreeSet<>(round.stream().map(Click::page).toList()));
    }
}
