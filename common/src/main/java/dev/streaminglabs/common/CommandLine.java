package dev.streaminglabs.common;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * The options of a command line, read one by one: {@code --port 9999 --batches 5 --ui}.
 *
 * <p>A demo declares its options in a {@link DemoOptions} and runs with {@link Demo#run} instead: options with their
 * help, checked ranges, the same messages and exit codes as every other demo. This reader is for a program that is
 * not a demo (and for demos not moved yet).
 *
 * <pre>{@code
 * var options = CommandLine.parse(args);
 * int port = options.number("port", 0);
 * boolean ui = options.flag("ui");
 * options.rejectUnknown();   // a typo such as --prot fails with a clear message
 * }</pre>
 */
public final class CommandLine {

    private final Map<String, String> values = new HashMap<>();
    private final Set<String> asked = new HashSet<>();

    private CommandLine() {
    }

    public static CommandLine parse(String... args) {
        var line = new CommandLine();
        for (int i = 0; i < args.length; i++) {
            if (!args[i].startsWith("--")) {
                throw new IllegalArgumentException("expected an option such as --port, got '" + args[i] + "'");
            }
            var name = args[i].substring(2);
            boolean hasValue = i + 1 < args.length && !args[i + 1].startsWith("--");
            line.values.put(name, hasValue ? args[++i] : "true");
        }
        return line;
    }

    public String text(String name, String otherwise) {
        asked.add(name);
        return values.getOrDefault(name, otherwise);
    }

    public int number(String name, int otherwise) {
        var value = text(name, null);
        try {
            return value == null ? otherwise : Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--" + name + " takes a whole number, not '" + value + "'");
        }
    }

    public boolean flag(String name) {
        return Boolean.parseBoolean(text(name, "false"));
    }

    /** Fails on any option that no one asked for: a misspelt option should not be silently ignored. */
    public void rejectUnknown() {
        var unknown = new HashSet<>(values.keySet());
        unknown.removeAll(asked);
        if (!unknown.isEmpty()) {
            throw new IllegalArgumentException("unknown option(s) " + unknown.stream().map(name -> "--" + name).toList()
                    + "; known: " + asked.stream().sorted().map(name -> "--" + name).toList());
        }
    }
}
