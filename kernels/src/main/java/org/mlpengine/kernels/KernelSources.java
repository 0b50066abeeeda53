package org.mlpengine.kernels;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
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
            "linear_sigmoid", "backprop_sigmoid", "sgd_update",
            "fill", "bias_sigmoid", "sigmoid_backward", "mse_output_delta",
            "column_sums", "row_argmax", "accumulate_metrics",
            "gather_rows", "gather_ints", "gather_batch");

    /**
     * The kernels launched with the GEMM's tile shape (local {@code GEMM_TILE x GEMM_TILE / GEMM_WPT}): the four GEMMs
     * and the fused layer kernels built on them. They need that many work-items per group; the others take any size.
     */
    public static final List<String> GEMM_SHAPED = List.of(
            "gemm_nn", "gemm_nt", "gemm_tn", "gemm_tt", "linear_sigmoid", "backprop_sigmoid", "sgd_update");

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
