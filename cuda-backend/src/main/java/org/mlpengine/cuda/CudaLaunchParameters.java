package org.mlpengine.cuda;

import jcuda.NativePointerObject;
import jcuda.Pointer;
import org.mlpengine.gpu.KernelArgs;
import org.mlpengine.kernels.Kernel;

/**
 * The {@code kernelParams} array of one kernel, built once: a pointer per parameter to a one-element holder (ints,
 * floats, offsets) or to a buffer's device address. A launch only stores values into the holders and buffer pointers
 * into the array; JCuda reads both at the call, so launches allocate nothing.
 */
final class CudaLaunchParameters {
    private final NativePointerObject[] params;
    private final int[][] ints;
    private final float[][] floats;
    private final long[][] longs;
    /** What cuLaunchKernel takes: a pointer to the array of parameter pointers. */
    final Pointer packed;

    CudaLaunchParameters(Kernel kernel) {
        int n = kernel.args().stream().mapToInt(Kernel.Arg::parameters).sum();
        params = new NativePointerObject[n];
        ints = new int[n][];
        floats = new float[n][];
        longs = new long[n][];
        int p = 0;
        for (Kernel.Arg a : kernel.args()) {
            switch (a) {
                case INT -> {
                    ints[p] = new int[1];
                    params[p] = Pointer.to(ints[p]);
                    p++;
                }
                case FLOAT -> {
                    floats[p] = new float[1];
                    params[p] = Pointer.to(floats[p]);
                    p++;
                }
                case FLOATS, INTS -> {
                    p++; // the buffer's address, set per launch
                    longs[p] = new long[1];
                    params[p] = Pointer.to(longs[p]);
                    p++;
                }
            }
        }
        packed = Pointer.to(params);
    }

    /** Stores {@code args} (checked against the same signature) into the holders. */
    void set(KernelArgs args) {
        int p = 0;
        for (int i = 0; i < args.count(); i++) {
            switch (args.kind(i)) {
                case INT -> ints[p++][0] = args.intAt(i);
                case FLOAT -> floats[p++][0] = args.floatAt(i);
                case FLOATS, INTS -> {
                    CudaBuffer b = (CudaBuffer) args.bufferAt(i);
                    b.checkLive();
                    params[p++] = b.parameter;
                    longs[p++][0] = args.offsetAt(i);
                }
            }
        }
    }
}
