package dev.streaminglabs.watch;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.stream.Collectors;

/**
 * Watch mode: save a file, see the step's verdict. Started by lab-parent's {@code watch} profile in a lab's folder:
 *
 * <pre>
 * ./mvnw -q -pl lab-01-socket -am test-compile exec:exec -Dwatch            (add -Psolutions for the reference)
 * </pre>
 *
 * On every save of the lab's sources, it compiles them in this JVM, then runs the current step's tests in a test JVM
 * that was started, and warmed up, while the student was typing; that JVM prints the same progress box as
 * {@code ./mvnw test -Dgroups=stepN}, then exits, and the next one starts warming up at once. Keys: {@code h} the
 * next hint of the current step, {@code a} all steps, {@code n}/{@code p} the next/previous step, {@code q} quit.
 * What the student did is remembered in the lab's {@code target/watch/}.
 */
public final class Watch {

    private static final String KEYS = "h hint · a all steps · n/p next/previous step · q quit";

    /** What the event loop reacts to (the test JVM's events are {@link TestJvm.Event}). */
    private record Saved(SourcePoller.Change change) {
    }

    private record Key(int key) {
    }

    /** The run in progress: which JVM, which step (0: all), since when the student waits, and why. */
    private record Run(TestJvm jvm, int step, long sinceMillis, String cause, long compileMillis, boolean wasWarm) {
    }

    private final WatchOptions options;
    private final LabSteps steps;
    private final Progress progress;
    private final LabCompiler compiler;
    private final Keys keys = new Keys(System.in);
    private final BlockingQueue<Object> events = new LinkedBlockingQueue<>();
    private final List<TestJvm> started = new ArrayList<>();
    private final Path runFile;
    private SourcePoller poller;

    private int current;
    private TestJvm next;
    private Run running;
    private boolean compiles;
    private final Set<Path> savedDuringRun = new HashSet<>();
    private long savedDuringRunAt;
    private Integer requested;
    private int deathsInARow;
    private boolean stopped;

    private Watch(WatchOptions options) {
        this.options = options;
        this.steps = LabSteps.of(options);
        this.progress = Progress.load(options);
        this.runFile = options.workFolder().resolve("run.tsv");
        var classpath = java.util.Arrays.stream(System.getProperty("java.class.path").split(java.io.File.pathSeparator))
                .filter(entry -> !entry.isBlank()).map(Path::of).toList();
        this.compiler = new LabCompiler(options, classpath);
    }

    public static void main(String[] args) throws Exception {
        var options = WatchOptions.parse(args);
        new Watch(options).watch();
    }

    private void watch() throws InterruptedException {
        if (steps.isEmpty()) {
            say("no step found in " + options.shown(options.lab()) + " (no \"## Step N — ...\" in its README, no test "
                    + "tagged stepN): nothing to watch.");
            System.exit(1);
        }
        // Before the first test JVM starts: a class folder missing from its classpath at start is ignored for good.
        try {
            Files.createDirectories(options.classes());
            Files.createDirectories(options.testClasses());
        } catch (IOException e) {
            say("cannot create the lab's class folders: " + e.getMessage());
            System.exit(1);
        }
        Runtime.getRuntime().addShutdownHook(new Thread(this::stop, "watch-stop"));
        // Maven started this JVM: if Maven goes (killed, its terminal closed), so does watch mode, and its test JVM.
        ProcessHandle.current().parent().ifPresent(maven -> maven.onExit().thenRun(() -> System.exit(0)));
        keys.start(key -> events.add(new Key(key)));
        next = startTestJvm();
        printHeader();
        current = firstStep();

        compiles = report(compiler.compileAll()) >= 0;
        if (compiles) {
            startRun(current, System.currentTimeMillis(), "start", 0);
        }
        poller = new SourcePoller(List.of(options.sources(), options.given(), options.testSources()),
                change -> events.add(new Saved(change)));
        poller.start();

        while (!stopped) {
            var event = events.take();
            try {
                if (event instanceof Saved saved) {
                    onSave(saved.change());
                } else if (event instanceof Key key) {
                    onKey(key.key());
                } else if (event instanceof TestJvm.Warm warm) {
                    onWarm(warm);
                } else if (event instanceof TestJvm.Done done) {
                    onDone(done);
                } else if (event instanceof TestJvm.Died died) {
                    onDied(died);
                }
            } catch (RuntimeException e) {   // a file gone mid-read, a full disk: say it, keep watching
                say("something went wrong (" + e + "); watching goes on. Save again, or q and start again.");
            }
        }
    }

