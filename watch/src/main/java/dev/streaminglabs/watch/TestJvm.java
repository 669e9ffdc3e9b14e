package dev.streaminglabs.watch;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import dev.streaminglabs.watch.testjvm.WarmTestJvm;

/**
 * One pre-warmed test JVM, seen from the watcher: started at once, it warms Spark up on its own; {@link #run} tells
 * it which step to test; it answers "done" and exits. Its standard output is copied to the terminal (the tests'
 * output, the failures, the progress box) minus the protocol's marker lines, which become events.
 *
 * <p>Nothing outlives the watcher: the JVM exits when its standard input closes, and {@link #close} closes it (then
 * destroys the process if it does not go within seconds).
 */
final class TestJvm implements AutoCloseable {

    /** What the test JVM says: it is warm, or its run is over, or it stopped without a verdict. */
    sealed interface Event permits Warm, Done, Died {
        TestJvm jvm();
    }

    record Warm(TestJvm jvm, long warmUpMillis, long cpuMillis) implements Event {
    }

    record Done(TestJvm jvm, long runMillis, long cpuMillis, long atMillis) implements Event {
    }

    record Died(TestJvm jvm, int exitCode) implements Event {
    }

    private final Process process;
    private final Writer commands;
    private final long startedAt = System.currentTimeMillis();
    private volatile boolean warm;
    private volatile boolean finished;

    private TestJvm(Process process) {
        this.process = process;
        this.commands = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
    }

    /**
     * Starts a test JVM with the lab's test classpath (this JVM's own: Maven gave the watcher the lab's test
     * classpath), the test JVM options of the lab's Surefire configuration, in the lab's folder.
     */
    static TestJvm start(WatchOptions options, List<String> warmUps, Path progressFile, Consumer<Event> events) {
        List<String> arguments = new ArrayList<>(options.testJvm());
        // For measurements: WATCH_TEST_JVM_OPTIONS adds JVM options (after Surefire's, so they win).
        var extra = System.getenv("WATCH_TEST_JVM_OPTIONS");
        if (extra != null && !extra.isBlank()) {
            arguments.addAll(List.of(extra.trim().split("\\s+")));
        }
        arguments.add("-DsparkLog=" + options.sparkLog());
        arguments.add("-Dlabs.clock=" + options.clock());
        arguments.add("-Dlabs.progressFile=" + progressFile);
        arguments.add("-Dlabs.peakMemoryFile=");
        arguments.add("-Dwatch.verbose=" + options.verbose());
        arguments.add("-Dwatch.runOrder=" + options.runOrder());
        // The box's "—" and "·" cross the pipe as UTF-8, whatever the platform's encoding (Java 17, then 18+).
        arguments.add("-Dsun.stdout.encoding=UTF-8");
        arguments.add("-Dstdout.encoding=UTF-8");
        arguments.add("-classpath");
        arguments.add(System.getProperty("java.class.path"));
        arguments.add(WarmTestJvm.class.getName());
        arguments.add(options.testClasses().toString());
        arguments.add(options.classes().toString());
        arguments.add(String.join(",", warmUps));
        try {
            // An argument file: a lab's classpath is longer than a Windows command line may be.
            Files.createDirectories(options.workFolder());
            var argumentFile = options.workFolder().resolve("test-jvm.args");
            Files.write(argumentFile, arguments.stream().map(TestJvm::quoted).toList(), StandardCharsets.UTF_8);
            var builder = new ProcessBuilder(javaExecutable(), "@" + argumentFile)
                    .directory(options.lab().toFile())
                    .redirectError(ProcessBuilder.Redirect.INHERIT);
            builder.environment().put("SPARK_LOCAL_IP", "127.0.0.1");
            var jvm = new TestJvm(builder.start());
            jvm.copyOutput(events);
            return jvm;
        } catch (IOException e) {
            throw new UncheckedIOException("could not start the test JVM", e);
        }
    }

    boolean isWarm() {
        return warm;
    }

    boolean isAlive() {
        return process.isAlive() && !finished;
    }

    long startedAt() {
        return startedAt;
    }

    /** Asks for a run of one step, or of all steps (0). The JVM starts it as soon as it is warm. */
    void run(int step) {
        try {
            commands.write(Protocol.run(step) + "\n");
            commands.flush();
        } catch (IOException gone) {
            // the JVM died: its output's end reports it
        }
    }

    private void copyOutput(Consumer<Event> events) {
        var copier = new Thread(() -> {
            try (var out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = out.readLine()) != null) {
                    int marker = line.indexOf(Protocol.MARKER);
                    if (marker < 0) {
                        System.out.println(line);
                        continue;
                    }
                    if (marker > 0) {
                        System.out.println(line.substring(0, marker));
                    }
                    var answer = line.substring(marker + Protocol.MARKER.length()).trim().split(" ");
                    long millis = answer.length > 1 ? Long.parseLong(answer[1]) : 0;
                    long cpuMillis = answer.length > 2 ? Long.parseLong(answer[2]) : 0;
                    if (answer[0].equals(Protocol.WARM)) {
                        warm = true;
                        events.accept(new Warm(this, millis, cpuMillis));
                    } else if (answer[0].equals(Protocol.DONE)) {
                        finished = true;
                        events.accept(new Done(this, millis, cpuMillis, System.currentTimeMillis()));
                    }
                }
            } catch (IOException | RuntimeException closed) {
                // the process is gone
            }
            System.out.flush();
            if (!finished) {
                finished = true;
                events.accept(new Died(this, exitCode()));
            }
        }, "watch-test-jvm-output");
        copier.setDaemon(true);
        copier.start();
    }

    private int exitCode() {
        try {
            return process.waitFor(5, TimeUnit.SECONDS) ? process.exitValue() : -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    /** Ends the JVM: closing its input makes it exit (Spark's shutdown hooks clean up); destroyed if it lingers. */
    @Override
    public void close() {
        finished = true;
        try {
            commands.close();
        } catch (IOException alreadyClosed) {
            // gone already
        }
        try {
            // Spark's shutdown hooks delete its temporary folders: give them time (seconds, minutes on a busy
            // machine) before asking harder; a forced end would leave the folders behind.
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroy();
                if (!process.waitFor(15, TimeUnit.SECONDS)) {
                    process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
                }
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    private static String javaExecutable() {
        var windows = System.getProperty("os.name", "").toLowerCase(Locale.ROOT).startsWith("windows");
        return Path.of(System.getProperty("java.home"), "bin", windows ? "java.exe" : "java").toString();
    }

    /** An argument of a java @-file: in double quotes, backslashes and quotes escaped. */
    static String quoted(String argument) {
        return '"' + argument.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
    }
}
