package org.mlpengine.bench;

/**
 * The GEMMs of one seed training step (batch 100, 784-50-10) and a large square one, as
 * {@code C (m x n) = alpha op(A) op(B) + beta C} with {@code k} the inner dimension.
 * Update GEMMs run as the step runs them: {@code alpha = -lr, beta = 1}, in place.
 */
public enum GemmShape {
    /** Hidden layer forward: {@code X W_h^T}, 100x784 by (50x784)^T. */
    FORWARD("X W_h^T", false, true, 100, 784, 50, 1f, 0f),
    /** Hidden delta: {@code D_o W_o}, 100x10 by 10x50. */
    HIDDEN_DELTA("D_o W_o", false, false, 100, 10, 50, 1f, 0f),
    /** Output weight update: {@code W_o += -lr D_o^T A_h}, (100x10)^T by 100x50. */
    OUTPUT_GRAD("D_o^T A_h", true, false, 10, 100, 50, -0.1f, 1f),
    /** Hidden weight update: {@code W_h += -lr D_h^T X}, (100x50)^T by 100x784. */
    WEIGHT_GRAD("D_h^T X", true, false, 50, 100, 784, -0.1f, 1f),
    /** 1024^3, where arithmetic rather than overhead decides. */
    CUBE_1024("A B", false, false, 1024, 1024, 1024, 1f, 0f);

    final String formula;
    final boolean transA;
    final boolean transB;
    final int m;
    final int k;
    final int n;
    final float alpha;
    final float beta;

    GemmShape(String formula, boolean transA, boolean transB, int m, int k, int n, float alpha, float beta) {
        this.formula = formula;
        this.transA = transA;
        this.transB = transB;
        this.m = m;
        this.k = k;
        this.n = n;
        this.alpha = alpha;
        this.beta = beta;
    }

    /** Floating-point operations of one call: a multiply and an add per inner-product term. */
    public long flops() {
        return 2L * m * k * n;
    }

    int aRows() {
        return transA ? k : m;
    }

    int aCols() {
        return transA ? m : k;
    }

    int bRows() {
        return transB ? n : k;
    }

    int bCols() {
        return transB ? k : n;
    }

    /** "X W_h^T: 100x784 * (50x784)^T". */
    public String describe() {
        return formula + ": " + operand(aRows(), aCols(), transA) + " * " + operand(bRows(), bCols(), transB);
    }

    private static String operand(int rows, int cols, boolean trans) {
        return trans ? "(" + rows + "x" + cols + ")^T" : rows + "x" + cols;
    }
}
