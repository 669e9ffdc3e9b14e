package dev.streaminglabs.lab02;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.apache.flume.source.avro.AvroFlumeEvent;

/**
 * Step 1's decoding, run as on a machine whose default charset is not UTF-8 (a Windows laptop's is windows-1252).
 *
 * <p>The default charset of a JVM is fixed when it starts ({@code -Dfile.encoding}); since Java 18 it is UTF-8 unless
 * said otherwise, so {@code new String(bytes)} happens to decode UTF-8 right on most machines today. To show what it
 * does elsewhere, the test starts a second JVM, with {@code -Dfile.encoding=ISO-8859-1}, that decodes one event with
 * {@link FlumeLine#decode} and prints what it got. Not a step's test: the plumbing of one.
 */
final class OtherCharsetMachine {

    /** The charset of the other machine: the Latin-1 that windows-1252 extends, a standard charset on every JVM. */
    static final String CHARSET = "ISO-8859-1";

    private OtherCharsetMachine() {
    }

    /** What the other machine decoded, and its default charset (to check that it really was another one). */
    record Decoded(String defaultCharset, String text, boolean malformed) {
    }

    /** Decodes an event whose body is {@code body} (bytes) on the other machine. */
    static Decoded decode(byte[] body) throws IOException, InterruptedException {
        var java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        var classPath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        // A short-lived JVM: small heap, quick compiler, no JIT warm-up to wait for.
        var process = new ProcessBuilder(java, "-Dfile.encoding=" + CHARSET, "-Xmx64m", "-XX:TieredStopAtLevel=1",
                "-XX:+UseSerialGC", "-cp", classPath,
                OtherCharsetMachine.class.getName(), HexFormat.of().formatHex(body))
                .redirectErrorStream(true)
                .start();
        var output = new String(process.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IllegalStateException("the JVM with another default charset did not end: " + output);
        }
        var lines = output.strip().lines().toList();
        if (process.exitValue() != 0 || lines.size() < 3) {
            throw new IllegalStateException("the JVM with another default charset failed: " + output);
        }
        var last = lines.subList(lines.size() - 3, lines.size());
        return new Decoded(last.get(0), new String(HexFormat.of().parseHex(last.get(1)), StandardCharsets.UTF_8),
                Boolean.parseBoolean(last.get(2)));
    }

    /** In the other JVM: decodes the body given in hex; prints its default charset, the text (UTF-8, hex), the flag. */
    public static void main(String[] args) {
        var event = new AvroFlumeEvent(Map.of(), ByteBuffer.wrap(HexFormat.of().parseHex(args[0])));
        var line = FlumeLine.decode(event);
        System.out.println(Charset.defaultCharset().name());
        System.out.println(HexFormat.of().formatHex(line.text().getBytes(StandardCharsets.UTF_8)));
        System.out.println(line.malformed());
    }
}