    // ---- saves and compilation ------------------------------------------------------------------------------

    private void onSave(SourcePoller.Change change) {
        if (running != null) {   // never compile under a running test JVM: it may still be loading the lab's classes
            savedDuringRun.addAll(change.files());
            savedDuringRunAt = Math.max(savedDuringRunAt, change.savedAtMillis());
            return;
        }
        compileAndRun(change.files(), change.savedAtMillis());
    }

    private void compileAndRun(Set<Path> files, long savedAt) {
        say(time() + " · saved " + files.stream().map(f -> f.getFileName().toString()).sorted().distinct()
                .collect(Collectors.joining(", ")));
        long millis = report(compiler.compileChanged(files));
        compiles = millis >= 0;
        if (compiles) {
            startRun(current, savedAt, "save", millis);
        }
    }

    /** Prints a compilation's errors, if any. Returns how long it took, or -1 on a compile error. */
    private long report(LabCompiler.Result result) {
        if (result.ok()) {
            if (options.verbose()) {
                say("compiled " + result.what() + " in " + result.millis() + " ms");
            }
            return result.millis();
        }
        System.out.println();
        System.out.print(CompileReport.of(result.errors(), options));
        say("it does not compile (" + result.millis() + " ms): fix it and save, the tests of Step " + current
                + " run as soon as it compiles.");
        return -1;
    }

    // ---- runs -----------------------------------------------------------------------------------------------

    private void startRun(int step, long sinceMillis, String cause, long compileMillis) {
        if (next == null || !next.isAlive()) {
            next = startTestJvm();
        }
        try {
            Files.deleteIfExists(runFile);
        } catch (IOException e) {
            say("could not delete " + runFile + ": " + e.getMessage());
        }
        var what = step == 0 ? "all steps" : steps.get(step).map(Step::label).orElse("Step " + step);
        say(time() + " · testing " + what + (next.isWarm() ? "" : " (the test JVM is still warming up Spark)"));
        running = new Run(next, step, sinceMillis, cause, compileMillis, next.isWarm());
        next.run(step);
        next = null;
    }

    private void onDone(TestJvm.Done done) {
        if (running == null || done.jvm() != running.jvm()) {
            return;
        }
        var run = running;
        running = null;
        deathsInARow = 0;
        next = startTestJvm();      // the next one warms up while the student reads the verdict
        closeLater(done.jvm());

        Map<Integer, StepVerdict> verdicts;
        try {
            verdicts = StepVerdict.read(runFile);
        } catch (IOException | RuntimeException e) {
            say("could not read the run's verdict (" + runFile + "): " + e.getMessage());
            verdicts = Map.of();
        }
        for (var verdict : verdicts.entrySet()) {
            steps.get(verdict.getKey()).ifPresent(step -> progress.record(step, verdict.getValue().status()));
        }
        long latency = done.atMillis() - run.sinceMillis();
        report(run, verdicts, latency);
        if (options.verbose()) {
            say("timing: " + run.cause() + "→verdict " + latency + " ms (compile " + run.compileMillis()
                    + " ms, test run " + done.runMillis() + " ms, CPU " + done.cpuMillis() + " ms, test JVM "
                    + (run.wasWarm() ? "warm" : "not warm yet")
                    + ")");
        }
        progress.save();
        printSteps();
        afterRun();
    }

