package org.mlpengine.cpu;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The vector kernel's element-wise ops and column sums give the scalar kernel's bits (the definition), on
 * shapes around the vector width, at offsets, with zeros of both signs among the inputs.
 */
class ElementwiseKernelTest {
    private static final ElementwiseKernel SCALAR = new ScalarElementwiseKernel();
    private static ElementwiseKernel vector;

    @BeforeAll
    static void vectorKernel() {
        KernelChoice best = KernelChoice.best();
        vector = best.elementwise();
        assumeTrue(vector instanceof VectorElementwiseKernel, "no Vector API kernel in this JVM: " + best.describe());
    }

    @ParameterizedTest(name = "{0}x{1}")
    @CsvSource({"1,1", "3,10", "7,16", "5,17", "100,50", "13,33", "2,64", "9,100"})
    void addBiasMatchesTheScalarKernel(int rows, int cols) {
        Random rnd = new Random(rows * 131L + cols);
        float[] z = values(rnd, 3 + rows * cols);
        float[] bias = values(rnd, 5 + cols);
        float[] expected = values(rnd, 2 + rows * cols);
        float[] actual = expected.clone();
        SCALAR.addBias(z, 3, bias, 5, expected, 2, rows, cols);
        vector.addBias(z, 3, bias, 5, actual, 2, rows, cols);
        assertArrayEquals(expected, actual);
    }

    @ParameterizedTest(name = "{0}x{1}")
    @CsvSource({"1,1", "3,10", "7,16", "5,17", "100,50", "13,33", "2,64", "9,100"})
    void sigmoidBackwardMatchesTheScalarKernel(int rows, int cols) {
        Random rnd = new Random(rows * 7L + cols);
        int size = rows * cols;
        float[] d = values(rnd, 1 + size);
        float[] a = values(rnd, 4 + size);
        float[] expected = values(rnd, 6 + size);
        float[] actual = expected.clone();
        SCALAR.sigmoidBackward(d, 1, a, 4, expected, 6, size);
        vector.sigmoidBackward(d, 1, a, 4, actual, 6, size);
        assertArrayEquals(expected, actual);
        float[] inPlace = d.clone(); // out may be delta
        vector.sigmoidBackward(inPlace, 1, a, 4, inPlace, 1, size);
        assertArrayEquals(java.util.Arrays.copyOfRange(expected, 6, 6 + size),
                java.util.Arrays.copyOfRange(inPlace, 1, 1 + size));
    }

    @ParameterizedTest(name = "{0}x{1}, beta {2}")
    @CsvSource({"1,1,0", "3,10,1", "7,16,0", "5,17,1", "100,50,0", "100,50,1", "13,33,0.5", "2,64,1", "9,100,0"})
    void columnSumsMatchTheScalarKernel(int rows, int cols, float beta) {
        Random rnd = new Random(rows * 17L + cols);
        float[] a = values(rnd, 2 + rows * cols);
        float[] expected = values(rnd, 3 + cols);
        expected[3] = Float.NaN; // ignored when beta is 0
        float[] actual = expected.clone();
        SCALAR.columnSums(-0.1f, a, 2, rows, cols, beta, expected, 3);
        vector.columnSums(-0.1f, a, 2, rows, cols, beta, actual, 3);
        assertArrayEquals(expected, actual);
    }

    /** Values in [-1, 1], with a few exact zeros of either sign (where mul and fma round the sign apart). */
    private static float[] values(Random rnd, int n) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            int pick = rnd.nextInt(16);
            v[i] = pick == 0 ? 0f : pick == 1 ? -0f : rnd.nextFloat() * 2 - 1;
        }
        return v;
    }
}
