package org.mlpengine.kernels;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

/**
 * The device kernels as one source text per {@link Dialect}: the dialect's prelude followed by the shared kernel
 * files. Kernel names, argument lists and launch shapes are documented in the kernels module's README.md and in a
 * comment above each kernel.
 */
public final class KernelSources {
    /** Every kernel the sources define, in the order they appear. */
    public static final List<String> KERNEL_NAMES = List.of(
            "gemm_nn", "gemm_nt", "gemm_tn", "gemm_tt",
            "fill", "bias_sigmoid", "sigmoid_backward", "mse_output_delta",
            "column_sums", "row_argmax", "accumulate_metrics",
            "gather_rows", "gather_ints");

    /** GEMM tile edge unless a build defines {@code GEMM_TILE}; a work-group is {@code tile x tile / GEMM_WPT}. */
    public static final int GEMM_TILE = 32;
    /** Rows of C each GEMM work-item computes. */
    public static final int GEMM_WPT = 4;
    /** Work-items per group the reduction kernels allow at most (their shared scratch size). */
    public static final int REDUCE_MAX = 256;
    /** Work-group width (x) of {@code column_sums}. */
    public static final int COLUMN_SUMS_WIDTH = 32;

    private static final List<String> FILES = List.of("common.kc", "gemm.kc", "elementwise.kc", "reductions.kc", "gather.kc");

    private KernelSources() {
    }

    /** The full source of every kernel in {@code dialect}. */
    public static String source(Dialect dialect) {
        StringBuilder sb = new StringBuilder(resource(dialect.prelude));
        for (String file : FILES) {
            sb.append("\n/* ---- ").append(file).append(" ---- */\n").append(resource(file));
        }
        return sb.toString();
    }

    /**
     * The CUDA dialect compiled ahead of time ({@code nvcc -ptx -arch=compute_75}, default {@code GEMM_TILE}, the
     * {@code .version} line lowered to {@value #PTX_ISA} so drivers older than CUDA 13 load it), for machines
     * without nvcc. Its first line records {@link #sha256} of the source it came from; a test fails when it is stale.
     */
    public static String ptx() {
        return resource(PTX_FILE);
    }

    /** The PTX ISA version the committed PTX declares. */
    public static final String PTX_ISA = "7.5";

    static final String PTX_FILE = "mlp_kernels.ptx";
    static final String PTX_HASH_PREFIX = "// source-sha256: ";

    /** Hex SHA-256 of a dialect's full source. */
    public static String sha256(Dialect dialect) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(source(dialect).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(d);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JDK", e);
        }
    }

    private static String resource(String name) {
        try (InputStream in = KernelSources.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("kernel resource missing from the class path: " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read kernel resource " + name, e);
        }
    }
}
