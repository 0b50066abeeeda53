package org.mlpengine.opencl;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import org.junit.jupiter.api.Test;
import org.mlpengine.core.backend.BackendException;
import org.mlpengine.core.backend.Bytes;
import org.mlpengine.core.backend.DeviceMatrix;
import org.mlpengine.gpu.GpuBackend;
import org.mlpengine.kernels.Dialect;
import org.mlpengine.kernels.KernelSources;

/**
 * Device faults on the real OpenCL device (PoCL here): an allocation beyond {@code CL_DEVICE_MAX_MEM_ALLOC_SIZE}
 * names the size requested and the limits, an allocation the driver itself refuses is a
 * {@link BackendException} too, a kernel that does not build leaves nothing behind, and after each the
 * backend (or a new one) computes correctly.
 */
class OpenClDeviceFaultTest {

    private static OpenClDevice device() {
        OpenClTestBackend.openOrSkip().close();
        return OpenClBackendProvider.probeOnce().devices().get(0);
    }

    @Test
    void beyondTheDevicesLargestBufferNamesTheSizesAndTheBackendGoesOn() {
        OpenClDevice d = device();
        long maxFloats = d.maxAllocBytes() / 4;
        assumeTrue(maxFloats < Integer.MAX_VALUE - 8192, "the device allows buffers beyond the kernels' int indexing");
        int cols = 4096;
        int rows = (int) (maxFloats / cols) + 1;
        try (GpuBackend be = new GpuBackend(new OpenClDriver(d, 0))) {
            DeviceMatrix live = be.allocate(100, 100);
            BackendException e = assertThrows(BackendException.class, () -> be.allocate(rows, cols));
            System.out.println("[opencl faults] " + e.getMessage());
            String msg = e.getMessage();
            assertTrue(msg.startsWith("opencl: cannot allocate " + Bytes.human(4L * rows * cols) + " for a "
                    + rows + "x" + cols + " matrix on "), msg);
            assertTrue(msg.contains("at most " + Bytes.human(d.maxAllocBytes()) + " per buffer"), msg);
            assertTrue(msg.contains(" of " + Bytes.human(d.globalMemBytes()) + " device memory available"), msg);
            assertGemmRight(be);
            live.close();
        }
    }

    /**
     * A device description that overstates its limits lets the request through to {@code clCreateBuffer}, which
     * refuses it: that too is a BackendException naming the size, and the context stays usable.
     */
    @Test
    void anAllocationTheDriverRefusesIsABackendExceptionAndTheBackendGoesOn() {
        OpenClDevice d = device();
        assumeTrue(d.maxAllocBytes() < 8L << 30, "the device could really allocate 8 GiB");
        OpenClDevice lying = new OpenClDevice(d.platform(), d.id(), d.name(), d.platformName(), d.type(),
                d.computeUnits(), Long.MAX_VALUE / 8, Long.MAX_VALUE / 8, d.localMemBytes(), d.maxWorkGroupSize(),
                d.version(), d.openClCVersion());
        try (GpuBackend be = new GpuBackend(new OpenClDriver(lying, 0))) {
            BackendException e = assertThrows(BackendException.class, () -> be.allocate(65535, 32768));
            System.out.println("[opencl faults] driver refusal: " + e.getMessage());
            assertTrue(e.getMessage().contains("8.0 GiB for a 65535x32768 matrix"), e.getMessage());
            assertTrue(e.getMessage().contains("CL_"), "names the OpenCL error: " + e.getMessage());
            assertGemmRight(be);
        }
    }

    @Test
    void afterAKernelBuildFailureANewBackendBuildsAndComputes() {
        OpenClDevice d = device();
        String broken = KernelSources.source(Dialect.OPENCL) + "\nKERNEL void broken(GLOBAL float* x) { x[0] = ; }\n";
        for (int i = 0; i < 3; i++) {
            BackendException e = assertThrows(BackendException.class, () -> new GpuBackend(new OpenClDriver(d, 0, broken)));
            assertTrue(e.getMessage().contains("build log:"), e.getMessage());
        }
        try (GpuBackend be = new GpuBackend(new OpenClDriver(d, 0))) {
            assertGemmRight(be);
        }
    }

    /** A 3x2 times 2x2 product, exact in float. */
    static void assertGemmRight(GpuBackend be) {
        try (DeviceMatrix a = be.allocate(3, 2); DeviceMatrix b = be.allocate(2, 2); DeviceMatrix c = be.allocate(3, 2)) {
            be.upload(new float[] {1, 2, 3, 4, 5, 6}, 0, a);
            be.upload(new float[] {1, 0, 2, 1}, 0, b);
            be.gemm(false, false, 1f, a, b, 0f, c);
            float[] got = new float[6];
            be.download(c, got, 0);
            assertArrayEquals(new float[] {5, 2, 11, 4, 17, 6}, got);
        }
    }
}
