package org.mlpengine.opencl;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.mlpengine.core.backend.DeviceInts;
import org.mlpengine.core.backend.DeviceMatrix;
import org.mlpengine.gpu.GpuBackend;
import org.mlpengine.gpu.GpuSelfCheck;
import org.mlpengine.kernels.Dialect;
import org.mlpengine.kernels.KernelConstants;
import org.mlpengine.kernels.KernelSources;

/**
 * The shared GPU op layer's own logic, run on PoCL so that everything the CUDA backend does except its driver calls
 * is exercised here: row chunks past the grid's y limit (CUDA's is 65535 blocks), empty views, the self-check probes
 * run.
 */
class GpuLayerTest {

    private static OpenClDevice device() {
        OpenClTestBackend.openOrSkip().close();
        return OpenClBackendProvider.probeOnce().devices().get(0);
    }

    /** Runs {@code ops} on a backend without a grid limit and on one allowed {@code maxGroupsY} blocks along y. */
    private static void assertChunkedEqualsWhole(int maxGroupsY, int expectedLaunchesPerOp, Consumer<Run> ops) {
        OpenClDevice d = device();
        OpenClDriver limited = new OpenClDriver(d, 0);
        try (GpuBackend whole = new GpuBackend(new OpenClDriver(d, 0));
             GpuBackend chunked = new GpuBackend(limited, limited.limits().withMaxGroupsY(maxGroupsY))) {
            Run a = new Run(whole);
            Run b = new Run(chunked);
            ops.accept(a);
            ops.accept(b);
            assertEquals(a.outputs.size(), b.outputs.size());
            for (int i = 0; i < a.outputs.size(); i++) {
                assertArrayEquals(a.outputs.get(i), b.outputs.get(i), "output " + i + " bit for bit");
            }
            assertEquals(a.ops * expectedLaunchesPerOp, chunked.launches(), "launches in row chunks");
            assertEquals(a.ops, whole.launches(), "one launch per op without a limit");
        }
    }

    /** One backend's inputs (the same seeded values on each) and downloaded outputs. */
    private static final class Run {
        final GpuBackend be;
        final SplittableRandom rnd = new SplittableRandom(11);
        final java.util.List<float[]> outputs = new java.util.ArrayList<>();
        int ops;

        Run(GpuBackend be) {
            this.be = be;
        }

        DeviceMatrix random(int rows, int cols) {
            float[] x = new float[rows * cols];
            for (int i = 0; i < x.length; i++) {
                x[i] = (float) (rnd.nextDouble() * 2 - 1);
            }
            DeviceMatrix m = be.allocate(rows, cols);
            be.upload(x, 0, m);
            return m;
        }

        void keep(DeviceMatrix m) {
            float[] x = new float[(int) m.size()];
            be.download(m, x, 0);
            outputs.add(x);
            ops++;
        }
    }

    @Test
    void gemmsTallerThanTheGridRunInRowChunksWithTheSameBits() {
        // 100 rows on 32-row tiles = 4 blocks along y; a limit of 2 makes two launches per op.
        assertChunkedEqualsWhole(2, 2, r -> {
            DeviceMatrix a = r.random(100, 45);
            DeviceMatrix at = r.random(45, 100);
            DeviceMatrix b = r.random(45, 21);
            DeviceMatrix bt = r.random(21, 45);
            for (boolean ta : new boolean[] {false, true}) {
                for (boolean tb : new boolean[] {false, true}) {
                    DeviceMatrix c = r.random(100, 21);
                    r.be.gemm(ta, tb, 0.5f, ta ? at : a, tb ? bt : b, 0.25f, c);
                    r.keep(c);
                }
            }
        });
    }

    @Test
    void fusedLayerKernelsRunInRowChunksWithTheSameBits() {
        assertChunkedEqualsWhole(2, 2, r -> {
            DeviceMatrix x = r.random(100, 45);
            DeviceMatrix w = r.random(21, 45);
            DeviceMatrix bias = r.random(1, 21);
            DeviceMatrix out = r.be.allocate(100, 21);
            r.be.linearSigmoid(x, w, bias, out);
            r.keep(out);
            DeviceMatrix delta = r.random(100, 21);
            DeviceMatrix act = r.random(100, 45);
            DeviceMatrix back = r.be.allocate(100, 45);
            r.be.backpropSigmoid(delta, w, act, back);
            r.keep(back);
            // sgdUpdate's rows are the weights' rows: 70 of them, 3 blocks along y, chunks of 2 and 1 blocks.
            DeviceMatrix d = r.random(33, 70);
            DeviceMatrix input = r.random(33, 45);
            DeviceMatrix wt = r.random(70, 45);
            DeviceMatrix b70 = r.random(1, 70);
            r.be.sgdUpdate(0.1f, d, input, wt, b70);
            r.keep(wt);
            r.keep(b70);
            r.ops--; // two outputs, one launch per chunk
        });
    }

