package dev.streaminglabs.common;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import dev.streaminglabs.common.web.Dashboard;

/**
 * A demo's command line, declared once: each option with its value, default, range and help. {@link #parse} checks
 * what was typed against it; {@link #usage} and the demo runner's {@code list} print it; a test checks the labs'
 * READMEs against it. Nothing else restates a demo's options.
 *
 * <pre>{@code
 * static final DemoOptions OPTIONS = DemoOptions.of("lab01", "DStream word count over a TCP socket")
 *         .batches(10, "0: until Ctrl-C")                   // --batches N, 0 or more
 *         .batchMs(2000)                                     // --batch-ms MS, 1 to 60000
 *         .text("host", "H", "127.0.0.1", "the line server's address")
 *         .number("port", "P", 0, 0, 65535, "the line server's port (0: an embedded one)");
 *         // --ui is every demo's: Demo turns the Spark UI on and prints its address
 * }</pre>
 *
 * <p>The shared vocabulary has one method each, so that every demo says it the same way: {@link #batches},
 * {@link #batchMs}, {@link #dir}; {@code --ui} is declared for every demo. A demo's own options use
 * {@link #number}, {@link #text} and {@link #flag}. The declaration is immutable: each method returns a new one.
 */
public final class DemoOptions {

    /** The longest batch interval a demo accepts: a minute already feels like forever in front of a class. */
    public static final int MAX_BATCH_MS = 60_000;
    /** The most batches a demo accepts: more than a day of 10-second batches; 0 runs until Ctrl-C anyway. */
    public static final int MAX_BATCHES = 10_000;

    /** What an option takes: a whole number in a range, a text, or nothing (a flag). */
    public enum Kind { NUMBER, TEXT, FLAG }

    /**
     * One option: {@code --name VALUE}, with its default (null: none) and, for a number, its range.
     *
     * @param help    what it does, in a few words; the default and the range are added by {@link #describe()}
     * @param choices for a text, the values it may take (empty: any)
     */
    public record Option(String name, Kind kind, String valueName, String defaultValue, long min, long max,
                         String help, List<String> choices) {

        public Option(String name, Kind kind, String valueName, String defaultValue, long min, long max, String help) {
            this(name, kind, valueName, defaultValue, min, max, help, List.of());
        }

        /** {@code --batch-ms MS}, or {@code --ui} for a flag. */
        public String synopsis() {
            return "--" + name + (kind == Kind.FLAG ? "" : " " + valueName);
        }

        /** The help, then the default and the range: "the batch interval, in ms (default 2000; 1 to 60000)". */
        public String describe() {
            var facts = new ArrayList<String>();
            if (defaultValue != null) {
                facts.add("default " + defaultValue);
            }
            if (kind == Kind.NUMBER) {
                facts.add(max == Integer.MAX_VALUE ? min + " or more" : min + " to " + max);
            }
            if (!choices.isEmpty()) {
                facts.add("one of " + String.join(", ", choices));
            }
            return help + (facts.isEmpty() ? "" : " (" + String.join("; ", facts) + ")");
        }

        /** What the value must be, for a message: "a whole number from 1 to 60000". */
        String expected() {
            return switch (kind) {
                case NUMBER -> max == Integer.MAX_VALUE ? "a whole number, " + min + " or more"
                        : "a whole number from " + min + " to " + max;
                case TEXT -> "a value (" + valueName + ")";
                case FLAG -> "no value";
            };
        }
    }

    /** A command line that does not fit the declaration: the message says what was typed and what is expected. */
    public static final class BadOption extends IllegalArgumentException {
        public BadOption(String message) {
            super(message);
        }
    }

    private final String name;
    private final String summary;
    private final Map<String, Option> options;

    private DemoOptions(String name, String summary, Map<String, Option> options) {
        this.name = name;
        this.summary = summary;
        this.options = options;
    }

    /**
     * A demo called {@code name} (its name in the runner: {@code lab01}), which does what {@code summary} says, with
     * only {@code --ui} for now.
     */
    public static DemoOptions of(String name, String summary) {
        return new DemoOptions(name, summary, new LinkedHashMap<>())
                .with(new Option("ui", Kind.FLAG, null, null, 0, 0,
                        "turn the Spark UI on, on a free port; the demo prints its address"));
    }

    /** A command that starts no Spark (a line server, a Flume agent): the same parsing, and no {@code --ui}. */
    public static DemoOptions command(String name, String summary) {
        return new DemoOptions(name, summary, new LinkedHashMap<>());
    }

