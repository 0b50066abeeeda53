package org.mlpengine.core.reference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The oracle checked by other means than the code it checks: {@link ReferenceMlp#backward} (the seed's
 * back-propagation, written with the same ops as the backends' step) against central finite differences of
 * {@link ReferenceMlp#loss}, for every weight and bias of networks with one, two and three hidden layers. A
 * dropped factor (the 2, the 1/n, a sigmoid derivative), a transposed product or a wrong layer's activation
 * is an error of the gradient's own size; central differences in double are good to about 1e-9 of it.
 */
class ReferenceMlpGradientTest {
    /** Relative to the largest gradient element of the same tensor. */
    private static final double TOLERANCE = 1e-6;
    private static final double H = 1e-5;
    private static final int ROWS = 8;

    @ParameterizedTest(name = "layers {0}")
    @ValueSource(strings = {"5,4,3", "6,5,4,3", "7,6,5,4,3"})
    void backwardIsTheLossGradient(String layers) {
        int[] sizes = java.util.Arrays.stream(layers.split(",")).mapToInt(Integer::parseInt).toArray();
        Random rnd = new Random(layers.hashCode());
        int n = sizes.length - 1;
        DoubleMatrix[] w = new DoubleMatrix[n];
        DoubleMatrix[] b = new DoubleMatrix[n];
        for (int l = 0; l < n; l++) {
            // Weights large enough that the first layer's gradient does not vanish through three sigmoid layers.
            w[l] = gaussian(rnd, sizes[l + 1], sizes[l], 1.0);
            b[l] = gaussian(rnd, 1, sizes[l + 1], 0.5);
        }
        ReferenceMlp mlp = new ReferenceMlp(w, b);
        DoubleMatrix x = gaussian(rnd, ROWS, sizes[0], 1.0);
        int classes = sizes[n];
        int[] labels = new int[ROWS];
        for (int i = 0; i < ROWS; i++) {
            labels[i] = rnd.nextInt(classes);
        }
        ReferenceMlp.Gradients g = mlp.backward(x, mlp.forward(x), labels);
        assertEquals(n, g.dWeights().length);
        double worst = 0;
        for (int l = 0; l < n; l++) {
            worst = Math.max(worst, check("layer " + (l + 1) + " weights", mlp, mlp.weight(l), g.dWeights()[l], x, labels));
            worst = Math.max(worst, check("layer " + (l + 1) + " bias", mlp, mlp.bias(l), g.dBiases()[l], x, labels));
        }
        System.out.printf("[reference gradient] layers %s: largest error %.2e of the largest gradient element%n",
                layers, worst);
    }

    /** Compares every element of {@code grad} with a central difference of the loss in {@code param}. */
    private static double check(String what, ReferenceMlp mlp, DoubleMatrix param, DoubleMatrix grad, DoubleMatrix x,
                                int[] labels) {
        assertEquals(param.data.length, grad.data.length, what + ": gradient shape");
        double largest = 0;
        for (double v : grad.data) {
            largest = Math.max(largest, Math.abs(v));
        }
        assertTrue(largest > 1e-4, what + ": the gradient is too small to check (" + largest + ")");
        double worst = 0;
        for (int i = 0; i < param.data.length; i++) {
            double keep = param.data[i];
            param.data[i] = keep + H;
            double up = mlp.loss(x, labels);
            param.data[i] = keep - H;
            double down = mlp.loss(x, labels);
            param.data[i] = keep;
            double numeric = (up - down) / (2 * H);
            double rel = Math.abs(numeric - grad.data[i]) / largest;
            assertTrue(rel <= TOLERANCE, String.format("%s element %d: backward %.12e, finite difference %.12e"
                    + " (error %.2e of the largest element)", what, i, grad.data[i], numeric, rel));
            worst = Math.max(worst, rel);
        }
        return worst;
    }

    private static DoubleMatrix gaussian(Random rnd, int rows, int cols, double sd) {
        DoubleMatrix m = new DoubleMatrix(rows, cols);
        for (int i = 0; i < m.data.length; i++) {
            m.data[i] = rnd.nextGaussian() * sd;
        }
        return m;
    }
}
