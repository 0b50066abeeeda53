package org.mlpengine.kernels;

/**
 * The compile-time sizes the kernels and their launchers share, in one place: hosts size their launches from these
 * and hand them to the compiler as {@code #define}s at the top of the source ({@link KernelSources#source}), so the
 * C code never assumes a block shape of its own.
 *
 * @param gemmTile edge of the GEMM tile: a GEMM block is {@code gemmTile x gemmTile / GEMM_WPT} work-items
 */
public record KernelConstants(int gemmTile) {
    /** The GEMM tile edge for devices that allow 256 work-items per block (every CUDA device). */
    public static final int GEMM_TILE = 32;
    /** Rows of C each GEMM work-item computes. */
    public static final int GEMM_WPT = 4;
    /** Work-items per block the reduction kernels allow at most (the size of their shared scratch). */
    public static final int REDUCE_MAX = 256;
    /** Block width (x) of {@code column_sums}. */
    public static final int COLUMN_SUMS_WIDTH = 32;

    /** The defaults: the committed PTX is built with these. */
    public static final KernelConstants DEFAULT = new KernelConstants(GEMM_TILE);

    public KernelConstants {
        if (gemmTile != 16 && gemmTile != 32) {
            throw new IllegalArgumentException("GEMM tile must be 16 or 32, got " + gemmTile);
        }
    }

    /** Work-items of a GEMM block along y: {@code gemmTile / GEMM_WPT}. */
    public int gemmRowsPerPass() {
        return gemmTile / GEMM_WPT;
    }

    /** Work-items per GEMM block. */
    public int gemmBlockSize() {
        return gemmTile * gemmRowsPerPass();
    }

    /** The lines that define every constant for the compiler. */
    String defines() {
        return "#define GEMM_TILE " + gemmTile + "\n#define GEMM_WPT " + GEMM_WPT + "\n#define REDUCE_MAX " + REDUCE_MAX
                + "\n#define COLUMN_SUMS_WIDTH " + COLUMN_SUMS_WIDTH + "\n";
    }
}
