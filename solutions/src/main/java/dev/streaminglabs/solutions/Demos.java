package dev.streaminglabs.solutions;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The instructor's runner: every lab's reference demo, by name.
 *
 * <pre>
 * ./mvnw -q -Psolutions -pl solutions -am compile exec:exec -Ddemo=lab01
 * ./mvnw -q -Psolutions -pl solutions -am compile exec:exec -Ddemo=lab01 -Dargs="--batches 5 --ui"
 * </pre>
 */
public final class Demos {

    /** A demo: its name, what it shows, and its main method. */
    record Demo(String name, String description, Main main) {
    }

    @FunctionalInterface
    interface Main {
        void run(String[] args) throws Exception;
    }

    private static final Map<String, Demo> DEMOS = new LinkedHashMap<>();

    static {
        add(new Demo("lab01", "DStream word count over a TCP socket (embedded line server, or --port 9999 for nc -lk)",
                dev.streaminglabs.lab01.SocketWordCount::main));
    }

    private static void add(Demo demo) {
        DEMOS.put(demo.name(), demo);
    }

    public static void main(String[] args) throws Exception {
        var name = args.length == 0 ? "list" : args[0];
        var rest = Arrays.copyOfRange(args, Math.min(1, args.length), args.length);
        var demo = DEMOS.get(name);
        if (demo == null) {
            if (!name.equals("list")) {
                System.out.println("No demo called '" + name + "'.");
            }
            System.out.println("Demos (run one with -Ddemo=NAME, give it options with -Dargs=\"...\"):");
            DEMOS.values().forEach(each -> System.out.printf("  %-8s %s%n", each.name(), each.description()));
            return;
        }
        System.out.println("== " + demo.name() + " · " + demo.description());
        demo.main().run(rest);
    }
}
