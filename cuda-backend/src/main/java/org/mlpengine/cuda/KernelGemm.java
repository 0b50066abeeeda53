package org.mlpengine.cuda;

import org.mlpengine.kernels.KernelSources;

/** GEMM by the kernels module's tiled kernels (gemm_nn, gemm_nt, gemm_tn, gemm_tt): one launch each. */
final class KernelGemm implements Gemm {
    private static final int TILE = KernelSources.GEMM_TILE;
    private static final int ROWS_PER_PASS = KernelSources.GEMM_TILE / KernelSources.GEMM_WPT;

    private final CudaKernels kernels;

    KernelGemm(CudaKernels kernels) {
        this.kernels = kernels;
    }

    @Override
    public void run(boolean transA, boolean transB, float alpha, CudaMatrix a, CudaMatrix b, float beta, CudaMatrix c) {
        int m = c.rows();
        int n = c.cols();
        int k = transA ? a.rows() : a.cols();
        String name = "gemm_" + (transA ? "t" : "n") + (transB ? "t" : "n");
        kernels.launch(name, CudaKernels.blocks(n, TILE), CudaKernels.blocks(m, TILE), TILE, ROWS_PER_PASS,
                m, n, k, alpha,
                a.base(), a.offset(), a.cols(),
                b.base(), b.offset(), b.cols(),
                beta, c.base(), c.offset(), c.cols());
    }

    @Override
    public void close() {
        // Nothing of its own: the kernels live in the backend's module.
    }
}
