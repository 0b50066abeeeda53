package org.mlpengine.kernels;

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

/**
 * The CUDA toolkit's command-line tools (nvcc, ptxas), for the tests of the kernels and of the CUDA backend: found where
 * installed; tests that need them skip, printing why, where they are missing or cannot compile.
 */
public final class CudaToolchain {
    private CudaToolchain() {
    }

    /** The tool on PATH or in /usr/local/cuda/bin. */
    public static Optional<String> find(String name) {
        List<Path> places = new ArrayList<>();
        for (String d : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            if (!d.isEmpty()) {
                places.add(Path.of(d, name));
            }
        }
        places.add(Path.of("/usr/local/cuda/bin", name));
        return places.stream().filter(Files::isExecutable).map(Path::toString).findFirst();
    }

    /** The flags of every compile of the CUDA dialect (the committed PTX is made with the same). */
    public static final List<String> NVCC_FLAGS = List.of("-ptx", "-arch=compute_75", "-Werror", "all-warnings", "-x", "cu");

    /** Runs {@code cmd}; returns its exit status and combined output. */
    public static Result run(String... cmd) throws IOException, InterruptedException {
        return run(Map.of(), cmd);
    }

    /** Runs {@code cmd} with {@code env} laid over this process's environment. */
    public static Result run(Map<String, String> env, String... cmd) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        pb.environment().putAll(env);
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            return new Result(-1, String.join(" ", cmd) + " timed out\n" + out);
        }
        return new Result(p.exitValue(), out);
    }

    public record Result(int status, String output) {
    }

    /** PTX of the CUDA dialect, as {@code nvcc -ptx -arch=compute_75} emits it, with extra {@code -D} options. */
    static String ptx(String nvcc, Path dir, KernelConstants constants) throws IOException, InterruptedException {
        Path cu = dir.resolve("mlp_kernels.cu");
        Files.writeString(cu, KernelSources.source(Dialect.CUDA, constants), StandardCharsets.UTF_8);
        Path ptx = dir.resolve("mlp_kernels.ptx");
        List<String> cmd = new ArrayList<>(List.of(nvcc));
        cmd.addAll(NVCC_FLAGS);
        cmd.addAll(List.of(cu.toString(), "-o", ptx.toString()));
        Result r = run(cmd.toArray(String[]::new));
        if (r.status() != 0) {
            throw new IllegalStateException(String.join(" ", cmd) + " failed:\n" + r.output());
        }
        return Files.readString(ptx);
    }

    /**
     * Why nvcc cannot compile CUDA on this machine at all, or empty where it can: it compiles an empty kernel with
     * our flags. nvcc preprocesses with the host's gcc, so a missing gcc, or one newer than this nvcc supports,
     * fails every compile; that is the machine's problem, not our kernels'. {@code env} is laid over the environment.
     */
    public static Optional<String> toolchainProblem(String nvcc, Path dir, Map<String, String> env)
            throws IOException, InterruptedException {
        Path cu = dir.resolve("empty_kernel.cu");
        Files.writeString(cu, "extern \"C\" __global__ void empty_kernel() {}\n", StandardCharsets.UTF_8);
        List<String> cmd = new ArrayList<>(List.of(nvcc));
        cmd.addAll(NVCC_FLAGS);
        cmd.addAll(List.of(cu.toString(), "-o", dir.resolve("empty_kernel.ptx").toString()));
        Result r = run(env, cmd.toArray(String[]::new));
        if (r.status() == 0) {
            return Optional.empty();
        }
        List<String> why = r.output().lines().filter(CudaToolchain::isDiagnostic).map(CudaToolchain::shortDiagnostic)
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

    /** The tool, or skips the calling test ({@code test} names it in the printed line) where it is not installed. */
    public static String require(String name, String test) {
        return find(name).orElseGet(() -> skip(test, name + " not found on PATH or in /usr/local/cuda/bin"));
    }

    /**
     * nvcc, where it can compile CUDA on this machine; else skips the calling test with the reason
     * ({@link #toolchainProblem}). An error in our kernels, which compile after that check, still fails.
     */
    public static String requireWorkingNvcc(String test, Path dir) throws IOException, InterruptedException {
        String nvcc = require("nvcc", test);
        Optional<String> problem = toolchainProblem(nvcc, dir, Map.of());
        return problem.isEmpty() ? nvcc : skip(test, problem.get());
    }

    /** Prints "[test] skipped: reason" (surefire's report alone hides it) and aborts the test as skipped. */
    public static <T> T skip(String test, String reason) {
        System.out.println("[" + test + "] skipped: " + reason);
        assumeTrue(false, reason);
        return null;
    }
}
