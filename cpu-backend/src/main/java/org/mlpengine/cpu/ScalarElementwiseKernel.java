package org.mlpengine.cpu;

/** The element-wise ops without the Vector API: {@link ActivationOps}' and {@link ReductionOps}' plain loops. */
final class ScalarElementwiseKernel implements ElementwiseKernel {
    @Override
    public void sigmoid(float[] x, int off, int count) {
        ActivationOps.sigmoidRange(x, off, 0, count);
    }

    @Override
    public void addBias(float[] z, int zOff, float[] bias, int bOff, float[] out, int oOff, int rows, int cols) {
        for (int i = 0; i < rows; i++) {
            ActivationOps.addBiasRange(z, zOff + i * cols, bias, bOff, out, oOff + i * cols, 0, cols);
        }
    }

    @Override
    public void sigmoidBackward(float[] d, int dOff, float[] a, int aOff, float[] out, int oOff, int size) {
        ActivationOps.sigmoidBackwardRange(d, dOff, a, aOff, out, oOff, 0, size);
    }

    @Override
    public void columnSums(float alpha, float[] a, int aOff, int rows, int cols, float beta, float[] out, int oOff) {
        ReductionOps.columnSumsRange(alpha, a, aOff, rows, cols, beta, out, oOff, 0, cols);
    }
}
