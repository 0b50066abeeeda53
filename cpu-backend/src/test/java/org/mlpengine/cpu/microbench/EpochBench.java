package org.mlpengine.cpu.microbench;

import java.util.Arrays;
import java.util.Random;
import org.mlpengine.core.backend.Backend;
import org.mlpengine.core.backend.BackendOptions;
import org.mlpengine.core.backend.DeviceInts;
import org.mlpengine.core.backend.DeviceMatrix;
import org.mlpengine.cpu.CpuBackendProvider;

/**
 * Seconds per epoch of the seed's job on the CPU backend, by hand (not a test): 550 SGD steps at batch
 * 100 of a 784-50-10 MLP (docs/ARCHITECTURE.md, "One training step"), then forward-only evaluation over 55,000 + 5,000 rows
 * in batches of {@code evalBatch}. Random data: the arithmetic is the same as on MNIST.
 *
 * <pre>java --add-modules jdk.incubator.vector -cp cpu-backend/target/classes:cpu-backend/target/test-classes:core/target/classes \
 *     org.mlpengine.cpu.microbench.EpochBench [threads] [evalBatch] [epochs]</pre>
 */
public final class EpochBench {
    /** With one thread, the caller's CPU time is the epoch's cost without the neighbours on a shared machine. */
    private static final java.lang.management.ThreadMXBean CPU = java.lang.management.ManagementFactory.getThreadMXBean();

    private static final int FEATURES = 784;
    private static final int HIDDEN = 50;
    private static final int CLASSES = 10;
    private static final int TRAIN = 55_000;
    private static final int VALID = 5_000;
    private static final int BATCH = 100;
    private static final float LR = 0.1f;
    /** With {@code -Dops=true}: the caller's CPU nanoseconds per kind of op, summed over epochs 2.. (adds about 0.5 us per op). */
    private static final boolean OPS = Boolean.getBoolean("ops");
    /** The trainer's fused ops (DeviceNetwork), unless {@code -Dunfused=true}: then one SPI op at a time, as in -Dops. */
    private static final boolean FUSED = !Boolean.getBoolean("unfused");
    private static final String[] OP_NAMES = {"gather", "fwd gemm h", "sigmoid h", "fwd gemm o", "sigmoid o",
        "mse delta", "D_o W_o", "sigmoid bwd", "W_o update", "b_o", "W_h update", "b_h", "metrics"};
    private static final long[] OP_NANOS = new long[OP_NAMES.length];
    private static long last;

    private static void mark(int op) {
        if (OPS) {
            long now = CPU.getCurrentThreadCpuTime();
            OP_NANOS[op] += now - last;
            last = now;
        }
    }

    public static void main(String[] args) {
        int threads = args.length > 0 ? Integer.parseInt(args[0]) : 0;
        int evalBatch = args.length > 1 ? Integer.parseInt(args[1]) : 100;
        int epochs = args.length > 2 ? Integer.parseInt(args[2]) : 8;
        Random rnd = new Random(123);
        try (Backend be = new CpuBackendProvider().open(new BackendOptions(0, threads))) {
            System.out.println(be.device() + ", evaluation batch " + evalBatch);
            DeviceMatrix train = upload(be, rnd, TRAIN, FEATURES, 1f);
            DeviceMatrix valid = upload(be, rnd, VALID, FEATURES, 1f);
            DeviceInts trainLabels = labels(be, rnd, TRAIN);
            DeviceInts validLabels = labels(be, rnd, VALID);
            Net net = new Net(be, rnd, Math.max(BATCH, evalBatch));
            DeviceInts order = be.allocateInts(TRAIN);
            DeviceMatrix metrics = be.allocate(1, 2);
            float[] host = new float[2];
            double[] seconds = new double[epochs];
            double[] cpuSeconds = new double[epochs];
            for (int e = 0; e < epochs; e++) {
                int[] perm = permutation(rnd, TRAIN);
                long t0 = System.nanoTime();
                long cpu0 = CPU.getCurrentThreadCpuTime();
                be.upload(perm, 0, order);
                for (int s = 0; s + BATCH <= TRAIN; s += BATCH) {
                    net.step(train, trainLabels, order.slice(s, BATCH));
                }
                be.fill(metrics, 0f);
                net.evaluate(train, trainLabels, metrics, evalBatch);
                be.download(metrics, host, 0);
                be.fill(metrics, 0f);
                net.evaluate(valid, validLabels, metrics, evalBatch);
                be.download(metrics, host, 0);
                seconds[e] = (System.nanoTime() - t0) / 1e9;
                if (e == 0) {
                    Arrays.fill(OP_NANOS, 0);
                }
                cpuSeconds[e] = (CPU.getCurrentThreadCpuTime() - cpu0) / 1e9;
                System.out.printf("epoch %d: %.3f s (calling thread's CPU time %.3f s)%n", e + 1, seconds[e], cpuSeconds[e]);
            }
            double[] steady = Arrays.copyOfRange(seconds, 1, epochs);
            Arrays.sort(steady);
            double[] steadyCpu = Arrays.copyOfRange(cpuSeconds, 1, epochs);
            Arrays.sort(steadyCpu);
            if (OPS) {
                for (int op = 0; op < OP_NAMES.length; op++) {
                    System.out.printf("  %-12s %7.1f ms per epoch%n", OP_NAMES[op], OP_NANOS[op] / 1e6 / (epochs - 1));
                }
            }
            System.out.printf("median of epochs 2..%d: %.3f s (min %.3f, max %.3f); calling thread's CPU %.3f s%n", epochs,
                    steady[steady.length / 2], steady[0], steady[steady.length - 1], steadyCpu[steadyCpu.length / 2]);
        }
    }

