package dev.streaminglabs.common;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * A producer at a steady rate, in the background: takes a line from a source and hands it to a sink, so many times
 * a second, until {@link #close()}. The line server plays sentences to its clients with it, lab 02's demo writes its
 * application log with it.
 *
 * <pre>{@code
 * try (var writer = PacedLines.start("log-writer", new TextGenerator(42)::logLine, 20, line -> append(log, line))) {
 *     ...
 * }   // stops between two lines: every line counted in sent() was handed to the sink whole
 * }</pre>
 *
 * <p>The source may end: when it returns null, the producer stops by itself ({@link #finished()}).
 */
public final class PacedLines implements AutoCloseable {

    private final Thread thread;
    private final AtomicLong sent = new AtomicLong();
    private volatile boolean stopping;
    private volatile boolean finished;

    private PacedLines(String name, Supplier<String> source, double linesPerSecond, Consumer<String> sink) {
        if (!(linesPerSecond > 0)) {
            throw new IllegalArgumentException("a rate of lines per second must be positive, not " + linesPerSecond);
        }
        long pauseNanos = (long) (TimeUnit.SECONDS.toNanos(1) / linesPerSecond);
        thread = new Thread(() -> {
            long nextAt = System.nanoTime();
            while (!stopping) {
                var line = source.get();
                if (line == null) {
                    break;
                }
                sink.accept(line);
                sent.incrementAndGet();
                // Late (the source or the sink blocked): start the rhythm again from now rather than catch up in a burst.
                nextAt = Math.max(nextAt + pauseNanos, System.nanoTime() - pauseNanos);
                long waitNanos = nextAt - System.nanoTime();
                if (waitNanos > 0) {
                    // Pacing a producer, not waiting for a result: parking is what a rate needs.
                    LockSupport.parkNanos(waitNanos);
                }
            }
            finished = true;
        }, name);
        thread.setDaemon(true);
    }

    /**
     * Starts handing lines from {@code source} to {@code sink}, {@code linesPerSecond} a second, spread evenly over
     * the second, on a daemon thread called {@code name}.
     */
    public static PacedLines start(String name, Supplier<String> source, double linesPerSecond,
                                   Consumer<String> sink) {
        var producer = new PacedLines(name, source, linesPerSecond, sink);
        producer.thread.start();
        return producer;
    }

    /** How many lines the sink has taken so far. */
    public long sent() {
        return sent.get();
    }

    /** True once the producer has stopped: closed, or its source ran out. */
    public boolean finished() {
        return finished;
    }

    /** Stops after the line being handed over, if any, and waits for that: no line is cut in two. */
    @Override
    public void close() {
        stopping = true;
        LockSupport.unpark(thread);
        try {
            thread.join(TimeUnit.SECONDS.toMillis(10));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
