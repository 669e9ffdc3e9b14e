package dev.streaminglabs.watch;

/**
 * How the watcher and its test JVM talk: one command line on the test JVM's standard input, answers as marker lines
 * among its standard output (which the watcher copies to the terminal, minus the markers).
 *
 * <pre>
 * test JVM → watcher   ::watch:: warm 4210 6020   Spark is warm (4.2 s after the JVM started, 6.0 s of CPU)
 * watcher → test JVM   run step2                  run the tests tagged step2 (or: run all)
 * test JVM → watcher   ::watch:: done 1234 1510   the run is over (1.2 s), its verdict is in the progress file
 * </pre>
 *
 * When its standard input closes (the watcher quit, was stopped with Ctrl-C or died), the test JVM exits at once.
 */
public final class Protocol {

    public static final String MARKER = "::watch:: ";
    public static final String WARM = "warm";
    public static final String DONE = "done";
    public static final String RUN_ALL = "run all";
    public static final String RUN_STEP = "run step";

    private Protocol() {
    }

    /** The command that runs one step's tests, or every step's when {@code step} is 0. */
    public static String run(int step) {
        return step == 0 ? RUN_ALL : RUN_STEP + step;
    }

    /** The step a run command asks for, 0 for all steps. */
    public static int stepOf(String command) {
        return command.startsWith(RUN_STEP) ? Integer.parseInt(command.substring(RUN_STEP.length()).trim()) : 0;
    }

    /** An answer of the test JVM: what, then the wall-clock and CPU milliseconds it took. */
    public static String answer(String what, long millis, long cpuMillis) {
        return MARKER + what + " " + millis + " " + cpuMillis;
    }
}
