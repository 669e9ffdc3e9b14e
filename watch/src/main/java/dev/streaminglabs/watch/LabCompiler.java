package dev.streaminglabs.watch;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.Charset;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.StandardLocation;
import javax.tools.ToolProvider;

import com.sun.source.util.JavacTask;
import com.sun.source.util.TaskEvent;
import com.sun.source.util.TaskListener;

/**
 * Compiles a lab in the watcher's own JVM with the JDK's compiler: the exercise's sources and the given code into
 * the lab's classes folder, the tests into the test classes folder, with the options of the lab's Maven build. The
 * compiler stays loaded and its file manager keeps the dependency jars open, so that a save compiles in a fraction
 * of a second and a compile error is on screen before a test JVM could have started.
 *
 * <p>A save recompiles only the saved files, against the classes of the others, unless a saved file's API changed
 * (see {@link ApiSignature}): then every source is compiled again, so that a broken caller shows as the compile error
 * Maven would give, and the tests are compiled again too. When a compilation has an error, javac writes no class
 * file at all: the last good classes stay.
 */
final class LabCompiler implements AutoCloseable {

    /** The errors of one compilation (empty when it succeeded), how long it took, and what it compiled. */
    record Result(List<Diagnostic<? extends JavaFileObject>> errors, long millis, String what) {
        boolean ok() {
            return errors.isEmpty();
        }

        Result took(long startedNanos) {
            return new Result(errors, (System.nanoTime() - startedNanos) / 1_000_000, what);
        }
    }

    private static final List<String> OPTIONS = List.of("-parameters", "-g", "-proc:none", "-implicit:none",
            "-Xlint:none", "-nowarn");

    private final WatchOptions options;
    private final JavaCompiler javac;
    private final StandardJavaFileManager files;
    private final List<File> dependencies;
    /** The API of each source file of the exercise, as of its last successful compilation. */
    private final Map<Path, String> mainApi = new HashMap<>();
    private boolean mainCompiled;
    private boolean testsCompiled;

    LabCompiler(WatchOptions options, List<Path> classpath) {
        this.options = options;
        this.javac = ToolProvider.getSystemJavaCompiler();
        if (javac == null) {
            throw new IllegalStateException("watch mode needs a JDK (its compiler), not a JRE: run Maven with a JDK");
        }
        this.files = javac.getStandardFileManager(null, Locale.ENGLISH, Charset.forName(options.encoding()));
        // The lab's own output folders are what is being compiled: never read stale classes from them.
        this.dependencies = classpath.stream()
                .map(Path::toAbsolutePath).map(Path::normalize)
                .filter(path -> !path.equals(options.classes()) && !path.equals(options.testClasses()))
                .map(Path::toFile)
                .toList();
    }

    /** Compiles everything: the exercise's sources and the given code, then the tests. */
    Result compileAll() {
        mainCompiled = false;
        testsCompiled = false;
        return compileChanged(Set.of());
    }

    /**
     * Compiles what the saved files need: the saved sources alone when their API is unchanged, else all the
     * sources and the tests; the tests when a test was saved.
     */
    Result compileChanged(Collection<Path> saved) {
        long started = System.nanoTime();
        var mainSources = mainSources();
        var savedMain = saved.stream().filter(mainSources::contains).toList();
        boolean deleted = saved.stream().anyMatch(file -> isMain(file) && !Files.exists(file));
        boolean testsSaved = saved.stream().anyMatch(file -> file.startsWith(options.testSources()));

        boolean apiChanged = false;
        String what;
        if (!mainCompiled || deleted || savedMain.stream().anyMatch(file -> !mainApi.containsKey(file))) {
            var result = compileMain(mainSources, false);
            if (!result.ok()) {
                return result.took(started);
            }
            apiChanged = true;
            what = "all sources";
        } else if (!savedMain.isEmpty()) {
            var before = new HashMap<>(mainApi);
            var result = compileMain(savedMain, true);
            if (!result.ok()) {
                return result.took(started);
            }
            apiChanged = savedMain.stream().anyMatch(file -> !mainApi.get(file).equals(before.get(file)));
            what = savedMain.size() + " file" + (savedMain.size() > 1 ? "s" : "");
            if (apiChanged) {     // a signature changed: its callers must compile against it, as with Maven
                var all = compileMain(mainSources, false);
                if (!all.ok()) {
                    return all.took(started);
                }
                what += ", API changed: all sources";
            }
        } else {
            what = "";
        }
        if (!testsCompiled || apiChanged || testsSaved) {
            var result = compileTests();
            if (!result.ok()) {
                return result.took(started);
            }
            what += (what.isEmpty() ? "" : " and ") + "the tests";
        }
        return new Result(List.of(), 0, what).took(started);
    }

