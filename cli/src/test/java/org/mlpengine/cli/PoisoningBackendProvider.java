package org.mlpengine.cli;

import org.mlpengine.core.backend.Availability;
import org.mlpengine.core.backend.Backend;
import org.mlpengine.core.backend.BackendOptions;
import org.mlpengine.core.backend.BackendProvider;
import org.mlpengine.core.backend.Backends;
import org.mlpengine.core.backend.DeviceInfo;
import org.mlpengine.core.backend.DeviceInts;
import org.mlpengine.core.backend.DeviceMatrix;

/**
 * A fault-injecting backend for child-process tests, {@value #NAME}: the CPU backend (every op, fused ones
 * included, delegated), except that the layer update number {@code -Dpoison.update=N} (1-based, counting
 * {@code sgdUpdate} calls) writes a NaN into the updated weights, as a numerical blow-up would. It is registered only
 * by a {@code META-INF/services} file that the test writes into a folder on the child's class path, so the
 * other tests never see it.
 */
public final class PoisoningBackendProvider implements BackendProvider {
    public static final String NAME = "poisoned-cpu";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Availability probe() {
        return Backends.select("cpu").probe();
    }

    @Override
    public int speedRank() {
        return -1;
    }

    @Override
    public Backend open(BackendOptions options) {
        return new Poisoning(Backends.select("cpu").open(options), Long.getLong("poison.update", Long.MAX_VALUE));
    }

    private static final class Poisoning implements Backend {
        private final Backend cpu;
        private final long poisonAt;
        private long updates;

        Poisoning(Backend cpu, long poisonAt) {
            this.cpu = cpu;
            this.poisonAt = poisonAt;
        }

        @Override
        public String name() {
            return NAME;
        }

        @Override
        public DeviceInfo device() {
            return cpu.device();
        }

        @Override
        public DeviceMatrix allocate(int rows, int cols) {
            return cpu.allocate(rows, cols);
        }

        @Override
        public DeviceInts allocateInts(int length) {
            return cpu.allocateInts(length);
        }

        @Override
        public void upload(float[] src, int srcOffset, DeviceMatrix dst) {
            cpu.upload(src, srcOffset, dst);
        }

        @Override
        public void download(DeviceMatrix src, float[] dst, int dstOffset) {
            cpu.download(src, dst, dstOffset);
        }

        @Override
        public void upload(int[] src, int srcOffset, DeviceInts dst) {
            cpu.upload(src, srcOffset, dst);
        }

        @Override
        public void download(DeviceInts src, int[] dst, int dstOffset) {
            cpu.download(src, dst, dstOffset);
        }

        @Override
        public void fill(DeviceMatrix m, float value) {
            cpu.fill(m, value);
        }

        @Override
        public void synchronize() {
            cpu.synchronize();
        }

        @Override
        public void gemm(boolean transA, boolean transB, float alpha, DeviceMatrix a, DeviceMatrix b, float beta,
                         DeviceMatrix c) {
            cpu.gemm(transA, transB, alpha, a, b, beta, c);
        }

        @Override
        public void sgdUpdate(float learningRate, DeviceMatrix delta, DeviceMatrix input, DeviceMatrix w,
                              DeviceMatrix bias) {
            cpu.sgdUpdate(learningRate, delta, input, w, bias);
            if (++updates == poisonAt) {
                float[] host = new float[w.rows() * w.cols()];
                cpu.download(w, host, 0);
                host[host.length / 2] = Float.NaN;
                cpu.upload(host, 0, w);
            }
        }

        @Override
        public void linearSigmoid(DeviceMatrix x, DeviceMatrix w, DeviceMatrix bias, DeviceMatrix out) {
            cpu.linearSigmoid(x, w, bias, out);
        }

        @Override
        public void backpropSigmoid(DeviceMatrix delta, DeviceMatrix w, DeviceMatrix a, DeviceMatrix out) {
            cpu.backpropSigmoid(delta, w, a, out);
        }

        @Override
        public void gatherBatch(DeviceMatrix srcX, DeviceInts srcY, DeviceInts indices, DeviceMatrix dstX,
                                DeviceInts dstY) {
            cpu.gatherBatch(srcX, srcY, indices, dstX, dstY);
        }

        @Override
        public void biasSigmoid(DeviceMatrix z, DeviceMatrix bias, DeviceMatrix out) {
            cpu.biasSigmoid(z, bias, out);
        }

        @Override
        public void sigmoidBackward(DeviceMatrix delta, DeviceMatrix a, DeviceMatrix out) {
            cpu.sigmoidBackward(delta, a, out);
        }

        @Override
        public void mseOutputDelta(DeviceMatrix a, DeviceInts labels, DeviceMatrix out) {
            cpu.mseOutputDelta(a, labels, out);
        }

        @Override
        public void columnSums(float alpha, DeviceMatrix a, float beta, DeviceMatrix out) {
            cpu.columnSums(alpha, a, beta, out);
        }

        @Override
        public void rowArgmax(DeviceMatrix a, DeviceInts out) {
            cpu.rowArgmax(a, out);
        }

        @Override
        public void accumulateMetrics(DeviceMatrix a, DeviceInts labels, DeviceMatrix metrics) {
            cpu.accumulateMetrics(a, labels, metrics);
        }

        @Override
        public void gatherRows(DeviceMatrix src, DeviceInts indices, DeviceMatrix dst) {
            cpu.gatherRows(src, indices, dst);
        }

        @Override
        public void gatherInts(DeviceInts src, DeviceInts indices, DeviceInts dst) {
            cpu.gatherInts(src, indices, dst);
        }

        @Override
        public void close() {
            cpu.close();
        }
    }
}
