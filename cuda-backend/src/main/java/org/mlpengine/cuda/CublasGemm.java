package org.mlpengine.cuda;

import static jcuda.jcublas.JCublas2.cublasCreate;
import static jcuda.jcublas.JCublas2.cublasDestroy;
import static jcuda.jcublas.JCublas2.cublasSetStream;
import static jcuda.jcublas.JCublas2.cublasSgemm;
import static jcuda.jcublas.cublasOperation.CUBLAS_OP_N;
import static jcuda.jcublas.cublasOperation.CUBLAS_OP_T;

import jcuda.Pointer;
import jcuda.jcublas.cublasHandle;
import jcuda.runtime.cudaStream_t;

/**
 * GEMM by cuBLAS, on the backend's stream in the primary context.
 *
 * <p>cuBLAS is column-major. A row-major {@code r x c} matrix is, in the same memory, the column-major
 * {@code c x r} matrix X^T with leading dimension c. So row-major {@code C = op(A) op(B)} is computed as
 * column-major {@code C^T = op(B)^T op(A)^T}: the operands swap, each keeps its own transpose flag, and every
 * leading dimension is the stored matrix's column count.
 */
final class CublasGemm implements Gemm {
    private final CudaKernels counter;
    private final cublasHandle handle = new cublasHandle();
    private final float[] alphaHost = new float[1];
    private final float[] betaHost = new float[1];
    private boolean created;

    /** The context must be current on this thread: the handle binds to it. */
    CublasGemm(CudaContext context, CudaKernels counter) {
        this.counter = counter;
        CudaErrors.checkCublas(cublasCreate(handle), "cublasCreate");
        created = true;
        try {
            CudaErrors.checkCublas(cublasSetStream(handle, new cudaStream_t(context.stream())), "cublasSetStream");
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    @Override
    public void run(boolean transA, boolean transB, float alpha, CudaMatrix a, CudaMatrix b, float beta, CudaMatrix c) {
        int m = c.rows();
        int n = c.cols();
        int k = transA ? a.rows() : a.cols();
        // Host scalars (the default pointer mode), read by cuBLAS before the call returns.
        alphaHost[0] = alpha;
        betaHost[0] = beta;
        CudaErrors.checkCublas(cublasSgemm(handle, transB ? CUBLAS_OP_T : CUBLAS_OP_N, transA ? CUBLAS_OP_T : CUBLAS_OP_N,
                n, m, k, Pointer.to(alphaHost), b.pointer(), b.cols(), a.pointer(), a.cols(),
                Pointer.to(betaHost), c.pointer(), c.cols()), "cublasSgemm");
        counter.countLibraryCall();
    }

    @Override
    public void close() {
        if (created) {
            created = false;
            CudaErrors.checkCublas(cublasDestroy(handle), "cublasDestroy");
        }
    }
}