    private Result compileMain(List<Path> sources, boolean againstCompiled) {
        List<File> classpath = new ArrayList<>();
        if (againstCompiled) {
            classpath.add(options.classes().toFile());   // the sources not saved: as they were last compiled
        }
        classpath.addAll(dependencies);
        var apis = new HashMap<Path, StringBuilder>();
        var result = compile(sources, options.classes(), classpath, apis);
        if (result.ok()) {
            if (!againstCompiled) {
                mainApi.clear();
                mainCompiled = true;
            }
            sources.forEach(source -> mainApi.put(source, apis.getOrDefault(source, new StringBuilder()).toString()));
        } else {
            mainCompiled = mainCompiled && againstCompiled;
        }
        return result;
    }

    private Result compileTests() {
        List<File> classpath = new ArrayList<>();
        classpath.add(options.classes().toFile());
        classpath.addAll(dependencies);
        var result = compile(LabSteps.javaFiles(options.testSources()), options.testClasses(), classpath, null);
        testsCompiled = result.ok();
        return result;
    }

    private Result compile(List<Path> sources, Path output, List<File> classpath, Map<Path, StringBuilder> apis) {
        var diagnostics = new DiagnosticCollector<JavaFileObject>();
        try {
            Files.createDirectories(output);
            files.setLocation(StandardLocation.CLASS_OUTPUT, List.of(output.toFile()));
            files.setLocation(StandardLocation.CLASS_PATH, classpath);
            files.setLocation(StandardLocation.SOURCE_PATH, List.of());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (!sources.isEmpty()) {
            // As the lab's Maven build: --release, -parameters, debug information; no annotation processing.
            List<String> compilerOptions = new ArrayList<>(List.of("--release", options.release(),
                    "-encoding", options.encoding()));
            compilerOptions.addAll(OPTIONS);
            var units = files.getJavaFileObjectsFromPaths(sources);
            var task = (JavacTask) javac.getTask(Writer.nullWriter(), files, diagnostics, compilerOptions, null, units);
            if (apis != null) {
                task.addTaskListener(new TaskListener() {
                    @Override
                    public void finished(TaskEvent event) {
                        if (event.getKind() == TaskEvent.Kind.ANALYZE && event.getTypeElement() != null) {
                            var source = Path.of(event.getSourceFile().toUri()).toAbsolutePath().normalize();
                            apis.computeIfAbsent(source, s -> new StringBuilder())
                                    .append(ApiSignature.of(event.getTypeElement()));
                        }
                    }
                });
            }
            task.call();
        }
        var errors = diagnostics.getDiagnostics().stream()
                .filter(diagnostic -> diagnostic.getKind() == Diagnostic.Kind.ERROR)
                .toList();
        return new Result(List.copyOf(errors), 0, "");
    }

    private List<Path> mainSources() {
        var sources = new ArrayList<Path>();
        for (var source : LabSteps.javaFiles(options.sources())) {
            sources.add(source.toAbsolutePath().normalize());
        }
        for (var source : LabSteps.javaFiles(options.given())) {
            sources.add(source.toAbsolutePath().normalize());
        }
        return sources;
    }

    private boolean isMain(Path file) {
        return file.startsWith(options.sources()) || file.startsWith(options.given());
    }

    @Override
    public void close() throws IOException {
        files.close();
    }
}
