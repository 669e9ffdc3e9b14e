package dev.streaminglabs.solutions;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The runner lists every lab's app, and each entry can be started: no Spark here, only the wiring. */
@DisplayName("The demo runner")
class DemosTest {

    /** The workbook's root: the solutions module runs its tests in its own folder. */
    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

    private static final Pattern PACKAGE = Pattern.compile("^package ([\\w.]+);", Pattern.MULTILINE);

    @Test
    void everyLabWithAnAppHasADemo() throws IOException {
        var packagesWithADemo = Demos.demos().values().stream()
                .map(demo -> demo.app().getPackageName())
                .collect(Collectors.toSet());

        var appsOfLabsWithoutADemo = labAppClasses().stream()
                .filter(app -> !packagesWithADemo.contains(app.substring(0, app.lastIndexOf('.'))))
                .toList();

        assertThat(appsOfLabsWithoutADemo)
                .as("these labs have an app (a main class in src/solution/java) but no demo in Demos: register one")
                .isEmpty();
    }

    @Test
    void everyDemoRunsAPublicStaticMain() throws NoSuchMethodException {
        for (var demo : Demos.demos().values()) {
            var main = demo.app().getMethod("main", String[].class);
            assertThat(java.lang.reflect.Modifier.isStatic(main.getModifiers()))
                    .as("%s: %s.main must be static", demo.name(), demo.app().getName()).isTrue();
        }
    }

    @Test
    void shorthandsExpandAndLaterOptionsStillWin() {
        var lab01 = Demos.demos().get("lab01");

        var args = Demos.expand(lab01, List.of("--nc", "--batches", "5"));

        assertThat(args).as("--nc for lab01, then --batches 5 given after it")
                .containsExactly("--port", "9999", "--batches", "0", "--batches", "5");
    }

    @Test
    void tourOptionsKeepEveryDemoShort() {
        assertThat(Demos.demos().values())
                .as("every demo has options for the tour (a short run)")
                .allMatch(demo -> !demo.tourOptions().isEmpty());
    }

    @Test
    void everyDemoIsDeclaredUnderItsOwnName() {
        assertThat(Demos.demos().values())
                .allSatisfy(demo -> assertThat(demo.options().name()).as("the options of %s", demo.name())
                        .isEqualTo(demo.name()));
    }

    /**
     * Each lab's README lists its demo's options in "Run it for real" as a table, exactly as the demo declares them
     * (the table the failure message shows is the one to paste). The runner's {@code list} prints the same.
     */
    @Test
    void everyReadmeListsItsDemosOptionsAsDeclared() throws IOException {
        var softly = new SoftAssertions();
        for (var demo : Demos.demos().values()) {
            var readme = ROOT.resolve(labFolder(demo)).resolve("README.md");
            var section = runItForReal(Files.readString(readme));
            var rows = section.lines().filter(line -> OPTION_ROW.matcher(line).matches()).toList();
            var expected = demo.options().options().stream()
                    .map(option -> "| `%s` | %s |".formatted(option.synopsis(), option.describe()))
                    .toList();

            softly.assertThat(rows)
                    .as("%s, \"Run it for real\": the options table of %s; as declared, it reads:%n%s%n%s%n%s%n",
                            ROOT.relativize(readme), demo.name(), "| Option | What it does |", "|---|---|",
                            String.join("\n", expected))
                    .containsExactlyElementsOf(expected);
        }
        softly.assertAll();
    }

    /** The instructor guide's table of demos names each demo's options as declared. */
    @Test
    void theInstructorGuideNamesEachDemosOptions() throws IOException {
        var guide = Files.readString(ROOT.resolve("docs/instructor-guide.md"));
        var softly = new SoftAssertions();
        for (var demo : Demos.demos().values()) {
            var synopsis = demo.options().options().stream().map(option -> "`" + option.synopsis() + "`")
                    .collect(Collectors.joining(" "));
            var row = "| `" + demo.name() + "` | " + demo.description() + " | " + synopsis + " |";
            softly.assertThat(guide.contains(row))
                    .as("docs/instructor-guide.md, the table of demos: as declared, the row of %s reads%n%s",
                            demo.name(), row)
                    .isTrue();
        }
        softly.assertAll();
    }

    private static final Pattern OPTION_ROW = Pattern.compile("^\\| `--[^`]+` \\| .* \\|$");

    /** lab01 → lab-01-socket: the lab folder whose package holds the demo's app. */
    private static String labFolder(Demos.Demo demo) throws IOException {
        var number = demo.name().substring(3);
        try (Stream<Path> labs = Files.list(ROOT)) {
            return labs.map(path -> path.getFileName().toString())
                    .filter(name -> name.startsWith("lab-" + number + "-"))
                    .findFirst().orElseThrow(() -> new AssertionError("no folder lab-" + number + "-*"));
        }
    }

    /** The "## Run it for real" section of a README, up to the next "## " heading. */
    private static String runItForReal(String readme) {
        int start = readme.indexOf("\n## Run it for real");
        assertThat(start).as("a \"## Run it for real\" section").isNotNegative();
        int end = readme.indexOf("\n## ", start + 1);
        return readme.substring(start, end < 0 ? readme.length() : end);
    }

    /** The fully qualified names of the classes with a {@code public static void main} in a lab's solution. */
    private static Set<String> labAppClasses() throws IOException {
        try (Stream<Path> labs = Files.list(ROOT)) {
            var sources = labs.filter(dir -> dir.getFileName().toString().startsWith("lab-"))
                    .map(dir -> dir.resolve("src/solution/java"))
                    .filter(Files::isDirectory)
                    .toList();
            var apps = new TreeSet<String>();
            for (var source : sources) {
                try (Stream<Path> files = Files.walk(source)) {
                    for (var file : files.filter(path -> path.toString().endsWith(".java")).toList()) {
                        var text = Files.readString(file);
                        var pkg = PACKAGE.matcher(text);
                        if (text.contains("public static void main(") && pkg.find()) {
                            var simpleName = file.getFileName().toString().replace(".java", "");
                            apps.add(pkg.group(1) + "." + simpleName);
                        }
                    }
                }
            }
            return apps;
        }
    }
}