    /** The 784-50-10 MLP's parameters and buffers, and the step of docs/ARCHITECTURE.md ("One training step"). */
    private static final class Net {
        final Backend be;
        final DeviceMatrix wH;
        final DeviceMatrix bH;
        final DeviceMatrix wO;
        final DeviceMatrix bO;
        final DeviceMatrix x;
        final DeviceInts y;
        final DeviceMatrix aH;
        final DeviceMatrix aO;
        final DeviceMatrix dO;
        final DeviceMatrix dH;

        Net(Backend be, Random rnd, int rows) {
            this.be = be;
            wH = upload(be, rnd, HIDDEN, FEATURES, 0.1f);
            bH = be.allocate(1, HIDDEN);
            wO = upload(be, rnd, CLASSES, HIDDEN, 0.1f);
            bO = be.allocate(1, CLASSES);
            x = be.allocate(BATCH, FEATURES);
            y = be.allocateInts(BATCH);
            aH = be.allocate(rows, HIDDEN);
            aO = be.allocate(rows, CLASSES);
            dO = be.allocate(BATCH, CLASSES);
            dH = be.allocate(BATCH, HIDDEN);
        }

        void forward(DeviceMatrix in, DeviceMatrix hidden, DeviceMatrix out) {
            if (FUSED) {
                be.linearSigmoid(in, wH, bH, hidden);
                mark(1);
                be.linearSigmoid(hidden, wO, bO, out);
                mark(3);
                return;
            }
            be.gemm(false, true, 1, in, wH, 0, hidden);
            mark(1);
            be.biasSigmoid(hidden, bH, hidden);
            mark(2);
            be.gemm(false, true, 1, hidden, wO, 0, out);
            mark(3);
            be.biasSigmoid(out, bO, out);
            mark(4);
        }

        void step(DeviceMatrix data, DeviceInts labels, DeviceInts idx) {
            DeviceMatrix hidden = aH.rowSlice(0, BATCH);
            DeviceMatrix out = aO.rowSlice(0, BATCH);
            mark(0);
            if (FUSED) {
                be.gatherBatch(data, labels, idx, x, y);
                mark(0);
                forward(x, hidden, out);
                be.mseOutputDelta(out, y, dO);
                mark(5);
                be.backpropSigmoid(dO, wO, hidden, dH);
                mark(6);
                be.sgdUpdate(LR, dO, hidden, wO, bO);
                mark(8);
                be.sgdUpdate(LR, dH, x, wH, bH);
                mark(10);
                return;
            }
            be.gatherRows(data, idx, x);
            be.gatherInts(labels, idx, y);
            mark(0);
            forward(x, hidden, out);
            be.mseOutputDelta(out, y, dO);
            mark(5);
            be.gemm(false, false, 1, dO, wO, 0, dH);
            mark(6);
            be.sigmoidBackward(dH, hidden, dH);
            mark(7);
            be.gemm(true, false, -LR, dO, hidden, 1, wO);
            mark(8);
            be.columnSums(-LR, dO, 1, bO);
            mark(9);
            be.gemm(true, false, -LR, dH, x, 1, wH);
            mark(10);
            be.columnSums(-LR, dH, 1, bH);
            mark(11);
        }

        void evaluate(DeviceMatrix data, DeviceInts labels, DeviceMatrix metrics, int batch) {
            for (int s = 0; s < data.rows(); s += batch) {
                int n = Math.min(batch, data.rows() - s);
                DeviceMatrix out = aO.rowSlice(0, n);
                mark(12);
                forward(data.rowSlice(s, n), aH.rowSlice(0, n), out);
                be.accumulateMetrics(out, labels.slice(s, n), metrics);
                mark(12);
            }
        }
    }

    static DeviceMatrix upload(Backend be, Random rnd, int rows, int cols, float scale) {
        float[] v = new float[rows * cols];
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) (rnd.nextGaussian() * scale);
        }
        DeviceMatrix m = be.allocate(rows, cols);
        be.upload(v, 0, m);
        return m;
    }

    private static DeviceInts labels(Backend be, Random rnd, int n) {
        int[] v = new int[n];
        for (int i = 0; i < n; i++) {
            v[i] = rnd.nextInt(CLASSES);
        }
        DeviceInts d = be.allocateInts(n);
        be.upload(v, 0, d);
        return d;
    }

    private static int[] permutation(Random rnd, int n) {
        int[] p = new int[n];
        for (int i = 0; i < n; i++) {
            p[i] = i;
        }
        for (int i = n - 1; i > 0; i--) {
            int j = rnd.nextInt(i + 1);
            int t = p[i];
            p[i] = p[j];
            p[j] = t;
        }
        return p;
    }
}
