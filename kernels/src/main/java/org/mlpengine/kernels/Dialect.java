package org.mlpengine.kernels;

/** A language the kernel sources can be turned into; each differs only by its prelude. */
public enum Dialect {
    /** OpenCL C 1.2, built with {@code -cl-std=CL1.2}. */
    OPENCL("prelude-opencl.h"),
    /** CUDA C, compiled with {@code nvcc -ptx -x cu}; kernels are {@code extern "C"}. */
    CUDA("prelude-cuda.h");

    final String prelude;

    Dialect(String prelude) {
        this.prelude = prelude;
    }
}
