package dev.streaminglabs.watch.testjvm;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import java.util.ArrayList;
import java.util.List;

import org.junit.platform.engine.DiscoverySelector;
import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.listeners.SummaryGeneratingListener;

/**
 * Warms the test JVM up the way a lab's first test would, with none of the lab's classes: the JUnit Platform and
 * Jupiter, AssertJ, the tests' Spark session and its first job, then (as the lab needs) a first DStream batch and a
 * first streaming query. They run as JUnit tests through the same launcher as the step's tests will.
 *
 * <p>A failed warm-up is not reported here: the step's own tests meet the same failure and report it in their words.
 */
final class WarmUp {

    private WarmUp() {
    }

    static void run(Launcher launcher, List<String> kinds) {
        List<DiscoverySelector> selectors = new ArrayList<>();
        selectors.add(selectClass(SparkWarmUp.class));
        if (kinds.contains("dstream")) {
            selectors.add(selectClass(DStreamWarmUp.class));
        }
        if (kinds.contains("structured")) {
            selectors.add(selectClass(StructuredWarmUp.class));
        }
        var request = LauncherDiscoveryRequestBuilder.request().selectors(selectors).build();
        var summary = new SummaryGeneratingListener();
        // Once: warming up three or six times over left the run's CPU time as it was (lab 01's step 2: 2.2 to 2.5 s).
        launcher.execute(request, summary);
        if (Boolean.getBoolean("watch.verbose")) {
            summary.getSummary().getFailures().forEach(failure -> System.err.println(
                    "watch: warm-up " + failure.getTestIdentifier().getDisplayName() + " failed: " + failure.getException()));
        }
    }
}
