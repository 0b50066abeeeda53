package org.mlpengine.opencl;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.mlpengine.core.backend.DeviceInts;
import org.mlpengine.core.backend.DeviceMatrix;
import org.mlpengine.core.reference.DoubleMatrix;
import org.mlpengine.core.reference.ReferenceOps;
import org.mlpengine.gpu.GpuBackend;

/**
 * What the kernels promise beyond the conformance suite: the tiled GEMM writes nothing outside its output view
 * (partial tiles at every edge, all transposes), argmax follows NumPy on NaN, and metrics are bit-reproducible.
 */
class OpenClOpsTest {
    private static final float SENTINEL = 7.25f;
    private GpuBackend be;
    private final Random rnd = new Random(11);

    /** Per test, not @BeforeAll: a class-level skip counts as no tests at all in surefire's summary. */
    @BeforeEach
    void open() {
        be = OpenClTestBackend.openOrSkip();
    }

    @AfterEach
    void close() {
        if (be != null) {
            be.close();
        }
    }

    private float[] random(int n) {
        float[] x = new float[n];
        for (int i = 0; i < n; i++) {
            x[i] = 2 * rnd.nextFloat() - 1;
        }
        return x;
    }

    private DeviceMatrix matrix(float[] data, int rows, int cols) {
        DeviceMatrix m = be.allocate(rows, cols);
        be.upload(data, 0, m);
        return m;
    }

    @Test
    void gemmWritesOnlyItsOutputViewAtEveryTileEdge() {
        int[][] mnk = {{1, 1, 1}, {33, 31, 65}, {65, 33, 7}, {100, 50, 784}};
        for (int[] s : mnk) {
            int m = s[0];
            int n = s[1];
            int k = s[2];
            for (int t = 0; t < 4; t++) {
                boolean ta = (t & 2) != 0;
                boolean tb = (t & 1) != 0;
                float[] a = random(m * k);
                float[] b = random(k * n);
                DoubleMatrix ra = ta ? DoubleMatrix.of(a, k, m) : DoubleMatrix.of(a, m, k);
                DoubleMatrix rb = tb ? DoubleMatrix.of(b, n, k) : DoubleMatrix.of(b, k, n);
                DeviceMatrix da = matrix(a, ra.rows, ra.cols);
                DeviceMatrix db = matrix(b, rb.rows, rb.cols);
                // C is rows [2, 2 + m) of a larger matrix whose other rows must keep SENTINEL.
                float[] all = new float[(m + 3) * n];
                Arrays.fill(all, SENTINEL);
                DeviceMatrix parent = matrix(all, m + 3, n);
                be.gemm(ta, tb, 1f, da, db, 0f, parent.rowSlice(2, m));
                be.download(parent, all, 0);
                DoubleMatrix want = ReferenceOps.gemm(ta, tb, 1, ra, rb, 0, null);
                DoubleMatrix scale = ReferenceOps.gemmMagnitude(ta, tb, 1, ra, rb, 0, null);
                String what = "gemm " + (ta ? "T" : "N") + (tb ? "T" : "N") + " " + m + "x" + n + "x" + k;
                for (int i = 0; i < all.length; i++) {
                    int r = i / n - 2;
                    if (r < 0 || r >= m) {
                        assertEquals(SENTINEL, all[i], what + ": element " + i + " outside the output view was written");
                    } else {
                        double err = Math.abs(all[i] - want.data[r * n + i % n]);
                        assertTrue(err <= 1e-5 * scale.data[r * n + i % n] + 1e-7, what + " element " + i);
                    }
                }
                da.close();
                db.close();
                parent.close();
            }
        }
    }

    @Test
    void rowArgmaxFollowsNumpyOnNaN() {
        float nan = Float.NaN;
        float[] a = {
            1, 3, 3, 2, // tie: the first maximum
            1, nan, 5, nan, // a NaN counts as the maximum, the first one wins
            nan, 9, 9, 9, // NaN first
            -1, -1, -1, -1};
        DeviceMatrix m = matrix(a, 4, 4);
        DeviceInts out = be.allocateInts(4);
        be.rowArgmax(m, out);
        int[] got = new int[4];
        be.download(out, got, 0);
        assertArrayEquals(new int[] {1, 1, 0, 0}, got);
        m.close();
        out.close();
    }

