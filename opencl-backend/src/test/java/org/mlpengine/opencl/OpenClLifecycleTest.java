package org.mlpengine.opencl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.mlpengine.core.backend.BackendException;
import org.mlpengine.core.backend.DeviceMatrix;
import org.mlpengine.core.reference.DoubleMatrix;
import org.mlpengine.core.reference.ReferenceOps;
import org.mlpengine.gpu.GpuBackend;
import org.mlpengine.kernels.Dialect;
import org.mlpengine.kernels.KernelSources;

/** Build failures, memory limits, ownership and close() on the first OpenCL device. */
class OpenClLifecycleTest {

    private static OpenClDevice device() {
        OpenClTestBackend.openOrSkip().close();
        return OpenClBackendProvider.probeOnce().devices().get(0);
    }

    @Test
    void brokenKernelSourceFailsWithTheBuildLog() {
        String broken = KernelSources.source(Dialect.OPENCL)
                + "\nKERNEL void broken(GLOBAL float* x) { x[0] = undeclared_thing; }\n";
        OpenClDevice d = device();
        BackendException e = assertThrows(BackendException.class, () -> new GpuBackend(new OpenClDriver(d, 0, broken)));
        System.out.println("[opencl tests] broken kernel: " + e.getMessage());
        assertTrue(e.getMessage().contains("CL_BUILD_PROGRAM_FAILURE"), e.getMessage());
        assertTrue(e.getMessage().contains("build log:"), e.getMessage());
        assertTrue(e.getMessage().contains("undeclared_thing"), "the log names the compiler's complaint: " + e.getMessage());
    }

    @Test
    void allocationBeyondDeviceMemoryNamesRequestedAndAvailable() {
        OpenClDevice d = device();
        OpenClDevice small = new OpenClDevice(d.platform(), d.id(), d.name(), d.platformName(), d.type(), d.computeUnits(),
                1 << 20, d.maxAllocBytes(), d.localMemBytes(), d.maxWorkGroupSize(), d.version(), d.openClCVersion());
        try (GpuBackend be = new GpuBackend(new OpenClDriver(small, 0))) {
            DeviceMatrix fits = be.allocate(256, 256);
            BackendException e = assertThrows(BackendException.class, () -> be.allocate(1024, 1024));
            System.out.println("[opencl tests] out of memory: " + e.getMessage());
            assertTrue(e.getMessage().contains("cannot allocate 4.0 MiB for a 1024x1024 matrix"), e.getMessage());
            assertTrue(e.getMessage().contains("768.0 KiB of 1.0 MiB device memory available"), e.getMessage());
            fits.close();
            be.allocate(512, 512).close(); // the freed memory is available again
        }
    }

    @Test
    void devicesWithSmallWorkGroupsGetSmallTilesAndStillComputeCorrectly() {
        OpenClDevice d = device();
        OpenClDevice small = new OpenClDevice(d.platform(), d.id(), d.name(), d.platformName(), d.type(), d.computeUnits(),
                d.globalMemBytes(), d.maxAllocBytes(), 4096, 64, d.version(), d.openClCVersion());
        int m = 37;
        int n = 21;
        int k = 45;
        java.util.Random rnd = new java.util.Random(5);
        float[] a = new float[k * m];
        float[] b = new float[n * k];
        for (int i = 0; i < a.length; i++) {
            a[i] = rnd.nextFloat() - 0.5f;
        }
        for (int i = 0; i < b.length; i++) {
            b[i] = rnd.nextFloat() - 0.5f;
        }
        try (GpuBackend be = new GpuBackend(new OpenClDriver(small, 0))) {
            assertEquals(16, be.gemmTile());
            DeviceMatrix da = be.allocate(k, m);
            DeviceMatrix db = be.allocate(n, k);
            DeviceMatrix dc = be.allocate(m, n);
            DeviceMatrix sums = be.allocate(1, m);
            be.upload(a, 0, da);
            be.upload(b, 0, db);
            be.gemm(true, true, 1f, da, db, 0f, dc); // 16x16 tiles, 64 work-items
            be.columnSums(1f, da, 0f, sums); // 32 x 2 work-items
            float[] c = new float[m * n];
            float[] s = new float[m];
            be.download(dc, c, 0);
            be.download(sums, s, 0);
            DoubleMatrix ra = DoubleMatrix.of(a, k, m);
            DoubleMatrix rb = DoubleMatrix.of(b, n, k);
            DoubleMatrix want = ReferenceOps.gemm(true, true, 1, ra, rb, 0, null);
            DoubleMatrix scale = ReferenceOps.gemmMagnitude(true, true, 1, ra, rb, 0, null);
            for (int i = 0; i < m * n; i++) {
                assertTrue(Math.abs(c[i] - want.data[i]) <= 1e-5 * scale.data[i] + 1e-7, "element " + i + ": " + c[i]
                        + " vs " + want.data[i]);
            }
            for (int j = 0; j < m; j++) {
                double sum = 0;
                for (int i = 0; i < k; i++) {
                    sum += a[i * m + j];
                }
                assertEquals(sum, s[j], 1e-5, "column " + j);
            }
        }
    }

