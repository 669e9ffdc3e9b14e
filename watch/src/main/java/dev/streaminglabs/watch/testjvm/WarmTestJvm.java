package dev.streaminglabs.watch.testjvm;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;

import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.core.config.Configurator;
import org.junit.platform.launcher.core.LauncherFactory;

import dev.streaminglabs.watch.Protocol;

/**
 * The pre-warmed test JVM: started with the lab's test classpath while the student types, it creates the tests'
 * Spark session and warms it up (first jobs, first streaming query) without loading a single class of the lab; then
 * it waits for one command, runs that step's tests through the JUnit Platform, as Surefire would, and exits.
 *
 * <p>The lab's output folders are on its classpath from the start, untouched until the run: the application class
 * loader reads a class file only when the class is first needed, so the classes the watcher compiled just before
 * the command are the ones that load. Using the application class loader (not a class loader made for the run)
 * keeps everything as in Surefire's JVM: Spark's executors deserialize the lab's lambdas with it.
 *
 * <pre>
 * java [test JVM options] -cp TEST_CLASSPATH dev.streaminglabs.watch.testjvm.WarmTestJvm
 *      TEST_CLASSES_DIR LAB_CLASSES_DIR [dstream,structured]
 * </pre>
 */
public final class WarmTestJvm {

    private WarmTestJvm() {
    }

    public static void main(String[] args) throws InterruptedException {
        long started = System.nanoTime();
        long startedCpu = cpuNanos();
        var testClasses = Path.of(args[0]);
        var labClasses = Path.of(args[1]);
        var warmUps = args.length > 2 && !args[2].isBlank() ? List.of(args[2].split(",")) : List.<String>of();

        var commands = new LinkedBlockingQueue<String>();
        readCommands(commands);

        // One launcher for the warm-up and the run: its engines and listeners are loaded once, before the save.
        var launcher = LauncherFactory.create();
        WarmUp.run(launcher, warmUps);
        tell(Protocol.WARM, started, startedCpu);

        var command = commands.take();
        long runStarted = System.nanoTime();
        long runStartedCpu = cpuNanos();
        StepRun.run(launcher, testClasses, labClasses, Protocol.stepOf(command));
        tell(Protocol.DONE, runStarted, runStartedCpu);
        // Spark's shutdown hooks stop the session and delete its temporary folders; the watcher does not wait.
        System.exit(0);
    }

    /** Tells the watcher, with the wall-clock and CPU milliseconds since then (CPU time: a figure a busy machine
     * disturbs less). */
    private static void tell(String what, long since, long sinceCpu) {
        System.out.println(Protocol.answer(what, (System.nanoTime() - since) / 1_000_000,
                (cpuNanos() - sinceCpu) / 1_000_000));
        System.out.flush();
    }

    private static long cpuNanos() {
        var os = ManagementFactory.getOperatingSystemMXBean();
        return os instanceof com.sun.management.OperatingSystemMXBean bean ? bean.getProcessCpuTime() : 0;
    }

    /**
     * Reads the watcher's commands on a thread of their own, from the start: when standard input closes (the
     * watcher is gone, whatever the reason), this JVM exits at once, even in the middle of its warm-up.
     */
    private static void readCommands(BlockingQueue<String> commands) {
        var reader = new Thread(() -> {
            try (var in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8))) {
                String line;
                while ((line = in.readLine()) != null) {
                    if (line.startsWith("run")) {
                        commands.add(line.trim());
                    }
                }
            } catch (IOException closed) {
                // the same as the end of the input
            }
            // Stopping Spark in the middle of the warm-up makes its tasks fail loudly: not a thing to show at quit.
            Configurator.setRootLevel(Level.OFF);
            Configurator.setLevel("dev.streaminglabs", Level.OFF);
            System.exit(0);
        }, "watch-commands");
        reader.setDaemon(true);
        reader.start();
    }
}
