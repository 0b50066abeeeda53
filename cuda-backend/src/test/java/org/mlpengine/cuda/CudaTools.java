package org.mlpengine.cuda;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
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

    /**
     * nvcc, where it can compile CUDA on this machine; else skips the calling test with the reason. nvcc
     * preprocesses with the host's gcc, so a missing gcc, or one newer than this nvcc supports, fails every
     * compile: that is the machine's problem, not our kernels', and shows as nvcc failing on an empty kernel.
     * An error in our kernels, which compile after that check, still fails.
     */
    static String requireWorkingNvcc(String test, Path dir) throws IOException, InterruptedException {
        String nvcc = require("nvcc", test);
        Optional<String> problem = toolchainProblem(nvcc, dir, Map.of());
        return problem.isEmpty() ? nvcc : skip(test, problem.get());
    }

    /** Why nvcc cannot compile an empty kernel with our flags, or empty where it can; {@code env} is laid over ours. */
    static Optional<String> toolchainProblem(String nvcc, Path dir, Map<String, String> env)
            throws IOException, InterruptedException {
        Path cu = dir.resolve("empty_kernel.cu");
        Files.writeString(cu, "extern \"C\" __global__ void empty_kernel() {}\n", StandardCharsets.UTF_8);
        List<String> command = new ArrayList<>(List.of(nvcc));
        command.addAll(PtxGenerator.NVCC_FLAGS);
        command.addAll(List.of(cu.toString(), "-o", dir.resolve("empty_kernel.ptx").toString()));
        Result r = run(command, env);
        if (r.exit() == 0) {
            return Optional.empty();
        }
        List<String> why = r.output().lines().filter(CudaTools::isDiagnostic).map(CudaTools::shortDiagnostic)
                .distinct().limit(2).toList();
        return Optional.of("nvcc cannot compile even an empty kernel here, so its host compiler (gcc) is missing or "
                + "unsupported: " + (why.isEmpty() ? r.output().strip() : String.join(" / ", why)));
    }

    /** An error line of nvcc or gcc, not an echo of the source ({@code 137 | #error ...}) or a caret line. */
    private static boolean isDiagnostic(String line) {
        return !line.strip().matches("\\d* *\\|.*|\\^.*") && (line.contains("error") || line.contains("fatal")
                || line.contains("No such file") || line.contains("not found"));
    }

    /** "unsupported GNU version! gcc versions later than 15 are not supported!" out of host_config.h's #error line. */
    private static String shortDiagnostic(String line) {
        String s = line.contains("#error -- ") ? line.substring(line.indexOf("#error -- ") + 10) : line;
        int advice = s.indexOf(" The nvcc flag");
        s = (advice > 0 ? s.substring(0, advice) : s).strip().replaceAll("\\s+", " ");
        return s.length() > 160 ? s.substring(0, 160) + "..." : s;
    }

    /** Prints "[test] skipped: reason" (surefire's report alone hides it) and aborts the test as skipped. */
    static <T> T skip(String test, String reason) {
        System.out.println("[" + test + "] skipped: " + reason);
        assumeTrue(false, reason);
        return null;
    }

    /** Runs a command; returns its exit code and combined output. */
    static Result run(List<String> command) throws IOException, InterruptedException {
        return run(command, Map.of());
    }

    /** Runs a command with {@code env} laid over this process's environment. */
    static Result run(List<String> command, Map<String, String> env) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        pb.environment().putAll(env);
        Process p = pb.start();
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
