package org.mlpengine.spark;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.Base64;

import org.mlpengine.core.model.Mlp;

/**
 * A network's parameters as bytes (the TCP exchange's payload) or one string (for {@code BarrierTaskContext.allGather}):
 * every layer's weights then biases, layer after layer, as little-endian float32, the string in Base64. Exact: decoding
 * gives back the same bits.
 */
public final class ParameterCodec {
    private ParameterCodec() {
    }

    public static String encode(Mlp model) {
        return Base64.getEncoder().encodeToString(toBytes(model));
    }

    /** @throws IllegalArgumentException the text is not Base64 or holds a different number of parameters */
    public static Mlp decode(String text, int[] sizes) {
        return fromBytes(Base64.getDecoder().decode(text), sizes);
    }

    public static byte[] toBytes(Mlp model) {
        ByteBuffer bytes = ByteBuffer.allocate(4 * count(model.sizes())).order(ByteOrder.LITTLE_ENDIAN);
        FloatBuffer floats = bytes.asFloatBuffer();
        for (int l = 0; l < model.layers(); l++) {
            floats.put(model.weights(l)).put(model.biases(l));
        }
        return bytes.array();
    }

    /** @throws IllegalArgumentException the bytes hold a different number of parameters */
    public static Mlp fromBytes(byte[] raw, int[] sizes) {
        if (raw.length != 4 * count(sizes)) {
            throw new IllegalArgumentException("expected " + count(sizes) + " parameters for layers "
                    + java.util.Arrays.toString(sizes) + ", got " + raw.length + " bytes");
        }
        FloatBuffer floats = ByteBuffer.wrap(raw).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer();
        float[][] w = new float[sizes.length - 1][];
        float[][] b = new float[sizes.length - 1][];
        for (int l = 0; l < w.length; l++) {
            w[l] = new float[sizes[l + 1] * sizes[l]];
            b[l] = new float[sizes[l + 1]];
            floats.get(w[l]).get(b[l]);
        }
        return new Mlp(sizes, w, b);
    }

    /** How many parameters (weights and biases) a network of these layer sizes has. */
    public static int count(int[] sizes) {
        int n = 0;
        for (int l = 0; l + 1 < sizes.length; l++) {
            n += sizes[l + 1] * sizes[l] + sizes[l + 1];
        }
        return n;
    }
}
