package org.mlpengine.kernels;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/** Finds and runs the CUDA toolkit's command-line tools (nvcc, ptxas) where they are installed. */
final class CudaTools {
    private CudaTools() {
    }

    /** The tool on PATH or in /usr/local/cuda/bin. */
    static Optional<String> find(String name) {
        List<Path> places = new ArrayList<>();
        for (String d : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            if (!d.isEmpty()) {
                places.add(Path.of(d, name));
            }
        }
        places.add(Path.of("/usr/local/cuda/bin", name));
        return places.stream().filter(Files::isExecutable).map(Path::toString).findFirst();
    }

    /** Runs {@code cmd}; returns its exit status and combined output. */
    static Result run(String... cmd) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            return new Result(-1, String.join(" ", cmd) + " timed out\n" + out);
        }
        return new Result(p.exitValue(), out);
    }

    record Result(int status, String output) {
    }

    /** PTX of the CUDA dialect, as {@code nvcc -ptx -arch=compute_75} emits it, with extra {@code -D} options. */
    static String ptx(String nvcc, Path dir, KernelConstants constants) throws IOException, InterruptedException {
        Path cu = dir.resolve("mlp_kernels.cu");
        Files.writeString(cu, KernelSources.source(Dialect.CUDA, constants), StandardCharsets.UTF_8);
        Path ptx = dir.resolve("mlp_kernels.ptx");
        List<String> cmd = new ArrayList<>(List.of(nvcc, "-ptx", "-arch=compute_75", "-Werror", "all-warnings"));
        cmd.addAll(List.of("-x", "cu", cu.toString(), "-o", ptx.toString()));
        Result r = run(cmd.toArray(String[]::new));
        if (r.status() != 0) {
            throw new IllegalStateException(String.join(" ", cmd) + " failed:\n" + r.output());
        }
        return Files.readString(ptx);
    }
}