    /** The fused kernels at 16x16 tiles: sgd_update's bias tree then has 4 lanes instead of 8. */
    @Test
    void fusedKernelsComputeCorrectlyWithSmallTiles() {
        OpenClDevice d = device();
        OpenClDevice small = new OpenClDevice(d.platform(), d.id(), d.name(), d.platformName(), d.type(), d.computeUnits(),
                d.globalMemBytes(), d.maxAllocBytes(), 4096, 64, d.version(), d.openClCVersion());
        int rows = 45;
        int outUnits = 37;
        int inUnits = 21;
        java.util.Random rnd = new java.util.Random(9);
        float[] delta = new float[rows * outUnits];
        float[] x = new float[rows * inUnits];
        float[] w = new float[outUnits * inUnits];
        float[] bias = new float[outUnits];
        for (float[] v : new float[][] {delta, x, w, bias}) {
            for (int i = 0; i < v.length; i++) {
                v[i] = rnd.nextFloat() - 0.5f;
            }
        }
        try (GpuBackend be = new GpuBackend(new OpenClDriver(small, 0))) {
            assertEquals(16, be.gemmTile());
            DeviceMatrix dd = be.allocate(rows, outUnits);
            DeviceMatrix dx = be.allocate(rows, inUnits);
            DeviceMatrix dw = be.allocate(outUnits, inUnits);
            DeviceMatrix db = be.allocate(1, outUnits);
            DeviceMatrix act = be.allocate(rows, outUnits);
            be.upload(delta, 0, dd);
            be.upload(x, 0, dx);
            be.upload(w, 0, dw);
            be.upload(bias, 0, db);
            be.linearSigmoid(dx, dw, db, act); // before the update changes w
            be.sgdUpdate(0.5f, dd, dx, dw, db);
            DoubleMatrix rd = DoubleMatrix.of(delta, rows, outUnits);
            DoubleMatrix rx = DoubleMatrix.of(x, rows, inUnits);
            DoubleMatrix rw = DoubleMatrix.of(w, outUnits, inUnits);
            DoubleMatrix rb = DoubleMatrix.of(bias, 1, outUnits);
            assertNear(ReferenceOps.linearSigmoid(rx, rw, rb), act, be, "linearSigmoid");
            assertNear(ReferenceOps.sgdWeights(0.5, rd, rx, rw), dw, be, "sgdUpdate: w");
            assertNear(ReferenceOps.sgdBias(0.5, rd, rb), db, be, "sgdUpdate: bias");
        }
    }

    private static void assertNear(DoubleMatrix want, DeviceMatrix m, GpuBackend be, String what) {
        float[] got = new float[(int) m.size()];
        be.download(m, got, 0);
        for (int i = 0; i < got.length; i++) {
            assertEquals(want.data[i], got[i], 1e-5 * (1 + Math.abs(want.data[i])), what + " element " + i);
        }
    }

    @Test
    void matricesBeyondIntIndexingAreRefused() {
        OpenClDevice d = device();
        try (GpuBackend be = new GpuBackend(new OpenClDriver(d, 0))) {
            BackendException e = assertThrows(BackendException.class, () -> be.allocate(46341, 46341));
            assertTrue(e.getMessage().contains("2147488281 elements"), e.getMessage());
        }
    }

    @Test
    void closeReleasesEverythingOnceAndLaterUseFailsCleanly() {
        GpuBackend be = new GpuBackend(new OpenClDriver(device(), 0));
        DeviceMatrix a = be.allocate(10, 10);
        DeviceMatrix b = be.allocate(5, 4);
        var ints = be.allocateInts(7);
        assertEquals(400 + 80 + 28, be.liveBytes());
        a.rowSlice(2, 3).close(); // closing a view frees nothing
        assertEquals(400 + 80 + 28, be.liveBytes());
        a.close();
        a.close();
        assertEquals(80 + 28, be.liveBytes());
        assertThrows(IllegalStateException.class, () -> be.fill(a, 1f), "a closed matrix cannot be used");
        be.close();
        be.close();
        assertThrows(IllegalStateException.class, () -> be.fill(b, 1f));
        assertThrows(IllegalStateException.class, () -> be.allocate(1, 1));
        b.close(); // after the backend: a no-op, not a crash
        ints.close();
    }

    @Test
    void foreignMatricesAliasingAndShapeMismatchesAreRejected() {
        try (GpuBackend be = new GpuBackend(new OpenClDriver(device(), 0)); GpuBackend other = new GpuBackend(new OpenClDriver(device(), 0))) {
            DeviceMatrix a = be.allocate(3, 4);
            DeviceMatrix c = be.allocate(3, 3);
            DeviceMatrix foreign = other.allocate(3, 4);
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> be.gemm(false, true, 1f, a, foreign, 0f, c));
            assertTrue(e.getMessage().contains("did not allocate"), e.getMessage());
            e = assertThrows(IllegalArgumentException.class, () -> be.gemm(false, false, 1f, a, a, 0f, c));
            assertTrue(e.getMessage().contains("gemm shape mismatch"), e.getMessage());
            DeviceMatrix sq = be.allocate(4, 4);
            e = assertThrows(IllegalArgumentException.class, () -> be.gemm(false, false, 1f, sq, sq.rowSlice(0, 4), 0f, sq));
            assertTrue(e.getMessage().contains("alias"), e.getMessage());
        }
    }
}
