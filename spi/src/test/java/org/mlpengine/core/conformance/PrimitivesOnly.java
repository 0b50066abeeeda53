package org.mlpengine.core.conformance;

import org.mlpengine.core.backend.Backend;
import org.mlpengine.core.backend.DeviceInfo;
import org.mlpengine.core.backend.DeviceInts;
import org.mlpengine.core.backend.DeviceMatrix;

/**
 * A backend seen without its fused ops: every primitive goes to the wrapped backend, the fused ops run as the
 * SPI's default compositions of those primitives. Lets a test compare a step with and without a backend's
 * fused overrides (launch counts, results) on the same device and matrices. Also the base of test backends that
 * wrap a real one to change a few ops (e.g. a fault-injecting backend).
 */
public class PrimitivesOnly implements Backend {
    protected final Backend inner;

    public PrimitivesOnly(Backend inner) {
        this.inner = inner;
    }

    @Override
    public String name() {
        return inner.name();
    }

    @Override
    public DeviceInfo device() {
        return inner.device();
    }

    @Override
    public DeviceMatrix allocate(int rows, int cols) {
        return inner.allocate(rows, cols);
    }

    @Override
    public DeviceInts allocateInts(int length) {
        return inner.allocateInts(length);
    }

    @Override
    public void upload(float[] src, int srcOffset, DeviceMatrix dst) {
        inner.upload(src, srcOffset, dst);
    }

    @Override
    public void download(DeviceMatrix src, float[] dst, int dstOffset) {
        inner.download(src, dst, dstOffset);
    }

    @Override
    public void upload(int[] src, int srcOffset, DeviceInts dst) {
        inner.upload(src, srcOffset, dst);
    }

    @Override
    public void download(DeviceInts src, int[] dst, int dstOffset) {
        inner.download(src, dst, dstOffset);
    }

    @Override
    public void fill(DeviceMatrix m, float value) {
        inner.fill(m, value);
    }

    @Override
    public void synchronize() {
        inner.synchronize();
    }

    @Override
    public void gemm(boolean transA, boolean transB, float alpha, DeviceMatrix a, DeviceMatrix b, float beta,
                     DeviceMatrix c) {
        inner.gemm(transA, transB, alpha, a, b, beta, c);
    }

    @Override
    public void biasSigmoid(DeviceMatrix z, DeviceMatrix bias, DeviceMatrix out) {
        inner.biasSigmoid(z, bias, out);
    }

    @Override
    public void sigmoidBackward(DeviceMatrix delta, DeviceMatrix a, DeviceMatrix out) {
        inner.sigmoidBackward(delta, a, out);
    }

    @Override
    public void mseOutputDelta(DeviceMatrix a, DeviceInts labels, DeviceMatrix out) {
        inner.mseOutputDelta(a, labels, out);
    }

    @Override
    public void columnSums(float alpha, DeviceMatrix a, float beta, DeviceMatrix out) {
        inner.columnSums(alpha, a, beta, out);
    }

    @Override
    public void rowArgmax(DeviceMatrix a, DeviceInts out) {
        inner.rowArgmax(a, out);
    }

    @Override
    public void accumulateMetrics(DeviceMatrix a, DeviceInts labels, DeviceMatrix metrics) {
        inner.accumulateMetrics(a, labels, metrics);
    }

    @Override
    public void gatherRows(DeviceMatrix src, DeviceInts indices, DeviceMatrix dst) {
        inner.gatherRows(src, indices, dst);
    }

    @Override
    public void gatherInts(DeviceInts src, DeviceInts indices, DeviceInts dst) {
        inner.gatherInts(src, indices, dst);
    }

    /** Closes the wrapped backend. */
    @Override
    public void close() {
        inner.close();
    }
}
