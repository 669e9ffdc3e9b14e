package dev.streaminglabs.watch;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LabCompilerTest {

    @TempDir
    Path lab;

    private LabCompiler compiler;
    private Path counter;
    private Path user;

    @BeforeEach
    void aLabWithTwoClassesAndATest() throws IOException {
        counter = write("src/main/java/x/Counter.java", "package x; public class Counter { public int next() { return 1; } }");
        user = write("src/main/java/x/User.java", "package x; class User { int twice() { return new Counter().next() * 2; } }");
        write("src/test/java/x/CounterTest.java", "package x; class CounterTest { int n = new Counter().next(); }");
        compiler = new LabCompiler(WatchOptions.parse("--lab=" + lab), List.of());
        assertThat(compiler.compileAll().ok()).isTrue();
    }

    @Test
    void aChangedBodyRecompilesThatFileAlone() throws IOException {
        Files.writeString(counter, "package x; public class Counter { public int next() { return 2; } }");

        var result = compiler.compileChanged(Set.of(counter));

        assertThat(result.ok()).isTrue();
        assertThat(result.what()).isEqualTo("1 file");
    }

    @Test
    void aChangedSignatureRecompilesEverySourceAndTheTests() throws IOException {
        Files.writeString(counter, "package x; public class Counter { public long next() { return 2; } }");

        var result = compiler.compileChanged(Set.of(counter));

        assertThat(result.errors()).as("User.twice() returns an int: a long does not fit").isNotEmpty();
        assertThat(result.errors().get(0).getSource().getName()).endsWith("User.java");
    }

    @Test
    void aChangedConstantIsAChangedApi() throws IOException {
        Files.writeString(counter, "package x; public class Counter { public static final int START = 1; "
                + "public int next() { return 1; } }");
        compiler.compileChanged(Set.of(counter));
        Files.writeString(counter, "package x; public class Counter { public static final int START = 2; "
                + "public int next() { return 1; } }");

        var result = compiler.compileChanged(Set.of(counter));

        assertThat(result.what()).isEqualTo("1 file, API changed: all sources and the tests");
    }

    @Test
    void aCompileErrorKeepsTheLastGoodClassesAndTheNextSaveRecovers() throws IOException {
        var compiled = lab.resolve("target/classes/x/Counter.class");
        long before = Files.getLastModifiedTime(compiled).toMillis();
        Files.writeString(counter, "package x; public class Counter { public int next() { return 1 } }");

        var broken = compiler.compileChanged(Set.of(counter));

        assertThat(broken.ok()).isFalse();
        assertThat(broken.errors().get(0).getLineNumber()).isEqualTo(1);
        assertThat(Files.getLastModifiedTime(compiled).toMillis()).isEqualTo(before);

        Files.writeString(counter, "package x; public class Counter { public int next() { return 3; } }");
        assertThat(compiler.compileChanged(Set.of(counter)).ok()).isTrue();
    }

    @Test
    void aSavedTestRecompilesTheTests() throws IOException {
        var test = lab.resolve("src/test/java/x/CounterTest.java");
        Files.writeString(test, "package x; class CounterTest { int n = new Counter().next() + 1; }");

        assertThat(compiler.compileChanged(Set.of(test)).what()).isEqualTo("the tests");
    }

    private Path write(String file, String text) throws IOException {
        var path = lab.resolve(file);
        Files.createDirectories(path.getParent());
        return Files.writeString(path, text);
    }
}
