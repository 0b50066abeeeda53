package org.mlpengine.opencl;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.mlpengine.core.backend.DeviceInts;
import org.mlpengine.core.backend.DeviceMatrix;

/**
 * Every op on the first OpenCL device (PoCL in CI) against the double-precision {@link Reference}, on awkward
 * shapes, through views at non-zero offsets as well as owned matrices. Output views are checked not to write
 * outside themselves.
 */
class OpenClOpsTest {
    private static final float SENTINEL = 7.25f;
    private static final int[][] SHAPES = {{1, 1}, {7, 33}, {33, 7}, {100, 50}, {100, 10}, {785, 10}, {3, 785}};
    private static final Map<String, Double> MAX_ERROR = new TreeMap<>();
    private static OpenClBackend be;
    private final Random rnd = new Random(11);

    @BeforeAll
    static void open() {
        be = OpenClTestBackend.openOrSkip();
        System.out.println("[opencl tests] device: " + be.device());
    }

    @AfterAll
    static void close() {
        if (be != null) {
            be.close();
        }
        MAX_ERROR.forEach((op, e) -> System.out.printf("[opencl tests] max error %-24s %.3g%n", op, e));
    }

    /** A rows x cols matrix holding data: owned, or a view at row 2 of a larger matrix padded with SENTINEL. */
    private final class Placed {
        final DeviceMatrix parent;
        final DeviceMatrix m;
        final int rows;
        final int cols;

        Placed(float[] data, int rows, int cols, boolean view) {
            this.rows = rows;
            this.cols = cols;
            if (view) {
                parent = be.allocate(rows + 3, cols);
                float[] all = new float[(rows + 3) * cols];
                java.util.Arrays.fill(all, SENTINEL);
                System.arraycopy(data, 0, all, 2 * cols, data.length);
                be.upload(all, 0, parent);
                m = parent.rowSlice(2, rows);
            } else {
                parent = be.allocate(rows, cols);
                be.upload(data, 0, parent);
                m = parent;
            }
        }

        /** The view's contents; fails if anything around it changed. */
        float[] get() {
            float[] all = new float[(int) parent.size()];
            be.download(parent, all, 0);
            if (parent != m) {
                for (int i = 0; i < all.length; i++) {
                    if (i < 2 * cols || i >= (2 + rows) * cols) {
                        assertEquals(SENTINEL, all[i], "element " + i + " outside the view was written");
                    }
                }
                return java.util.Arrays.copyOfRange(all, 2 * cols, (2 + rows) * cols);
            }
            return all;
        }

        void close() {
            parent.close();
        }
    }

    private float[] random(int n, float lo, float hi) {
        float[] x = new float[n];
        for (int i = 0; i < n; i++) {
            x[i] = lo + (hi - lo) * rnd.nextFloat();
        }
        return x;
    }

