package dev.streaminglabs.watch;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

import javax.tools.Diagnostic;
import javax.tools.JavaFileObject;

/**
 * A compile error as a student should read it: the file and line (clickable in most terminals and IDEs), the line
 * itself with a caret under the spot, the compiler's message, and — for the mistakes a lab's steps invite — what it
 * usually means, in the course's words.
 *
 * <pre>
 * Compile error: lab-01-socket/src/main/java/dev/streaminglabs/lab01/WordCount.java:31:43
 *         .mapToPair(word -> new Tuple2<>(word, 1L))
 *                                ^
 *     cannot find symbol: class Tuple2
 *     A Spark pair is a scala.Tuple2: add  import scala.Tuple2;
 * </pre>
 */
final class CompileReport {

    /** At most this many errors: javac often reports one mistake several times over. */
    private static final int MAX_ERRORS = 4;

    /** Names a step's code often needs and where they come from. */
    private static final Map<String, String> IMPORTS = Map.ofEntries(
            Map.entry("Tuple2", "A Spark pair is a scala.Tuple2: add  import scala.Tuple2;"),
            Map.entry("Durations", "add  import org.apache.spark.streaming.Durations;"),
            Map.entry("Duration", "Spark's durations: add  import org.apache.spark.streaming.Duration;"),
            Map.entry("StorageLevel", "add  import org.apache.spark.storage.StorageLevel;"),
            Map.entry("JavaSparkContext", "add  import org.apache.spark.api.java.JavaSparkContext;"),
            Map.entry("JavaRDD", "add  import org.apache.spark.api.java.JavaRDD;"),
            Map.entry("JavaPairRDD", "add  import org.apache.spark.api.java.JavaPairRDD;"),
            Map.entry("JavaDStream", "add  import org.apache.spark.streaming.api.java.JavaDStream;"),
            Map.entry("JavaPairDStream", "add  import org.apache.spark.streaming.api.java.JavaPairDStream;"),
            Map.entry("Dataset", "add  import org.apache.spark.sql.Dataset;"),
            Map.entry("Row", "add  import org.apache.spark.sql.Row;"),
            Map.entry("Encoders", "add  import org.apache.spark.sql.Encoders;"),
            Map.entry("OutputMode", "add  import org.apache.spark.sql.streaming.OutputMode;"),
            Map.entry("Trigger", "add  import org.apache.spark.sql.streaming.Trigger;"),
            Map.entry("DataTypes", "add  import org.apache.spark.sql.types.DataTypes;"),
            Map.entry("Arrays", "add  import java.util.Arrays;"),
            Map.entry("List", "add  import java.util.List;"),
            Map.entry("Map", "add  import java.util.Map;"),
            Map.entry("HashMap", "add  import java.util.HashMap;"),
            Map.entry("Locale", "add  import java.util.Locale;"),
            Map.entry("TimeUnit", "add  import java.util.concurrent.TimeUnit;"));

    /** The functions of org.apache.spark.sql.functions a Structured Streaming step uses most. */
    private static final Pattern SQL_FUNCTION = Pattern.compile(
            "col|lit|window|session_window|explode|split|lower|count|sum|avg|max|min|current_timestamp|to_timestamp"
                    + "|from_json|expr|desc|asc|when|concat|length|trim|regexp_replace|struct|to_json");
    private static final Pattern SYMBOL = Pattern.compile("symbol:\\s+(class|variable|method)\\s+(\\w+)");

    private CompileReport() {
    }

    static String of(List<Diagnostic<? extends JavaFileObject>> errors, WatchOptions options) {
        var text = new StringBuilder();
        errors.stream().limit(MAX_ERRORS).forEach(error -> append(text, error, options));
        if (errors.stream().anyMatch(error -> error.getSource() != null
                && Path.of(error.getSource().toUri()).startsWith(options.testSources()))) {
            text.append("  → the tests call your classes as the skeleton declares them: keep its names, parameters "
                    + "and return types.\n");
        }
        if (errors.size() > MAX_ERRORS) {
            text.append("(").append(errors.size() - MAX_ERRORS)
                    .append(" more errors: often the same mistake, seen again further on. Fix the first one.)\n");
        }
        return text.toString();
    }

