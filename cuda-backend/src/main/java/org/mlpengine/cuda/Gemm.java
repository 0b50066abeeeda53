package org.mlpengine.cuda;

/** {@code C = alpha * op(A) * op(B) + beta * C} on the backend's stream; shapes are checked by the caller. */
interface Gemm extends AutoCloseable {
    void run(boolean transA, boolean transB, float alpha, CudaMatrix a, CudaMatrix b, float beta, CudaMatrix c);

    @Override
    void close();
}
