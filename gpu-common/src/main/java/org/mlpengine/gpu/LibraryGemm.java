package org.mlpengine.gpu;

/** A vendor GEMM (cuBLAS) a driver may offer for plain {@code gemm} calls; shapes are checked before it is called. */
public interface LibraryGemm extends AutoCloseable {

    /** {@code C = alpha op(A) op(B) + beta C} on the driver's queue; the matrices are this driver's. */
    void gemm(boolean transA, boolean transB, float alpha, GpuMatrix a, GpuMatrix b, float beta, GpuMatrix c);

    /** One line for device details: "cuBLAS (libcublas.so.12)". */
    String description();

    @Override
    void close();
}