    @Test
    void metricsAreBitReproducible() {
        int rows = 5000;
        int cols = 10;
        float[] a = random(rows * cols);
        int[] y = new int[rows];
        for (int i = 0; i < rows; i++) {
            y[i] = rnd.nextInt(cols);
        }
        DeviceMatrix da = matrix(a, rows, cols);
        DeviceInts labels = be.allocateInts(rows);
        be.upload(y, 0, labels);
        float[] first = null;
        for (int run = 0; run < 3; run++) {
            DeviceMatrix metrics = be.allocate(1, 2);
            be.accumulateMetrics(da, labels, metrics);
            float[] got = new float[2];
            be.download(metrics, got, 0);
            if (first == null) {
                first = got;
                assertEquals(ReferenceOps.sumSquaredError(DoubleMatrix.of(a, rows, cols), y), got[0], 1e-5 * got[0]);
            } else {
                assertArrayEquals(first, got, "the same batch gives bit-identical metrics");
            }
            metrics.close();
        }
        da.close();
        labels.close();
    }

    /** The fused step kernels sum in a fixed order (no atomics): the same inputs give the same bits every run. */
    @Test
    void fusedOpsAreBitReproducible() {
        int rows = 100;
        int in = 784;
        int out = 50;
        DeviceMatrix x = matrix(random(rows * in), rows, in);
        DeviceMatrix w0 = matrix(random(out * in), out, in);
        DeviceMatrix b0 = matrix(random(out), 1, out);
        DeviceMatrix delta = matrix(random(rows * out), rows, out);
        float[] first = null;
        for (int run = 0; run < 3; run++) {
            DeviceMatrix a = be.allocate(rows, out);
            DeviceMatrix back = be.allocate(rows, in);
            DeviceMatrix w = be.allocate(out, in);
            DeviceMatrix b = be.allocate(1, out);
            float[] host = new float[out * in];
            be.download(w0, host, 0);
            be.upload(host, 0, w);
            float[] bias = new float[out];
            be.download(b0, bias, 0);
            be.upload(bias, 0, b);
            be.linearSigmoid(x, w, b, a);
            be.backpropSigmoid(delta, w, x, back);
            be.sgdUpdate(0.1f, delta, x, w, b);
            float[] got = new float[rows * out + rows * in + out * in + out];
            be.download(a, got, 0);
            be.download(back, got, rows * out);
            be.download(w, got, rows * out + rows * in);
            be.download(b, got, rows * out + rows * in + out * in);
            if (first == null) {
                first = got;
            } else {
                assertArrayEquals(first, got, "run " + run + " gives the same bits");
            }
            for (DeviceMatrix m : new DeviceMatrix[] {a, back, w, b}) {
                m.close();
            }
        }
        for (DeviceMatrix m : new DeviceMatrix[] {x, w0, b0, delta}) {
            m.close();
        }
    }

    /** sgd_update's extra column of work-groups writes only the bias, the GEMM groups only w: never each other. */
    @Test
    void sgdUpdateWritesOnlyItsWeightsAndBiasViews() {
        int rows = 45;
        int outUnits = 37;
        int inUnits = 33;
        DeviceMatrix delta = matrix(random(rows * outUnits), rows, outUnits);
        DeviceMatrix input = matrix(random(rows * inUnits), rows, inUnits);
        float[] wAll = random((outUnits + 2) * inUnits);
        float[] bAll = random(3 * outUnits);
        DeviceMatrix wOwner = matrix(wAll, outUnits + 2, inUnits);
        DeviceMatrix bOwner = matrix(bAll, 3, outUnits);
        be.sgdUpdate(0.5f, delta, input, wOwner.rowSlice(1, outUnits), bOwner.rowSlice(1, 1));
        float[] w = new float[wAll.length];
        float[] b = new float[bAll.length];
        be.download(wOwner, w, 0);
        be.download(bOwner, b, 0);
        assertArrayEquals(Arrays.copyOfRange(wAll, 0, inUnits), Arrays.copyOfRange(w, 0, inUnits));
        assertArrayEquals(Arrays.copyOfRange(wAll, (outUnits + 1) * inUnits, wAll.length),
                Arrays.copyOfRange(w, (outUnits + 1) * inUnits, w.length));
        assertArrayEquals(Arrays.copyOfRange(bAll, 0, outUnits), Arrays.copyOfRange(b, 0, outUnits));
        assertArrayEquals(Arrays.copyOfRange(bAll, 2 * outUnits, bAll.length), Arrays.copyOfRange(b, 2 * outUnits, b.length));
        for (DeviceMatrix m : new DeviceMatrix[] {delta, input, wOwner, bOwner}) {
            m.close();
        }
    }
}