    @Test
    void emptyViewsLaunchNothingAndTouchNothing() {
        try (GpuBackend be = OpenClTestBackend.openOrSkip()) {
            DeviceMatrix m = be.allocate(4, 3);
            be.fill(m, 2f);
            DeviceMatrix none = m.rowSlice(2, 0);
            DeviceMatrix w = be.allocate(3, 3);
            DeviceMatrix bias = be.allocate(1, 3);
            DeviceInts ints = be.allocateInts(4);
            DeviceInts noInts = ints.slice(1, 0);
            long before = be.launches();
            be.gemm(false, false, 1f, none, w, 0f, be.allocate(4, 3).rowSlice(0, 0));
            be.biasSigmoid(none, bias, none);
            be.sigmoidBackward(none, none, none);
            be.mseOutputDelta(none, noInts, none);
            be.rowArgmax(none, noInts);
            be.accumulateMetrics(none, noInts, be.allocate(1, 2));
            be.gatherRows(m, noInts, none);
            be.gatherInts(ints, noInts, noInts);
            be.linearSigmoid(none, w, bias, be.allocate(4, 3).rowSlice(4, 0));
            be.backpropSigmoid(none, w, none, be.allocate(4, 3).rowSlice(1, 0));
            be.fill(none, 7f);
            be.upload(new float[0], 0, none);
            be.download(none, new float[0], 0);
            assertEquals(before, be.launches(), "no op over zero rows launches a kernel");
            float[] all = new float[12];
            be.download(m, all, 0);
            for (float v : all) {
                assertEquals(2f, v, "the owner's rows are untouched");
            }
            // Column sums of zero rows still apply beta: out = beta * out.
            DeviceMatrix sums = be.allocate(1, 3);
            be.fill(sums, 3f);
            be.columnSums(1f, none, 0.5f, sums);
            float[] s = new float[3];
            be.download(sums, s, 0);
            assertArrayEquals(new float[] {1.5f, 1.5f, 1.5f}, s);
        }
    }

    @Test
    void theSelfCheckPassesOnARightDeviceAndNamesTheWrongElementOtherwise() {
        try (GpuBackend be = OpenClTestBackend.openOrSkip()) {
            assertNull(GpuSelfCheck.run(be));
        }
        OpenClDevice d = device();
        KernelConstants constants;
        try (OpenClDriver driver = new OpenClDriver(d, 0)) {
            constants = driver.limits().constants();
        }
        String source = KernelSources.source(Dialect.OPENCL, constants);
        String sigmoid = "v = 1.0f / (1.0f + EXPF(-(v + E[col])));";
        assertTrue(source.contains(sigmoid), "the epilogue to break is in the source");
        String wrongSigmoid = source.replace(sigmoid, "v = 1.0f / (1.0f + EXPF(-(v - E[col])));");
        try (GpuBackend be = new GpuBackend(new OpenClDriver(d, 0, wrongSigmoid))) {
            String wrong = GpuSelfCheck.run(be);
            System.out.println("[GpuLayerTest] self-check against a wrong sigmoid epilogue: " + wrong);
            assertNotNull(wrong);
            assertTrue(wrong.matches("linearSigmoid 37x45x21: element \\(\\d+, \\d+\\) is \\S+, expected \\S+ \\(tolerance .*\\)"),
                    wrong);
        }
        String scaled = "float v = alpha * acc[w];";
        assertTrue(source.contains(scaled));
        try (GpuBackend be = new GpuBackend(new OpenClDriver(d, 0, source.replace(scaled, "float v = alpha * acc[w] * 1.01f;")))) {
            String wrong = GpuSelfCheck.run(be);
            System.out.println("[GpuLayerTest] self-check against a GEMM 1 % off: " + wrong);
            assertNotNull(wrong);
            assertTrue(wrong.startsWith("gemm 37x45x21: element (0, 0) is "), wrong);
        }
    }

    @Test
    void packingAndLaunchingAllocateNothingOnTheHeap() {
        com.sun.management.ThreadMXBean threads =
                (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
        try (GpuBackend be = OpenClTestBackend.openOrSkip()) {
            Run r = new Run(be);
            DeviceMatrix x = r.random(40, 30);
            DeviceMatrix w = r.random(20, 30);
            DeviceMatrix bias = r.random(1, 20);
            DeviceMatrix out = be.allocate(40, 20);
            DeviceMatrix sums = be.allocate(1, 20);
            long fewest = Long.MAX_VALUE;
            for (int round = 0; round < 5; round++) {
                long before = threads.getCurrentThreadAllocatedBytes();
                for (int i = 0; i < 500; i++) {
                    be.linearSigmoid(x, w, bias, out);
                    be.sigmoidBackward(out, out, out);
                    be.columnSums(1f, out, 0f, sums);
                }
                fewest = Math.min(fewest, threads.getCurrentThreadAllocatedBytes() - before);
            }
            be.synchronize();
            System.out.println("[GpuLayerTest] heap bytes for 1,500 launches (fewest of 5 rounds): " + fewest);
            // A few bytes of JIT or JNI noise at most; one array or Pointer per launch would be 24,000+ bytes.
            assertTrue(fewest < 1500, "bytes allocated by 1,500 launches: " + fewest);
        }
    }
}
