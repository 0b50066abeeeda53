package org.mlpengine.cuda;

import static jcuda.driver.JCudaDriver.cuCtxSetCurrent;
import static jcuda.driver.JCudaDriver.cuDeviceGet;
import static jcuda.driver.JCudaDriver.cuDeviceGetAttribute;
import static jcuda.driver.JCudaDriver.cuDevicePrimaryCtxRelease;
import static jcuda.driver.JCudaDriver.cuDevicePrimaryCtxRetain;
import static jcuda.driver.JCudaDriver.cuDeviceTotalMem;
import static jcuda.driver.JCudaDriver.cuStreamCreate;
import static jcuda.driver.JCudaDriver.cuStreamDestroy;
import static jcuda.driver.JCudaDriver.cuStreamSynchronize;

import jcuda.driver.CUcontext;
import jcuda.driver.CUdevice;
import jcuda.driver.CUstream;
import jcuda.driver.CUstream_flags;

/**
 * The device's primary context (the one cuBLAS and the runtime API use, so they can share our memory)
 * and the one stream every op of a backend is enqueued on.
 */
final class CudaContext implements AutoCloseable {
    private final CUdevice device = new CUdevice();
    private final CUcontext context = new CUcontext();
    private final CUstream stream = new CUstream();
    private boolean retained;
    private boolean streamCreated;

    CudaContext(int deviceIndex) {
        try {
            CudaErrors.check(cuDeviceGet(device, deviceIndex), "cuDeviceGet(" + deviceIndex + ")");
            CudaErrors.check(cuDevicePrimaryCtxRetain(context, device), "cuDevicePrimaryCtxRetain");
            retained = true;
            makeCurrent();
            // A blocking stream: it is ordered with the legacy default stream that the synchronous copies use.
            CudaErrors.check(cuStreamCreate(stream, CUstream_flags.CU_STREAM_DEFAULT), "cuStreamCreate");
            streamCreated = true;
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    /** A device attribute ({@code CU_DEVICE_ATTRIBUTE_*}). */
    int attribute(int attribute) {
        int[] value = new int[1];
        CudaErrors.check(cuDeviceGetAttribute(value, attribute, device), "cuDeviceGetAttribute(" + attribute + ")");
        return value[0];
    }

    /** The device's memory in bytes. */
    long totalMemory() {
        long[] bytes = new long[1];
        CudaErrors.check(cuDeviceTotalMem(bytes, device), "cuDeviceTotalMem");
        return bytes[0];
    }

    CUstream stream() {
        return stream;
    }

    /**
     * Makes the context current on the calling thread. Done before every op: a backend may move between threads,
     * and another backend on another device may have made its own context current on this one. It is cheap.
     */
    void makeCurrent() {
        CudaErrors.check(cuCtxSetCurrent(context), "cuCtxSetCurrent");
    }

    void synchronize() {
        makeCurrent();
        CudaErrors.check(cuStreamSynchronize(stream), "cuStreamSynchronize");
    }

    /** Destroys the stream and releases the context; the release happens even when the destroy fails. */
    @Override
    public void close() {
        try {
            if (streamCreated) {
                streamCreated = false;
                makeCurrent();
                CudaErrors.check(cuStreamDestroy(stream), "cuStreamDestroy");
            }
        } finally {
            if (retained) {
                retained = false;
                CudaErrors.check(cuDevicePrimaryCtxRelease(device), "cuDevicePrimaryCtxRelease");
            }
        }
    }
}