    private int[] labels(int n, int classes) {
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            y[i] = rnd.nextInt(classes);
        }
        return y;
    }

    private DeviceInts ints(int[] v) {
        DeviceInts d = be.allocateInts(v.length);
        be.upload(v, 0, d);
        return d;
    }

    private static void record(String op, double err) {
        MAX_ERROR.merge(op, err, Math::max);
    }

    @Test
    void gemmAllTransposesMatchReference() {
        int[][] mnk = {{1, 1, 1}, {7, 1, 33}, {1, 7, 33}, {33, 100, 7}, {100, 50, 784}, {50, 784, 100}, {10, 50, 100},
                {100, 10, 50}, {785, 33, 7}, {65, 31, 129}};
        boolean view = false;
        for (int[] s : mnk) {
            int m = s[0];
            int n = s[1];
            int k = s[2];
            for (int t = 0; t < 4; t++) {
                boolean ta = (t & 2) != 0;
                boolean tb = (t & 1) != 0;
                view = !view;
                float[] a = random(m * k, -1, 1);
                float[] b = random(k * n, -1, 1);
                Placed pa = ta ? new Placed(a, k, m, view) : new Placed(a, m, k, view);
                Placed pb = tb ? new Placed(b, n, k, view) : new Placed(b, k, n, view);
                double[] scale = new double[m * n];
                double[] ref = Reference.gemm(ta, tb, a, pa.cols, b, pb.cols, m, n, k, scale);
                // beta == 0 ignores NaN in C; alpha = -0.1, beta = 1 is the SGD update.
                float[][] cases = {{1f, 0f}, {-0.1f, 1f}, {0.5f, -2f}};
                for (float[] ab : cases) {
                    float[] c0 = ab[1] == 0 ? nan(m * n) : random(m * n, -1, 1);
                    Placed pc = new Placed(c0, m, n, view);
                    be.gemm(ta, tb, ab[0], pa.m, pb.m, ab[1], pc.m);
                    float[] got = pc.get();
                    for (int i = 0; i < m * n; i++) {
                        double want = ab[0] * ref[i] + (ab[1] == 0 ? 0 : ab[1] * (double) c0[i]);
                        double old = ab[1] == 0 ? 0 : Math.abs(ab[1] * c0[i]); // c0 is NaN when beta is 0
                        double tol = 1e-5 * (Math.abs(ab[0]) * scale[i] + old) + 1e-7;
                        double err = Math.abs(got[i] - want);
                        String where = "gemm " + (ta ? "T" : "N") + (tb ? "T" : "N") + " " + m + "x" + n + "x" + k
                                + " alpha " + ab[0] + " beta " + ab[1] + " element " + i;
                        assertTrue(err <= tol, where + ": got " + got[i] + ", want " + want);
                        record("gemm abs", err);
                        record("gemm err/sum|a*b|", err / Math.max(scale[i], 1e-30));
                    }
                    pc.close();
                }
                pa.close();
                pb.close();
            }
        }
    }

    private static float[] nan(int n) {
        float[] x = new float[n];
        java.util.Arrays.fill(x, Float.NaN);
        return x;
    }

    @Test
    void biasSigmoidMatchesReferenceInPlaceAndNot() {
        for (int[] s : SHAPES) {
            int r = s[0];
            int c = s[1];
            float[] z = random(r * c, -12, 12);
            float[] bias = random(c, -2, 2);
            Placed pz = new Placed(z, r, c, true);
            Placed pb = new Placed(bias, 1, c, true);
            Placed out = new Placed(new float[r * c], r, c, false);
            be.biasSigmoid(pz.m, pb.m, out.m);
            be.biasSigmoid(pz.m, pb.m, pz.m);
            float[] got = out.get();
            float[] inPlace = pz.get();
            for (int i = 0; i < r * c; i++) {
                double want = Reference.sigmoid((double) z[i] + bias[i % c]);
                double err = Math.abs(got[i] - want);
                assertTrue(err <= 1e-6, "biasSigmoid " + r + "x" + c + " element " + i + ": got " + got[i] + ", want " + want);
                assertEquals(got[i], inPlace[i], "in place gives the same result");
                record("biasSigmoid", err);
            }
            pz.close();
            pb.close();
            out.close();
        }
    }

    @Test
    void sigmoidBackwardMatchesReference() {
        for (int[] s : SHAPES) {
            int n = s[0] * s[1];
            float[] d = random(n, -3, 3);
            float[] a = random(n, 0, 1);
            Placed pd = new Placed(d, s[0], s[1], true);
            Placed pa = new Placed(a, s[0], s[1], false);
            be.sigmoidBackward(pd.m, pa.m, pd.m);
            float[] got = pd.get();
            for (int i = 0; i < n; i++) {
                double want = (double) d[i] * a[i] * (1.0 - a[i]);
                double err = Math.abs(got[i] - want);
                assertTrue(err <= 1e-6 * Math.abs(want) + 1e-9, "sigmoidBackward element " + i + ": got " + got[i] + ", want " + want);
                record("sigmoidBackward", err);
            }
            pd.close();
            pa.close();
        }
    }

    @Test
    void mseOutputDeltaMatchesReference() {
        for (int[] s : SHAPES) {
            int r = s[0];
            int c = s[1];
            float[] a = random(r * c, 0, 1);
            int[] y = labels(r, c);
            y[0] = r > 1 ? -1 : y[0]; // an out-of-range label gives a row with no one-hot entry
            Placed pa = new Placed(a, r, c, true);
            DeviceInts labels = ints(y);
            Placed out = new Placed(new float[r * c], r, c, true);
            be.mseOutputDelta(pa.m, labels, out.m);
            float[] got = out.get();
            for (int i = 0; i < r * c; i++) {
                double t = y[i / c] == i % c ? 1 : 0;
                double want = 2.0 * (a[i] - t) / r * a[i] * (1.0 - a[i]);
                double err = Math.abs(got[i] - want);
                assertTrue(err <= 1e-6 * Math.abs(want) + 1e-9, "mseOutputDelta " + r + "x" + c + " element " + i
                        + ": got " + got[i] + ", want " + want);
                record("mseOutputDelta", err);
            }
            pa.close();
            labels.close();
            out.close();
        }
    }

    @Test
    void columnSumsMatchReferenceWithAlphaBeta() {
        int[][] shapes = {{1, 1}, {7, 33}, {100, 50}, {100, 10}, {785, 10}, {1000, 785}, {3, 65}};
        for (int[] s : shapes) {
            int r = s[0];
            int c = s[1];
            float[] a = random(r * c, -1, 1);
            Placed pa = new Placed(a, r, c, true);
            for (float[] ab : new float[][] {{1f, 0f}, {-0.1f, 1f}}) {
                float[] old = ab[1] == 0 ? nan(c) : random(c, -1, 1);
                Placed out = new Placed(old, 1, c, true);
                be.columnSums(ab[0], pa.m, ab[1], out.m);
                float[] got = out.get();
                for (int j = 0; j < c; j++) {
                    double sum = 0;
                    double abs = 0;
                    for (int i = 0; i < r; i++) {
                        sum += a[i * c + j];
                        abs += Math.abs(a[i * c + j]);
                    }
                    double want = ab[0] * sum + (ab[1] == 0 ? 0 : ab[1] * (double) old[j]);
                    double err = Math.abs(got[j] - want);
                    double prev = ab[1] == 0 ? 0 : Math.abs(ab[1] * old[j]); // old is NaN when beta is 0
                    assertTrue(err <= 1e-5 * (Math.abs(ab[0]) * abs + prev) + 1e-7, "columnSums " + r + "x"
                            + c + " column " + j + " alpha " + ab[0] + " beta " + ab[1] + ": got " + got[j] + ", want " + want);
                    record("columnSums abs", err);
                    record("columnSums err/sum|a|", err / Math.max(abs, 1e-30));
                }
                out.close();
            }
            pa.close();
        }
    }

    @Test
    void rowArgmaxTakesFirstMaximumAndNaN() {
        for (int[] s : SHAPES) {
            int r = s[0];
            int c = s[1];
            float[] a = random(r * c, 0, 1);
            for (int i = 0; i < a.length; i++) {
                a[i] = Math.round(a[i] * 3) / 3f; // many ties
            }
            if (r > 2 && c > 2) {
                a[c + 2] = Float.NaN; // row 1: NaN wins
                a[2 * c] = Float.NaN; // row 2: NaN first
            }
            int[] got = argmax(a, r, c);
            for (int i = 0; i < r; i++) {
                assertEquals(Reference.argmax(a, i, c), got[i], "rowArgmax " + r + "x" + c + " row " + i);
            }
        }
    }

    private int[] argmax(float[] a, int r, int c) {
        Placed pa = new Placed(a, r, c, true);
        DeviceInts all = be.allocateInts(r + 4);
        be.upload(new int[r + 4], 0, all);
        be.rowArgmax(pa.m, all.slice(3, r));
        int[] got = new int[r + 4];
        be.download(all, got, 0);
        assertEquals(0, got[2], "before the view");
        assertEquals(0, got[r + 3], "after the view");
        pa.close();
        all.close();
        return java.util.Arrays.copyOfRange(got, 3, r + 3);
    }

    @Test
    void accumulateMetricsAddsAcrossCallsAndIsReproducible() {
        int[][] shapes = {{1, 10}, {100, 10}, {785, 10}, {1000, 7}, {5000, 10}};
        for (int[] s : shapes) {
            int r = s[0];
            int c = s[1];
            float[] a = random(r * c, 0, 1);
            int[] y = labels(r, c);
            for (int i = 0; i < r; i += 3) {
                y[i] = Reference.argmax(a, i, c); // about a third correct, plus chance
            }
            double sse = 0;
            int hits = 0;
            for (int i = 0; i < r; i++) {
                for (int j = 0; j < c; j++) {
                    double d = a[i * c + j] - (y[i] == j ? 1.0 : 0.0);
                    sse += d * d;
                }
                hits += Reference.argmax(a, i, c) == y[i] ? 1 : 0;
            }
            Placed pa = new Placed(a, r, c, true);
            DeviceInts labels = ints(y);
            Placed metrics = new Placed(new float[] {0.5f, 2f}, 1, 2, true);
            be.accumulateMetrics(pa.m, labels, metrics.m);
            float[] once = metrics.get();
            be.accumulateMetrics(pa.m, labels, metrics.m);
            float[] twice = metrics.get();
            double err = Math.abs(once[0] - (0.5 + sse));
            assertTrue(err <= 1e-5 * sse + 1e-6, "metrics sse " + r + "x" + c + ": got " + once[0] + ", want " + (0.5 + sse));
            assertEquals(2 + hits, once[1], "metrics correct count " + r + "x" + c);
            assertEquals(2 + 2 * hits, twice[1], "metrics accumulate across calls");
            assertTrue(Math.abs(twice[0] - (0.5 + 2 * sse)) <= 2e-5 * sse + 1e-6, "sse accumulates");
            record("metrics sse relative", err / sse);
            // Fixed-order reduction: the same batch gives bit-identical sums every time.
            Placed again = new Placed(new float[] {0.5f, 2f}, 1, 2, false);
            be.accumulateMetrics(pa.m, labels, again.m);
            assertArrayEquals(once, again.get(), "metrics are reproducible");
            pa.close();
            labels.close();
            metrics.close();
            again.close();
        }
    }

    @Test
    void gatherRowsAndIntsCopyExactlyThroughViews() {
        int rows = 785;
        int cols = 33;
        float[] data = random(rows * cols, -1, 1);
        Placed src = new Placed(data, rows, cols, true);
        int[] labelsHost = labels(rows, 10);
        DeviceInts labelsAll = ints(new int[rows + 5]);
        be.upload(labelsHost, 0, labelsAll.slice(5, rows));
        DeviceInts labels = labelsAll.slice(5, rows);
        int[] idx = new int[100];
        for (int i = 0; i < idx.length; i++) {
            idx[i] = rnd.nextInt(rows);
        }
        idx[0] = rows - 1;
        DeviceInts idxAll = ints(new int[idx.length + 1]);
        be.upload(idx, 0, idxAll.slice(1, idx.length));
        Placed dst = new Placed(new float[idx.length * cols], idx.length, cols, true);
        be.gatherRows(src.m, idxAll.slice(1, idx.length), dst.m);
        float[] got = dst.get();
        DeviceInts y = be.allocateInts(idx.length);
        be.gatherInts(labels, idxAll.slice(1, idx.length), y);
        int[] gotY = new int[idx.length];
        be.download(y, gotY, 0);
        for (int i = 0; i < idx.length; i++) {
            for (int j = 0; j < cols; j++) {
                assertEquals(data[idx[i] * cols + j], got[i * cols + j], "gatherRows row " + i + " col " + j);
            }
            assertEquals(labelsHost[idx[i]], gotY[i], "gatherInts element " + i);
        }
        src.close();
        labelsAll.close();
        idxAll.close();
        dst.close();
        y.close();
    }

    @Test
    void fillAndTransfersHonorViewsAndHostOffsets() {
        Placed p = new Placed(random(7 * 33, -1, 1), 7, 33, true);
        be.fill(p.m, -3.5f);
        for (float v : p.get()) {
            assertEquals(-3.5f, v);
        }
        float[] host = random(10 + 2 * 33, -1, 1);
        be.upload(host, 10, p.m.rowSlice(5, 2));
        float[] back = new float[4 + 2 * 33];
        be.download(p.m.rowSlice(5, 2), back, 4);
        for (int i = 0; i < 2 * 33; i++) {
            assertEquals(host[10 + i], back[4 + i], "round trip element " + i);
        }
        float[] all = p.get();
        assertEquals(-3.5f, all[5 * 33 - 1], "row before the uploaded slice keeps its value");
        p.close();
    }
}
