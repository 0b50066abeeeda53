package org.mlpengine.spark;

/** Floats as their raw bits, so that tests compare them bit for bit (NaN payloads and -0 included). */
final class FloatBits {
    private FloatBits() {
    }

    static int[] of(float[] values) {
        int[] bits = new int[values.length];
        for (int i = 0; i < values.length; i++) {
            bits[i] = Float.floatToRawIntBits(values[i]);
        }
        return bits;
    }
}
