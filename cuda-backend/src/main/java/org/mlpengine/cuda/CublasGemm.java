package org.mlpengine.cuda;

import static jcuda.jcublas.JCublas2.cublasCreate;
import static jcuda.jcublas.JCublas2.cublasDestroy;
import static jcuda.jcublas.JCublas2.cublasSetStream;
import static jcuda.jcublas.JCublas2.cublasSgemm;
import static jcuda.jcublas.cublasOperation.CUBLAS_OP_N;
import static jcuda.jcublas.cublasOperation.CUBLAS_OP_T;

import jcuda.Pointer;
import jcuda.driver.CUdeviceptr;
import jcuda.jcublas.cublasHandle;
import jcuda.runtime.cudaStream_t;
import org.mlpengine.gpu.GpuMatrix;
import org.mlpengine.gpu.LibraryGemm;

/**
 * GEMM by cuBLAS, on the backend's stream in the primary context.
 *
 * <p>cuBLAS is column-major. A row-major {@code r x c} matrix is, in the same memory, the column-major
 * {@code c x r} matrix X^T with leading dimension c. So row-major {@code C = op(A) op(B)} is computed as
 * column-major {@code C^T = op(B)^T op(A)^T}: the operands swap, each keeps its own transpose flag, and every
 * leading dimension is the stored matrix's column count.
 */
final class CublasGemm implements LibraryGemm {
    private final CudaContext context;
    private final cublasHandle handle = new cublasHandle();
    private final float[] alphaHost = new float[1];
    private final float[] betaHost = new float[1];
    private boolean created;

    /** The context must be current on this thread: the handle binds to it. */
    CublasGemm(CudaContext context) {
        this.context = context;
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
    public void gemm(boolean transA, boolean transB, float alpha, GpuMatrix a, GpuMatrix b, float beta, GpuMatrix c) {
        context.makeCurrent();
        int m = c.rows();
        int n = c.cols();
        int k = transA ? a.rows() : a.cols();
        // Host scalars (the default pointer mode), read by cuBLAS before the call returns.
        alphaHost[0] = alpha;
        betaHost[0] = beta;
        CudaErrors.checkCublas(cublasSgemm(handle, transB ? CUBLAS_OP_T : CUBLAS_OP_N, transA ? CUBLAS_OP_T : CUBLAS_OP_N,
                n, m, k, Pointer.to(alphaHost), at(b), b.cols(), at(a), a.cols(),
                Pointer.to(betaHost), at(c), c.cols()), "cublasSgemm");
    }

    /** The device address of a matrix's element (0, 0). */
    private static CUdeviceptr at(GpuMatrix m) {
        return ((CudaBuffer) m.buffer()).at(m.offset());
    }

    @Override
    public String description() {
        return "cuBLAS (" + NativeLibraries.CUBLAS + ")";
    }

    @Override
    public void close() {
        if (created) {
            created = false;
            CudaErrors.checkCublas(cublasDestroy(handle), "cublasDestroy");
        }
    }
}
