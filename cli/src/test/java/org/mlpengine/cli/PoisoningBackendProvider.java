package org.mlpengine.cli;

import org.mlpengine.core.backend.Availability;
import org.mlpengine.core.backend.Backend;
import org.mlpengine.core.backend.BackendOptions;
import org.mlpengine.core.backend.BackendProvider;
import org.mlpengine.core.backend.Backends;
import org.mlpengine.core.backend.DeviceInts;
import org.mlpengine.core.backend.DeviceMatrix;
import org.mlpengine.core.conformance.PrimitivesOnly;

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

    /** The CPU backend with every op forwarded, fused ones included, and one poisoned update. */
    private static final class Poisoning extends PrimitivesOnly {
        private final long poisonAt;
        private long updates;

        Poisoning(Backend cpu, long poisonAt) {
            super(cpu);
            this.poisonAt = poisonAt;
        }

        @Override
        public String name() {
            return NAME;
        }

        @Override
        public void sgdUpdate(float learningRate, DeviceMatrix delta, DeviceMatrix input, DeviceMatrix w,
                              DeviceMatrix bias) {
            inner.sgdUpdate(learningRate, delta, input, w, bias);
            if (++updates == poisonAt) {
                float[] host = new float[w.rows() * w.cols()];
                inner.download(w, host, 0);
                host[host.length / 2] = Float.NaN;
                inner.upload(host, 0, w);
            }
        }

        @Override
        public void linearSigmoid(DeviceMatrix x, DeviceMatrix w, DeviceMatrix bias, DeviceMatrix out) {
            inner.linearSigmoid(x, w, bias, out);
        }

        @Override
        public void backpropSigmoid(DeviceMatrix delta, DeviceMatrix w, DeviceMatrix a, DeviceMatrix out) {
            inner.backpropSigmoid(delta, w, a, out);
        }

        @Override
        public void gatherBatch(DeviceMatrix srcX, DeviceInts srcY, DeviceInts indices, DeviceMatrix dstX,
                                DeviceInts dstY) {
            inner.gatherBatch(srcX, srcY, indices, dstX, dstY);
        }
    }
}
