package org.mlpengine.cpu;

/**
 * The element-wise ops and column sums of a training step, one implementation per instruction set. Every
 * implementation performs the roundings of the plain loops in {@link ActivationOps} and {@link ReductionOps}, in
 * their order, so a result does not depend on which kernel computed it.
 */
interface ElementwiseKernel {
    /** {@code x[off+j] = sigmoid(x[off+j])} for j below count, in place, by {@link Sigmoid}'s formula. */
    void sigmoid(float[] x, int off, int count);

    /** {@code out = z + bias} for a {@code rows x cols} block, bias a row broadcast over rows; out may be z. */
    void addBias(float[] z, int zOff, float[] bias, int bOff, float[] out, int oOff, int rows, int cols);

    /** {@code out = (delta * a) * (1 - a)} for {@code size} elements; out may be delta. */
    void sigmoidBackward(float[] d, int dOff, float[] a, int aOff, float[] out, int oOff, int size);

    /**
     * {@code out[j] = fma(alpha, sum_j, beta == 0 ? 0 : beta * out[j])} for each column j of a {@code rows x cols}
     * block, where {@code sum_j} adds the column's rows top to bottom starting from 0.
     */
    void columnSums(float alpha, float[] a, int aOff, int rows, int cols, float beta, float[] out, int oOff);
}
