package dev.streaminglabs.testkit.progress.warm;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import javax.tools.ToolProvider;

import dev.streaminglabs.testkit.progress.RunTests;

/**
 * The wrong-answers check's warm worker: one JVM that runs the {@code Caught by} test class of many patches of one
 * lab, one after the other, instead of one JVM per patch — Spark's classes, the JIT's work and (lab 06) the Kafka
 * broker are paid for once.
 *
 * <p>Its class path is the lab's dependencies (Spark, common, the test kit, JUnit) without the lab's own classes. For
 * each patch it makes a class loader of its own — the patch's compiled classes first, then the lab's solution and
 * test classes — runs the test class under it (as the thread's context class loader, which Spark and JUnit load
 * classes with) through {@link RunTests#run}, then stops the Spark the tests started, so that the next patch gets a
 * Spark context created under its own loader (see {@link SparkReset}), and looks for what the run left behind
 * ({@link Leftovers}).
 *
 * <p>Protocol: one request per line on stdin, tab-separated,
 * {@code run <testClass> <stopAtWords> <progressFile> <failuresFile> <classPathEntry>...}; one answer per request on
 * stdout, {@code done <exitCode> clean} or {@code done <exitCode> dirty <what was left>} (the check then starts a new
 * worker for the next patch). {@code javac <argument>...} compiles a patch's files in the worker (a warm compiler)
 * and answers {@code compiled <exitCode> <javac's messages>}. The line {@code ready} says the worker is listening.
 * Everything else the worker and the tests print goes to stderr. End of stdin ends the worker.
 */
public final class PatchWorker {

    /** The name of every patch's class loader: the frames of its classes say it in a thread's stack. */
    static final String LOADER_NAME = "patch";

    private PatchWorker() {
    }

    public static void main(String[] args) throws Exception {
        var answers = new PrintStream(new FileOutputStream(FileDescriptor.out), true, StandardCharsets.UTF_8);
        System.setOut(System.err);   // the progress box and the tests' output: not the protocol's channel
        var requests = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        answers.println("ready");
        for (var line = requests.readLine(); line != null; line = requests.readLine()) {
            var fields = line.split("\t", -1);
            if (fields.length >= 6 && fields[0].equals("run")) {
                answers.println(run(fields[1], fields[2], fields[3], fields[4],
                        Arrays.asList(fields).subList(5, fields.length)));
            } else if (fields.length >= 2 && fields[0].equals("javac")) {
                answers.println(javac(Arrays.asList(fields).subList(1, fields.length)));
            } else {
                answers.println("error not a request: " + line);
            }
        }
        System.exit(0);
    }

    private static String run(String testClass, String stopAt, String progressFile, String failuresFile,
            List<String> classPath) throws Exception {
        System.setProperty("labs.progressFile", progressFile);
        System.setProperty("labs.failuresFile", failuresFile);
        long started = System.nanoTime();
        var before = Leftovers.before();
        // As in a JVM of its own: a test that starts a JVM with this class path (lab 02's other-charset machine).
        var classPathProperty = System.getProperty("java.class.path");
        System.setProperty("java.class.path", String.join(File.pathSeparator, classPath) + File.pathSeparator
                + classPathProperty);
        var thread = Thread.currentThread();
        var appLoader = thread.getContextClassLoader();
        var loader = new URLClassLoader(LOADER_NAME, urls(classPath), PatchWorker.class.getClassLoader());
        int code;
        try {
            thread.setContextClassLoader(loader);
            code = RunTests.run(List.of(selectClass(loader.loadClass(testClass))), stopAt, Path.of(failuresFile));
        } catch (ReflectiveOperationException | LinkageError e) {
            System.err.println("[worker] cannot load " + testClass + ": " + e);
            code = RunTests.FAILED;
        } finally {
            long ran = System.nanoTime();
            System.err.printf("[worker] %s ran in %d ms%n", testClass, (ran - started) / 1_000_000);
            SparkReset.stopAll().forEach(found -> System.err.println("[worker] stopped " + found));
            thread.setContextClassLoader(appLoader);
            System.setProperty("java.class.path", classPathProperty);
        }
        var left = before.after();
        loader.close();   // after the leftovers' check: a thread still ending may need a class of the patch
        System.err.printf("[worker] %s done in %d ms, %s%n", testClass, (System.nanoTime() - started) / 1_000_000,
                left.isEmpty() ? "clean" : "left " + left);
        return "done\t" + code + (left.isEmpty() ? "\tclean" : "\tdirty\t" + String.join("; ", left));
    }

    /** Compiles a patch's files with the JDK's compiler in this JVM, warm after the first patch. */
    private static String javac(List<String> arguments) {
        var errors = new ByteArrayOutputStream();
        int code = ToolProvider.getSystemJavaCompiler().run(null, errors, errors, arguments.toArray(String[]::new));
        return "compiled\t" + code + "\t" + errors.toString(StandardCharsets.UTF_8).replaceAll("\\s+", " ");
    }

    private static URL[] urls(List<String> classPath) throws MalformedURLException {
        var urls = new URL[classPath.size()];
        for (int i = 0; i < urls.length; i++) {
            urls[i] = Path.of(classPath.get(i)).toUri().toURL();
        }
        return urls;
    }
}
