package org.mlpengine.cpu;

/**
 * sigmoid(t) = 1 / (1 + exp(-t)) by one fixed formula, so the vector and the scalar kernels give the
 * same bits: exp(x) = 2^n * p(r) with n = round(x / ln 2) (found by adding 1.5 * 2^23, which leaves n
 * in the low mantissa bits), r = x - n ln 2 in two fma steps (Cody-Waite), and p Cephes' degree-7
 * expf polynomial on |r| <= ln(2)/2 (about 1 ulp). x is clamped to [-87, 88] so 2^n stays a normal
 * float; beyond that sigmoid is 0 or 1 to within 1e-38. The whole sigmoid is within a few ulp (the
 * conformance bound is 64).
 */
final class Sigmoid {
    private Sigmoid() {
    }

    static final float X_MIN = -87f;
    static final float X_MAX = 88f;
    static final float LOG2E = 1.44269504088896341f;
    /** 1.5 * 2^23: adding it rounds to an integer held in the low mantissa bits. */
    static final float ROUND = 12582912f;
    /** ROUND's bit pattern minus the exponent bias, so (bits - BIAS_SHIFT) << 23 is 2^n. */
    static final int BIAS_SHIFT = 0x4B400000 - 127;
    /** ln 2 in two parts: LN2_HI has few mantissa bits, so n * LN2_HI is exact. */
    static final float LN2_HI = 0.693359375f;
    static final float LN2_LO = -2.12194440e-4f;
    static final float P0 = 1.9875691500e-4f;
    static final float P1 = 1.3981999507e-3f;
    static final float P2 = 8.3334519073e-3f;
    static final float P3 = 4.1665795894e-2f;
    static final float P4 = 1.6666665459e-1f;
    static final float P5 = 5.0000001201e-1f;

    /** The scalar formula; {@code VectorElementwiseKernel.sigmoid} performs the same operations lane by lane. */
    static float of(float t) {
        float x = Math.min(Math.max(-t, X_MIN), X_MAX);
        float shifted = Math.fma(x, LOG2E, ROUND);
        float n = shifted - ROUND;
        float r = Math.fma(n, -LN2_HI, x);
        r = Math.fma(n, -LN2_LO, r);
        float p = Math.fma(P0, r, P1);
        p = Math.fma(p, r, P2);
        p = Math.fma(p, r, P3);
        p = Math.fma(p, r, P4);
        p = Math.fma(p, r, P5);
        float r2 = r * r;
        p = Math.fma(p, r2, r);
        p = p + 1f;
        float scale = Float.intBitsToFloat((Float.floatToRawIntBits(shifted) - BIAS_SHIFT) << 23);
        return 1f / (1f + p * scale);
    }
}