    /**
     * {@code --batches N}: how many batches (or triggers) the demo runs before it stops by itself.
     *
     * @param zeroMeans what 0 does ({@code "0: until Ctrl-C"}), or null when 0 is refused
     */
    public DemoOptions batches(int defaultValue, String zeroMeans) {
        var help = "batches to run, then stop" + (zeroMeans == null ? "" : "; " + zeroMeans);
        return with(new Option("batches", Kind.NUMBER, "N", String.valueOf(defaultValue), zeroMeans == null ? 1 : 0,
                MAX_BATCHES, help));
    }

    /** {@code --batches N} for a Structured Streaming demo: the same option, counted in triggers. */
    public DemoOptions triggers(int defaultValue, String zeroMeans) {
        var help = "triggers to run, then stop" + (zeroMeans == null ? "" : "; " + zeroMeans);
        return with(new Option("batches", Kind.NUMBER, "N", String.valueOf(defaultValue), zeroMeans == null ? 1 : 0,
                MAX_BATCHES, help));
    }

    /** {@code --batch-ms MS}: the batch (or trigger) interval, from 1 ms to {@link #MAX_BATCH_MS}. */
    public DemoOptions batchMs(int defaultValue) {
        return with(new Option("batch-ms", Kind.NUMBER, "MS", String.valueOf(defaultValue), 1, MAX_BATCH_MS,
                "the batch interval, in milliseconds"));
    }

    /** {@code --batch-ms MS} for a Structured Streaming demo: the same option, the trigger interval. */
    public DemoOptions triggerMs(int defaultValue) {
        return with(new Option("batch-ms", Kind.NUMBER, "MS", String.valueOf(defaultValue), 1, MAX_BATCH_MS,
                "the trigger interval, in milliseconds"));
    }

    /** {@code --dir DIR}: where the demo writes; {@code help} says what, and what happens without it. */
    public DemoOptions dir(String help) {
        return with(new Option("dir", Kind.TEXT, "DIR", null, 0, 0, help));
    }

    /**
     * {@code --web} and {@code --web-port P}: the demo's results on the live dashboard ({@link Demo#dashboard()}), a
     * page in the browser fed by a web socket.
     */
    public DemoOptions web() {
        return flag("web", "show the results on a live dashboard in the browser; the demo prints its address")
                .number("web-port", "P", Dashboard.DEFAULT_PORT, 0, 65_535,
                        "the dashboard's port, implies --web; 0: any free port");
    }

    /** {@code --name VALUE}, a whole number from {@code min} to {@code max} ({@link Integer#MAX_VALUE}: no cap). */
    public DemoOptions number(String name, String valueName, int defaultValue, int min, int max, String help) {
        if (defaultValue < min || defaultValue > max) {
            throw new IllegalArgumentException("--" + name + ": the default " + defaultValue + " is out of range");
        }
        return with(new Option(name, Kind.NUMBER, valueName, String.valueOf(defaultValue), min, max, help));
    }

    /** {@code --name VALUE}, a text; {@code defaultValue} may be null (then {@link Values#text} is null). */
    public DemoOptions text(String name, String valueName, String defaultValue, String help) {
        return with(new Option(name, Kind.TEXT, valueName, defaultValue, 0, 0, help));
    }

    /** {@code --name VALUE}, one of {@code choices} (compared without case), {@code defaultValue} if not given. */
    public DemoOptions choice(String name, String valueName, String defaultValue, List<String> choices, String help) {
        if (!choices.contains(defaultValue)) {
            throw new IllegalArgumentException("--" + name + ": the default " + defaultValue + " is not a choice");
        }
        return with(new Option(name, Kind.TEXT, valueName, defaultValue, 0, 0, help, List.copyOf(choices)));
    }

    /** {@code --name}, on or off. */
    public DemoOptions flag(String name, String help) {
        return with(new Option(name, Kind.FLAG, null, null, 0, 0, help));
    }

    private DemoOptions with(Option option) {
        var copy = new LinkedHashMap<>(options);
        copy.remove("ui");   // --ui stays last in the listing
        if (copy.put(option.name(), option) != null) {
            throw new IllegalArgumentException("--" + option.name() + " is declared twice");
        }
        if (options.containsKey("ui") && !option.name().equals("ui")) {
            copy.put("ui", options.get("ui"));
        }
        return new DemoOptions(name, summary, copy);
    }

    public String name() {
        return name;
    }

    public String summary() {
        return summary;
    }

    /** The options, in the order they were declared ({@code --ui} last). */
    public List<Option> options() {
        return List.copyOf(options.values());
    }

    /** One line per option, aligned: what {@code --help} and the runner's {@code list} print. */
    public String usage(String indent) {
        int width = options.values().stream().mapToInt(option -> option.synopsis().length()).max().orElse(0);
        return options.values().stream()
                .map(option -> ("%s%-" + width + "s  %s").formatted(indent, option.synopsis(), option.describe()))
                .collect(Collectors.joining("\n"));
    }

