package org.mlpengine.spark;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.apache.spark.launcher.JavaModuleOptions;
import org.junit.jupiter.api.Test;

/** The JVM options of the tests and of bin/mlp-engine-spark are those Spark's own launcher gives its JVMs. */
class SparkJvmOptionsTest {
    private static final List<String> SPARK = List.of(JavaModuleOptions.defaultModuleOptionArray());

    @Test
    void theTestJvmHasEverySparkOption() {
        List<String> ours = ManagementFactory.getRuntimeMXBean().getInputArguments();
        for (String option : SPARK) {
            assertTrue(ours.contains(option), "surefire's argLine (spark/pom.xml) lacks " + option);
        }
    }

    @Test
    void theLauncherScriptHasEverySparkOption() throws IOException {
        Path script = Path.of("..", "bin", "mlp-engine-spark");
        String text = Files.readString(script);
        for (String option : SPARK) {
            assertTrue(text.contains(option), script + " lacks " + option);
        }
    }
}