    private static void append(StringBuilder text, Diagnostic<? extends JavaFileObject> error, WatchOptions options) {
        var source = error.getSource();
        var where = source == null ? "" : options.shown(Path.of(source.toUri()));
        text.append("Compile error: ").append(where);
        if (error.getLineNumber() > 0) {
            text.append(':').append(error.getLineNumber()).append(':').append(error.getColumnNumber());
        }
        text.append('\n');
        sourceLine(error).ifPresent(line -> {
            text.append("    ").append(line.stripTrailing()).append('\n');
            if (error.getColumnNumber() > 0) {
                var caret = new StringBuilder("    ");
                for (int i = 0; i < error.getColumnNumber() - 1 && i < line.length(); i++) {
                    caret.append(line.charAt(i) == '\t' ? '\t' : ' ');
                }
                text.append(caret).append("^\n");
            }
        });
        var message = error.getMessage(Locale.ENGLISH);
        message.lines().forEach(line -> text.append("  ").append(line).append('\n'));
        inTheCoursesWords(error.getCode(), message).ifPresent(hint -> text.append("  → ").append(hint).append('\n'));
    }

    /** What a compiler error usually means in a lab, when it is one the steps invite. */
    static Optional<String> inTheCoursesWords(String code, String message) {
        if (code == null) {
            return Optional.empty();
        }
        if (code.startsWith("compiler.err.cant.resolve")) {
            var symbol = SYMBOL.matcher(message);
            if (symbol.find()) {
                var name = symbol.group(2);
                if (IMPORTS.containsKey(name)) {
                    return Optional.of(IMPORTS.get(name));
                }
                if (symbol.group(1).equals("method") && SQL_FUNCTION.matcher(name).matches()) {
                    return Optional.of(name + "(...) is one of Spark SQL's functions: add  import static "
                            + "org.apache.spark.sql.functions." + name + ";  (or  import static "
                            + "org.apache.spark.sql.functions.*;)");
                }
            }
            return Optional.of("a name the compiler does not know here: a missing import, or a different spelling "
                    + "(Java is case-sensitive)?");
        }
        return Optional.ofNullable(switch (code) {
            case "compiler.err.unreachable.stmt" ->
                    "code after a `throw` never runs: once your step's code is written, delete the skeleton's "
                            + "`throw new NotDoneYet(...)` line.";
            case "compiler.err.missing.ret.stmt" ->
                    "the method must end with a `return` of its result (the skeleton's `throw new NotDoneYet(...)` "
                            + "was its only way out).";
            case "compiler.err.cant.ref.non.effectively.final.var" ->
                    "a lambda (a Spark function) may only use local variables that are never reassigned: Spark "
                            + "copies their value into the tasks. Put the value in a new variable that does not change.";
            case "compiler.err.unreported.exception.need.to.catch.or.throw" ->
                    "this call can throw a checked exception: catch it, or add it to the method's `throws` clause "
                            + "if the method's signature already allows it.";
            case "compiler.err.prob.found.req" -> message.contains("Iterator")
                    ? "Spark's Java flatMap wants an Iterator, not a List: end the lambda with .iterator()."
                    : "the types do not match: compare with the method's signature (a JavaDStream is not a "
                            + "JavaPairDStream, a Dataset<Row> not a Dataset<String>; Long counts need 1L, not 1).";
            case "compiler.err.cant.apply.symbol", "compiler.err.cant.apply.symbols" ->
                    "the arguments do not match what the method takes: check their number, order and types.";
            case "compiler.err.var.might.not.have.been.initialized" ->
                    "a variable is read before every path has given it a value.";
            case "compiler.err.already.defined" ->
                    "two variables with the same name in one method: rename one (a lambda's parameter included).";
            case "compiler.err.expected", "compiler.err.expected3", "compiler.err.premature.eof",
                 "compiler.err.illegal.start.of.expr", "compiler.err.not.stmt" ->
                    "the code does not parse here, often because of the line before: a missing `;`, `)` or `}`.";
            default -> null;
        });
    }

    private static Optional<String> sourceLine(Diagnostic<? extends JavaFileObject> error) {
        if (error.getSource() == null || error.getLineNumber() <= 0) {
            return Optional.empty();
        }
        try {
            var content = error.getSource().getCharContent(true).toString();
            return content.lines().skip(error.getLineNumber() - 1).findFirst();
        } catch (java.io.IOException | RuntimeException e) {
            return Optional.empty();
        }
    }
}
