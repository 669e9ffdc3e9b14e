package dev.streaminglabs.lab02;

import java.util.Iterator;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import org.apache.flume.source.avro.AvroFlumeEvent;
import org.apache.flume.source.avro.AvroSourceProtocol;
import org.apache.flume.source.avro.Status;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.streaminglabs.common.NotDoneYet;

/**
 * Step 2 — answer a Flume agent: what the receiver's Avro server does with each batch of events it gets.
 *
 * <p>Flume's avro sink sends its events with {@code appendBatch} and waits for the answer. {@code OK} tells the agent
 * "they are mine now": it commits its channel transaction and forgets them. {@code FAILED} (or no answer at all)
 * makes it roll the transaction back and send the same events again later. So <em>when</em> the receiver answers
 * {@code OK} decides who is responsible for the events if something breaks:
 *
 * <ul>
 *   <li>{@link Delivery#RELIABLE}: hand the whole batch to Spark as one block, with the blocking
 *       {@code store(iterator)}, which returns only once Spark has stored the block (and written it to the write-ahead
 *       log, when it is on). Answer {@code OK} after that; answer {@code FAILED} if storing failed.</li>
 *   <li>{@link Delivery#UNRELIABLE}: hand the events one by one to {@code store(item)}, which only buffers them in
 *       memory (Spark makes a block of the buffer every block interval), and answer {@code OK} at once.</li>
 * </ul>
 */
public final class FlumeBatchHandler implements AvroSourceProtocol {

    private static final Logger LOG = LoggerFactory.getLogger(FlumeBatchHandler.class);

    /** When the receiver answers OK: after Spark stored the batch, or as soon as it got it. */
    public enum Delivery { RELIABLE, UNRELIABLE }

    /** Where the decoded lines go: in the receiver, Spark's {@code store} methods. */
    public interface LineStore {
        /** Stores the lines as one block; returns once they are stored; throws if they could not be. */
        void storeBatch(Iterator<FlumeLine> lines);

        /** Buffers one line; Spark makes blocks of the buffer in the background. */
        void storeOne(FlumeLine line);
    }

    private final Delivery delivery;
    private final LineStore store;
    private final AtomicLong malformed = new AtomicLong();

    public FlumeBatchHandler(Delivery delivery, LineStore store) {
        this.delivery = delivery;
        this.store = store;
    }

    /** A single event: the same as a batch of one. */
    @Override
    public Status append(AvroFlumeEvent event) {
        return appendBatch(List.of(event));
    }

    /**
     * Stores a batch of events the way {@link #delivery} says, and answers the agent.
     *
     * @return {@code OK} when the agent may forget the events, {@code FAILED} when it must send them again
     */
    @Override
    public Status appendBatch(List<AvroFlumeEvent> events) {
        // TODO Step 2: decode the events (decodeAll). RELIABLE: store them all as one batch, then answer OK, or FAILED
        //  (with a warning in the log) if storing threw. UNRELIABLE: store them one by one and answer OK.
        throw new NotDoneYet("lab-02-flume", 2, "answer the agent, reliably or not");
    }

    /** How many events had a body that was not valid UTF-8, since this handler started. */
    public long malformedEvents() {
        return malformed.get();
    }

    /** Decodes every event (step 1), counting and reporting the malformed ones. */
    private List<FlumeLine> decodeAll(List<AvroFlumeEvent> events) {
        var lines = events.stream().map(FlumeLine::decode).toList();
        long bad = lines.stream().filter(FlumeLine::malformed).count();
        if (bad > 0) {
            LOG.warn("{} of {} events had a body that is not valid UTF-8 ({} so far): kept, flagged malformed",
                    bad, lines.size(), malformed.addAndGet(bad));
        }
        return lines;
    }
}