    /** The options on one line, as a README says them: {@code --batches N, --batch-ms MS, --ui}. */
    public String synopsis() {
        return options.values().stream().map(Option::synopsis).collect(Collectors.joining(", "));
    }

    /**
     * Checks a command line against the declaration. An option given twice keeps its last value (so that a
     * shorthand can be followed by an option that overrides part of it).
     *
     * @throws BadOption with one line that names the option, what was typed and what it takes
     */
    public Values parse(String... args) {
        var values = new LinkedHashMap<String, String>();
        boolean help = false;
        for (int i = 0; i < args.length; i++) {
            var arg = args[i];
            if (arg.equals("--help") || arg.equals("-h")) {
                help = true;
                continue;
            }
            if (!arg.startsWith("--") || arg.length() == 2) {
                throw new BadOption("expected an option such as " + firstSynopsis() + ", got '" + arg + "'");
            }
            var option = options.get(arg.substring(2));
            if (option == null) {
                throw new BadOption("unknown option " + arg + suggestion(arg.substring(2)) + "; the options are "
                        + synopsis());
            }
            boolean valueFollows = i + 1 < args.length && !args[i + 1].startsWith("--");
            if (option.kind() == Kind.FLAG) {
                if (valueFollows) {
                    throw new BadOption(arg + " takes no value, got '" + args[i + 1] + "'");
                }
                values.put(option.name(), "true");
                continue;
            }
            if (!valueFollows) {
                throw new BadOption(arg + " needs a value: " + option.synopsis());
            }
            var typed = args[++i];
            if (option.kind() == Kind.NUMBER) {
                checkNumber(option, typed);
            }
            values.put(option.name(), option.choices().isEmpty() ? typed : choose(option, typed));
        }
        return new Values(this, values, help);
    }

    private String firstSynopsis() {
        return options.values().iterator().next().synopsis();
    }

    private static String choose(Option option, String typed) {
        return option.choices().stream().filter(typed::equalsIgnoreCase).findFirst().orElseThrow(() ->
                new BadOption("--" + option.name() + " takes one of " + String.join(", ", option.choices())
                        + ", not '" + typed + "'"));
    }

    private static void checkNumber(Option option, String value) {
        long number;
        try {
            number = Long.parseLong(value.trim());
        } catch (NumberFormatException notANumber) {
            throw new BadOption("--" + option.name() + " takes " + option.expected() + ", not '" + value + "'");
        }
        if (number < option.min() || number > option.max()) {
            throw new BadOption("--" + option.name() + " takes " + option.expected() + ", not " + number);
        }
    }

    /** " (did you mean --port?)" for a typo of a declared option, else nothing. */
    private String suggestion(String typed) {
        return options.keySet().stream()
                .filter(known -> distance(known, typed) <= 2)
                .findFirst()
                .map(known -> " (did you mean --" + known + "?)")
                .orElse("");
    }

    /** Levenshtein distance: how many letters to change, add or remove to go from one word to the other. */
    private static int distance(String a, String b) {
        var previous = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            var current = new int[b.length() + 1];
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int change = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                current[j] = Math.min(Math.min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + change);
            }
            previous = current;
        }
        return previous[b.length()];
    }

    /** The options of one run, checked: read them by name; asking for an undeclared one is a programming error. */
    public static final class Values {
        private final DemoOptions declaration;
        private final Map<String, String> given;
        private final boolean help;

        private Values(DemoOptions declaration, Map<String, String> given, boolean help) {
            this.declaration = declaration;
            this.given = Map.copyOf(given);
            this.help = help;
        }

        /** True when {@code --help} was given: the demo prints its usage instead of running. */
        public boolean help() {
            return help;
        }

        public int number(String name) {
            return Integer.parseInt(value(declared(name, Kind.NUMBER)).trim());
        }

        /** The text given, or the default (null if the option has none). */
        public String text(String name) {
            return value(declared(name, Kind.TEXT));
        }

        public boolean flag(String name) {
            return given.containsKey(declared(name, Kind.FLAG).name());
        }

        /** Whether the option was on the command line (rather than left to its default). */
        public boolean given(String name) {
            return given.containsKey(declared(name, null).name());
        }

        private String value(Option option) {
            return given.getOrDefault(option.name(), option.defaultValue());
        }

        private Option declared(String name, Kind kind) {
            var option = declaration.options.get(name);
            if (option == null || (kind != null && option.kind() != kind)) {
                throw new IllegalStateException(declaration.name + " reads --" + name + " as a " + kind
                        + ", which its DemoOptions do not declare");
            }
            return option;
        }
    }
}
