package org.mlpengine.cuda;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** The CUDA toolkit's command-line tools, for tests that use them where installed and skip where not. */
final class CudaTools {
    private CudaTools() {
    }

    /** The tool on PATH or in /usr/local/cuda/bin, or skips the calling test, printing why. */
    static String require(String name, String test) {
        List<Path> places = new ArrayList<>();
        for (String d : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            if (!d.isEmpty()) {
                places.add(Path.of(d, name));
            }
        }
        places.add(Path.of("/usr/local/cuda/bin", name));
        for (Path p : places) {
            if (Files.isExecutable(p)) {
                return p.toString();
            }
        }
        return skip(test, name + " not found on PATH or in /usr/local/cuda/bin");
    }

    /** Prints "[test] skipped: reason" (surefire's report alone hides it) and aborts the test as skipped. */
    static <T> T skip(String test, String reason) {
        System.out.println("[" + test + "] skipped: " + reason);
        assumeTrue(false, reason);
        return null;
    }

    /** Runs a command; returns its exit code and combined output. */
    static Result run(List<String> command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(300, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IOException(String.join(" ", command) + " timed out");
        }
        return new Result(p.exitValue(), out);
    }

    record Result(int exit, String output) {
    }
}
