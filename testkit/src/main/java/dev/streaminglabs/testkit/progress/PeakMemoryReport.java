package dev.streaminglabs.testkit.progress;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestPlan;

/**
 * For the benchmark: writes the test JVM's peak resident memory (Linux {@code VmHWM}) to the file named by the
 * {@code labs.peakMemoryFile} system property when the test run ends. Does nothing when the property is not set.
 */
public final class PeakMemoryReport implements TestExecutionListener {

    @Override
    public void testPlanExecutionFinished(TestPlan testPlan) {
        var target = System.getProperty("labs.peakMemoryFile", "");
        var status = Path.of("/proc/self/status");
        if (target.isBlank() || !Files.isReadable(status)) {
            return;
        }
        try {
            var peak = Files.readAllLines(status).stream()
                    .filter(line -> line.startsWith("VmHWM:"))
                    .map(line -> line.replaceAll("\\D", ""))
                    .findFirst()
                    .orElse("");
            Files.writeString(Path.of(target), peak + "\n");
        } catch (IOException e) {
            System.err.println("could not write the peak memory to " + target + ": " + e);
        }
    }
}
