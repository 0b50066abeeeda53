package org.mlpengine.cli;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Starts a real child JVM on the test class path (plus optional extra class-path folders). */
final class ChildJvm {
    record Result(int exitCode, String out, String err) {
        /** stderr without the JVM's incubator-module warning. */
        List<String> errLines() {
            return err.lines().filter(l -> !l.contains("incubator")).toList();
        }
    }

    private ChildJvm() {
    }

    /**
     * A JVM with the Vector API that runs the command itself ({@code -Dmlpengine.relaunch=false}): these tests watch
     * and kill the process that trains; {@link RelaunchTest} tests the relaunch.
     */
    static ProcessBuilder builder(List<String> jvmArgs, List<Path> extraClassPath, String mainClass, String... args) {
        List<String> all = new ArrayList<>(List.of("--add-modules", "jdk.incubator.vector", "-D" + Relaunch.OPT_OUT + "=false"));
        all.addAll(jvmArgs);
        return plain(all, extraClassPath, mainClass, args);
    }

    /** {@code java JVM_ARGS -cp TEST_CLASS_PATH MAIN ARGS}: no option added, as a user's plain {@code java -jar}. */
    static ProcessBuilder plain(List<String> jvmArgs, List<Path> extraClassPath, String mainClass, String... args) {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(jvmArgs);
        StringBuilder cp = new StringBuilder(System.getProperty("java.class.path"));
        for (Path p : extraClassPath) {
            cp.append(File.pathSeparatorChar).append(p);
        }
        cmd.add("-cp");
        cmd.add(cp.toString());
        cmd.add(mainClass);
        cmd.addAll(Arrays.asList(args));
        return new ProcessBuilder(cmd);
    }

    /** Runs to the end (at most {@code timeoutSeconds}) and returns exit code, stdout and stderr. */
    static Result run(long timeoutSeconds, List<String> jvmArgs, List<Path> extraClassPath, String mainClass,
                      String... args) throws IOException, InterruptedException {
        Path out = Files.createTempFile("child", ".out");
        Path err = Files.createTempFile("child", ".err");
        try {
            Process p = builder(jvmArgs, extraClassPath, mainClass, args)
                    .redirectOutput(out.toFile()).redirectError(err.toFile()).start();
            if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                p.destroyForcibly().waitFor();
                throw new AssertionError("child JVM " + mainClass + " did not finish in " + timeoutSeconds + " s");
            }
            return new Result(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                    Files.readString(err, StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }
}
