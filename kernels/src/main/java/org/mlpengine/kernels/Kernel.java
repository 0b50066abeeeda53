package org.mlpengine.kernels;

import java.util.List;

/**
 * Every kernel of the sources, declared once: its name, its argument kinds in order and how it is launched.
 * Hosts pack arguments against this list and {@code KernelSignatureTest} checks it against the {@code .kc} sources,
 * so a kernel's argument order is written in exactly two places: its source and here.
 */
public enum Kernel {
    GEMM_NN("gemm_nn", Launch.GEMM, Signatures.GEMM),
    GEMM_NT("gemm_nt", Launch.GEMM, Signatures.GEMM),
    GEMM_TN("gemm_tn", Launch.GEMM, Signatures.GEMM),
    GEMM_TT("gemm_tt", Launch.GEMM, Signatures.GEMM),
    /** M, N, K, X, ldx, W, ldw, bias, out, ldo. */
    LINEAR_SIGMOID("linear_sigmoid", Launch.GEMM,
            Arg.INT, Arg.INT, Arg.INT, Arg.FLOATS, Arg.INT, Arg.FLOATS, Arg.INT, Arg.FLOATS, Arg.FLOATS, Arg.INT),
    /** M, N, K, D, ldd, W, ldw, A, lda, out, ldo. */
    BACKPROP_SIGMOID("backprop_sigmoid", Launch.GEMM,
            Arg.INT, Arg.INT, Arg.INT, Arg.FLOATS, Arg.INT, Arg.FLOATS, Arg.INT, Arg.FLOATS, Arg.INT, Arg.FLOATS, Arg.INT),
    /** M, N, K, alpha, D, ldd, X, ldx, W, ldw, bias. */
    SGD_UPDATE("sgd_update", Launch.GEMM_AND_BIAS_COLUMN,
            Arg.INT, Arg.INT, Arg.INT, Arg.FLOAT, Arg.FLOATS, Arg.INT, Arg.FLOATS, Arg.INT, Arg.FLOATS, Arg.INT, Arg.FLOATS),
    /** rows, cols, z, bias, out. */
    BIAS_SIGMOID("bias_sigmoid", Launch.ELEMENTS, Arg.INT, Arg.INT, Arg.FLOATS, Arg.FLOATS, Arg.FLOATS),
    /** n, delta, a, out. */
    SIGMOID_BACKWARD("sigmoid_backward", Launch.ELEMENTS, Arg.INT, Arg.FLOATS, Arg.FLOATS, Arg.FLOATS),
    /** rows, cols, a, labels, out. */
    MSE_OUTPUT_DELTA("mse_output_delta", Launch.ELEMENTS, Arg.INT, Arg.INT, Arg.FLOATS, Arg.INTS, Arg.FLOATS),
    /** rows, cols, alpha, a, beta, out. */
    COLUMN_SUMS("column_sums", Launch.COLUMNS, Arg.INT, Arg.INT, Arg.FLOAT, Arg.FLOATS, Arg.FLOAT, Arg.FLOATS),
    /** rows, cols, a, out. */
    ROW_ARGMAX("row_argmax", Launch.ELEMENTS, Arg.INT, Arg.INT, Arg.FLOATS, Arg.INTS),
    /** rows, cols, a, labels, metrics. */
    ACCUMULATE_METRICS("accumulate_metrics", Launch.ONE_GROUP, Arg.INT, Arg.INT, Arg.FLOATS, Arg.INTS, Arg.FLOATS),
    /** rows, cols, src, srcRows, indices, dst. */
    GATHER_ROWS("gather_rows", Launch.ELEMENTS, Arg.INT, Arg.INT, Arg.FLOATS, Arg.INT, Arg.INTS, Arg.FLOATS),
    /** n, src, srcLength, indices, dst. */
    GATHER_INTS("gather_ints", Launch.ELEMENTS, Arg.INT, Arg.INTS, Arg.INT, Arg.INTS, Arg.INTS),
    /** rows, cols, srcX, srcRows, srcY, srcLength, indices, dstX, dstY. */
    GATHER_BATCH("gather_batch", Launch.ELEMENTS,
            Arg.INT, Arg.INT, Arg.FLOATS, Arg.INT, Arg.INTS, Arg.INT, Arg.INTS, Arg.FLOATS, Arg.INTS);

    /**
     * One logical argument. A matrix or int vector ({@link #FLOATS}, {@link #INTS}) is two kernel parameters: the
     * buffer and its element offset ({@code offset_t}, 64-bit), so views work.
     */
    public enum Arg {
        INT, FLOAT, FLOATS, INTS;

        /** Kernel parameters this argument takes. */
        public int parameters() {
            return this == FLOATS || this == INTS ? 2 : 1;
        }
    }

    /** How a kernel is launched; the block shapes come from {@link KernelConstants}. */
    public enum Launch {
        /** Block (GEMM_TILE, GEMM_TILE / GEMM_WPT), one block per GEMM_TILE x GEMM_TILE tile of the M x N output. */
        GEMM,
        /** As {@link #GEMM} plus one more column of blocks (the bias sums of {@code sgd_update}). */
        GEMM_AND_BIAS_COLUMN,
        /** 1-D, one work-item per element, any power-of-two block size up to REDUCE_MAX. */
        ELEMENTS,
        /** Block (COLUMN_SUMS_WIDTH, ly), one block column per COLUMN_SUMS_WIDTH columns. */
        COLUMNS,
        /** Exactly one 1-D block (global == local): a reduction in a fixed order. */
        ONE_GROUP
    }

    private static final class Signatures {
        /** M, N, K, alpha, A, lda, B, ldb, beta, C, ldc. */
        static final Arg[] GEMM = {Arg.INT, Arg.INT, Arg.INT, Arg.FLOAT, Arg.FLOATS, Arg.INT, Arg.FLOATS, Arg.INT,
                Arg.FLOAT, Arg.FLOATS, Arg.INT};
    }

    private final String symbol;
    private final Launch launch;
    private final List<Arg> args;

    Kernel(String symbol, Launch launch, Arg... args) {
        this.symbol = symbol;
        this.launch = launch;
        this.args = List.of(args);
    }

    /** The kernel's function name in the sources (and in the PTX). */
    public String symbol() {
        return symbol;
    }

    public Launch launch() {
        return launch;
    }

    public List<Arg> args() {
        return args;
    }

    /** Launched with the GEMM's block shape (which needs GEMM_TILE * GEMM_TILE / GEMM_WPT work-items per block). */
    public boolean gemmShaped() {
        return launch == Launch.GEMM || launch == Launch.GEMM_AND_BIAS_COLUMN;
    }

    /** The GEMM kernel for a pair of transpose flags. */
    public static Kernel gemm(boolean transA, boolean transB) {
        return transA ? (transB ? GEMM_TT : GEMM_TN) : (transB ? GEMM_NT : GEMM_NN);
    }
}
