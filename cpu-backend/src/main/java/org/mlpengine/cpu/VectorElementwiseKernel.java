package org.mlpengine.cpu;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * The element-wise ops on the Vector API, one vector of the preferred width at a time, the scalar loops of
 * {@link ActivationOps} and {@link ReductionOps} taking each tail. Loaded only when {@code jdk.incubator.vector}
 * is present.
 */
final class VectorElementwiseKernel implements ElementwiseKernel {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int L = S.length();

    /** {@link Sigmoid#of} lane by lane: the same operations in the same order (in the loop: C2 inlines nothing else here). */
    @Override
    public void sigmoid(float[] v, int off, int count) {
        int j = 0;
        for (; j <= count - L; j += L) {
            FloatVector x = FloatVector.fromArray(S, v, off + j).neg().max(Sigmoid.X_MIN).min(Sigmoid.X_MAX);
            FloatVector shifted = x.fma(Sigmoid.LOG2E, Sigmoid.ROUND);
            FloatVector n = shifted.sub(Sigmoid.ROUND);
            FloatVector r = n.fma(FloatVector.broadcast(S, -Sigmoid.LN2_HI), x);
            r = n.fma(FloatVector.broadcast(S, -Sigmoid.LN2_LO), r);
            FloatVector p = r.fma(Sigmoid.P0, Sigmoid.P1);
            p = p.fma(r, FloatVector.broadcast(S, Sigmoid.P2));
            p = p.fma(r, FloatVector.broadcast(S, Sigmoid.P3));
            p = p.fma(r, FloatVector.broadcast(S, Sigmoid.P4));
            p = p.fma(r, FloatVector.broadcast(S, Sigmoid.P5));
            p = p.fma(r.mul(r), r).add(1f);
            IntVector bits = shifted.reinterpretAsInts().sub(Sigmoid.BIAS_SHIFT).lanewise(VectorOperators.LSHL, 23);
            FloatVector scale = bits.reinterpretAsFloats();
            FloatVector.broadcast(S, 1f).div(p.mul(scale).add(1f)).intoArray(v, off + j);
        }
        ActivationOps.sigmoidRange(v, off, j, count);
    }

    @Override
    public void addBias(float[] z, int zOff, float[] bias, int bOff, float[] out, int oOff, int rows, int cols) {
        for (int i = 0; i < rows; i++) {
            int zi = zOff + i * cols;
            int oi = oOff + i * cols;
            int j = 0;
            for (; j <= cols - L; j += L) {
                FloatVector.fromArray(S, z, zi + j).add(FloatVector.fromArray(S, bias, bOff + j)).intoArray(out, oi + j);
            }
            ActivationOps.addBiasRange(z, zi, bias, bOff, out, oi, j, cols);
        }
    }

    @Override
    public void sigmoidBackward(float[] d, int dOff, float[] a, int aOff, float[] out, int oOff, int size) {
        FloatVector one = FloatVector.broadcast(S, 1f);
        int i = 0;
        for (; i <= size - L; i += L) {
            FloatVector x = FloatVector.fromArray(S, a, aOff + i);
            FloatVector.fromArray(S, d, dOff + i).mul(x).mul(one.sub(x)).intoArray(out, oOff + i);
        }
        ActivationOps.sigmoidBackwardRange(d, dOff, a, aOff, out, oOff, i, size);
    }

    @Override
    public void columnSums(float alpha, float[] a, int aOff, int rows, int cols, float beta, float[] out, int oOff) {
        FloatVector alphaV = FloatVector.broadcast(S, alpha);
        int j = 0;
        for (; j <= cols - L; j += L) { // L columns at a time, each still summed top to bottom
            FloatVector sum = FloatVector.zero(S);
            for (int i = 0; i < rows; i++) {
                sum = sum.add(FloatVector.fromArray(S, a, aOff + i * cols + j));
            }
            FloatVector old = beta == 0 ? FloatVector.zero(S) : FloatVector.fromArray(S, out, oOff + j).mul(beta);
            sum.fma(alphaV, old).intoArray(out, oOff + j);
        }
        ReductionOps.columnSumsRange(alpha, a, aOff, rows, cols, beta, out, oOff, j, cols);
    }
}
