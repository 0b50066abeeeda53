package org.mlpengine.core.conformance;

/**
 * How far a float32 backend may be from the double reference, per op, and why.
 *
 * <p>Errors are relative: element-wise ops are divided by |exact result|; sums (gemm, column sums,
 * squared error) by the sum of the absolute values of their terms, because that is what a float
 * sum's rounding error is proportional to, whatever the summation order (recursive, blocked, pairwise,
 * atomics). A wrong index, a missing term or a dropped alpha/beta shows up as an error near 1e-3 or
 * larger, far above every tolerance here.
 */
public final class Tolerances {
    private Tolerances() {
    }

    /** Unit roundoff of float32: the relative error of one correctly rounded operation. */
    public static final double U = 0x1p-24;

    /** Each of k accumulated products adds at most about U of the sum of |terms| (Higham, 3.1; FMA too). */
    public static final double GEMM_PER_TERM = U;
    /** alpha, beta and the final add, plus one more rounding per k-block of a blocked kernel. */
    public static final double GEMM_EXTRA = 8 * U;

    /** The bound for a gemm whose inner dimension is k. */
    public static double gemm(int k) {
        return k * GEMM_PER_TERM + GEMM_EXTRA;
    }

    /**
     * sigmoid(z + b): rounding z + b (|z + b| <= 8 in the tests) moves the result by up to 8 U relatively;
     * device exp may be a few ulp (OpenCL's full profile allows 3, CUDA's fast __expf more): 64 U covers both.
     */
    public static final double BIAS_SIGMOID = 64 * U;

    /** delta * a * (1 - a): three roundings (1 - a is exact for a >= 1/2); 16 U allows another formulation. */
    public static final double SIGMOID_BACKWARD = 16 * U;

    /** 2 (a - y) / n * a (1 - a): five roundings; 16 U allows reordering the factors. */
    public static final double MSE_OUTPUT_DELTA = 16 * U;

    /** A column sum of n rows is a gemm with k = n. */
    public static double columnSums(int rows) {
        return gemm(rows);
    }

    /**
     * linearSigmoid with inner dimension k, relative to {@code ReferenceOps.linearSigmoidScale}: the gemm's bound for
     * the pre-activation (carried through the sigmoid's slope) plus biasSigmoid's own. A fused kernel rounds the same
     * way as gemm followed by biasSigmoid.
     */
    public static double linearSigmoid(int k) {
        return gemm(k) + BIAS_SIGMOID;
    }

    /** backpropSigmoid with inner dimension k, relative to {@code ReferenceOps.backpropSigmoidScale}. */
    public static double backpropSigmoid(int k) {
        return gemm(k) + SIGMOID_BACKWARD;
    }

    /** Sum of n squared differences, each off by 2 U, accumulated over several calls: like a gemm over all terms. */
    public static double sumSquaredError(long terms) {
        return terms * GEMM_PER_TERM + 4 * U;
    }

    /**
     * Parameters after a few SGD steps, relative to how far the reference moved them: each step adds
     * a rounding of |w| (about 0.3 against steps of about 1e-3 here) plus the ops' own errors, which
     * feed through sigmoid layers that shrink them. 1e-3 is 14 times what the CPU backend shows (7e-5, mostly the rounding of w itself) and
     * 100 times smaller than the effect of a dropped update term. The trainer's own steps ({@code TrainerConformanceTest}, up
     * to 30 of them, three hidden layers) show at most 1e-4 on cpu and opencl; a wrong minibatch order shows above 1e-2.
     */
    public static final double TRAINING_STEPS = 1e-3;

    /** Mean squared error after training, relative: the sum of squares of a whole data set. */
    public static final double TRAINED_MSE = 1e-5;
}