    private void report(Run run, Map<Integer, StepVerdict> verdicts, long latency) {
        var after = switch (run.cause()) {
            case "save" -> "after your save";
            case "start" -> "after the start";
            default -> "after your key";
        };
        var seconds = String.format(java.util.Locale.ROOT, "%.1f s", latency / 1000.0);
        if (run.step() == 0) {
            var counts = verdicts.values().stream()
                    .collect(Collectors.groupingBy(v -> v.status(), java.util.TreeMap::new, Collectors.counting()));
            say("all steps: " + counts.entrySet().stream()
                    .map(e -> e.getValue() + " " + e.getKey().name().toLowerCase(java.util.Locale.ROOT).replace('_', ' '))
                    .collect(Collectors.joining(", ")) + " · verdict " + seconds + " " + after);
            current = firstStep();
            return;
        }
        var step = steps.get(run.step()).orElseThrow();
        var verdict = verdicts.get(run.step());
        if (verdict == null) {
            say(step.label() + ": no test ran · " + seconds + (step.hasTests() ? " (see the messages above)"
                    : " (no test class is tagged step" + step.number() + ")"));
            return;
        }
        say(step.label() + ": " + verdict.words() + " · verdict " + seconds + " " + after);
        if (verdict.status() == StepVerdict.Status.DONE && run.step() == current && options.step() > 0) {
            say("staying on " + step.label() + " (-Dwatch.step=" + options.step() + "): n moves on.");
        } else if (verdict.status() == StepVerdict.Status.DONE && run.step() == current) {
            var following = nextStepNotDone(current);
            if (following == null) {
                say("every step is done. Well done! Try the lab's \"Check yourself\" questions next "
                        + "(a runs all steps again).");
            } else {
                current = following.number();
                say("next: " + following.label() + " · read " + options.labName() + "/README.md#step-"
                        + following.number() + " · h for a hint");
            }
        }
    }

    private void afterRun() {
        if (!savedDuringRun.isEmpty()) {
            var files = Set.copyOf(savedDuringRun);
            savedDuringRun.clear();
            requested = null;
            compileAndRun(files, savedDuringRunAt);
        } else if (requested != null) {
            int step = requested;
            requested = null;
            request(step);
        }
    }

    private void onWarm(TestJvm.Warm warm) {
        if (options.verbose()) {
            say("test JVM warm in " + warm.warmUpMillis() + " ms (CPU " + warm.cpuMillis() + " ms)");
        }
    }

    private void onDied(TestJvm.Died died) {
        if (running != null && died.jvm() == running.jvm()) {
            running = null;
            say("the test JVM stopped before its verdict (exit code " + died.exitCode() + "): see its last lines "
                    + "above. A test (or the code under test) may have called System.exit, or run out of memory.");
        } else if (died.jvm() == next) {
            next = null;
            say("the test JVM stopped while warming up (exit code " + died.exitCode() + "): see its last lines above.");
        } else {
            return;
        }
        if (++deathsInARow < 3) {
            next = startTestJvm();
        } else {
            say("giving up on starting test JVMs: run the one-shot command to see why: ./mvnw test -pl "
                    + options.labName() + " -am -Dgroups=step" + current);
        }
        afterRun();
    }

    // ---- keys -----------------------------------------------------------------------------------------------

    private void onKey(int key) {
        switch (key) {
            case 'q' -> quit();
            case 'h' -> hint();
            case 'a' -> request(0);
            case 'n', 'p' -> {
                current = steps.move(current, key == 'n' ? 1 : -1);
                request(current);
            }
            default -> say("keys: " + KEYS);
        }
    }

    private void request(int step) {
        if (running != null) {
            requested = step;
            say((step == 0 ? "all steps" : "Step " + step) + " will run after this run.");
        } else if (!compiles) {
            say("it does not compile yet: fix the error above and save.");
        } else {
            startRun(step, System.currentTimeMillis(), "key", 0);
        }
    }

    private void hint() {
        // Read again: the README may have changed since the start.
        var step = LabSteps.of(options).get(current).or(() -> steps.get(current)).orElseThrow();
        var hints = step.hints();
        int shown = progress.hintsShown(step);
        if (hints.isEmpty()) {
            say(step.label() + " has no hint in the README.");
            return;
        }
        if (shown >= hints.size()) {
            say("no more hints for " + step.label() + " (you saw all " + hints.size() + "; h starts again from the "
                    + "first). The README's Discussion, your trainer or a neighbour may help.");
            progress.hintsReset(step);
            progress.save();
            return;
        }
        var hint = hints.get(shown);
        System.out.println();
        say(step.label() + " · " + hint.summary() + " (" + (shown + 1) + " of " + hints.size() + ")");
        hint.text().lines().forEach(line -> System.out.println("    " + line));
        System.out.println();
        progress.hintShown(step);
        progress.save();
    }

    // ---- start, stop ----------------------------------------------------------------------------------------

    private TestJvm startTestJvm() {
        var jvm = TestJvm.start(options, steps.warmUps(), runFile, events::add);
        synchronized (started) {
            started.removeIf(old -> !old.isAlive());
            started.add(jvm);
        }
        return jvm;
    }

    private void closeLater(TestJvm jvm) {
        var closer = new Thread(jvm::close, "watch-test-jvm-close");
        closer.setDaemon(true);
        closer.start();
    }

    private void quit() {
        say("bye. Your progress is kept in " + options.shown(options.workFolder()) + ".");
        stop();
        System.exit(0);
    }

    /** Stops everything this watcher started; runs on q, and on Ctrl-C as a shutdown hook. Nothing is left running. */
    private synchronized void stop() {
        if (stopped) {
            return;
        }
        stopped = true;
        if (poller != null) {
            poller.stop();
        }
        List<TestJvm> jvms;
        synchronized (started) {
            jvms = List.copyOf(started);
        }
        jvms.parallelStream().forEach(TestJvm::close);
        keys.restore();
        try {
            compiler.close();
        } catch (IOException ignored) {
            // the JVM is exiting
        }
    }

    // ---- what the student reads -----------------------------------------------------------------------------

    private void printHeader() {
        var labNumber = options.labName().split("-");
        var title = labNumber.length > 1 ? "Lab " + labNumber[1] + " (" + options.labName() + ")" : options.labName();
        System.out.println();
        System.out.println("Watch mode · " + title + " · " + options.mode() + " mode: "
                + options.shown(options.sources()));
        System.out.println("Save a file: it compiles, and the current step's tests run. Keys: " + KEYS
                + (keys.singleKey() ? "" : " (then Enter)"));
        var done = steps.all().stream().filter(progress::isDone).map(s -> String.valueOf(s.number())).toList();
        var changed = steps.all().stream().filter(s -> progress.verdict(s).isPresent() && progress.changedSince(s))
                .map(s -> String.valueOf(s.number())).toList();
        if (!done.isEmpty() || !changed.isEmpty()) {
            System.out.println("From your last session: " + (done.isEmpty() ? "no step done" : "done: step "
                    + String.join(", ", done)) + (changed.isEmpty() ? "" : "; changed since its last verdict: step "
                    + String.join(", ", changed) + " (a runs all steps)"));
        }
    }

    private void printSteps() {
        var marks = steps.all().stream().map(step -> mark(step) + " " + step.number())
                .collect(Collectors.joining("  "));
        say(marks + "  · on Step " + current + " · " + KEYS);
    }

    private String mark(Step step) {
        var verdict = progress.verdict(step).orElse(StepVerdict.Status.NOT_RUN);
        if (progress.changedSince(step) && verdict == StepVerdict.Status.DONE) {
            return "[~]";
        }
        return switch (verdict) {
            case DONE -> "[x]";
            case BROKEN -> "[!]";
            case NOT_DONE, NOT_RUN -> "[ ]";
        };
    }

    /** The step named with -Dwatch.step, else the first step not done (or changed since it was done). */
    private int firstStep() {
        if (options.step() > 0 && steps.get(options.step()).isPresent()) {
            return options.step();
        }
        var notDone = nextStepNotDone(0);
        return notDone != null ? notDone.number() : steps.all().get(0).number();
    }

    private Step nextStepNotDone(int after) {
        return steps.all().stream().filter(step -> step.number() > after && !progress.isDone(step))
                .findFirst().orElse(null);
    }

    private static String time() {
        return LocalTime.now().format(DateTimeFormatter.ofPattern("HH:mm:ss"));
    }

    private static void say(String text) {
        System.out.println("watch · " + text);
        System.out.flush();
    }
}
