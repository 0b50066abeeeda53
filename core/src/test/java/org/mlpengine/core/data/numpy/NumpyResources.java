package org.mlpengine.core.data.numpy;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

/**
 * The values NumPy and scikit-learn produced, read from the JSON files beside {@code generate.py} in this
 * package's test resources (the script that wrote them, with the versions, is committed with them).
 */
final class NumpyResources {
    private NumpyResources() {
    }

    static JsonObject load(String name) {
        try (InputStream in = NumpyResources.class.getResourceAsStream(name)) {
            assertNotNull(in, "test resource " + name);
            return JsonParser.parseReader(new InputStreamReader(in, StandardCharsets.UTF_8)).getAsJsonObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static int[] ints(JsonElement array) {
        JsonArray a = array.getAsJsonArray();
        int[] out = new int[a.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = a.get(i).getAsInt();
        }
        return out;
    }

    static long[] longs(JsonElement array) {
        JsonArray a = array.getAsJsonArray();
        long[] out = new long[a.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = a.get(i).getAsLong();
        }
        return out;
    }

    /** Doubles exactly as Python's repr wrote them (Gson parses with Double.parseDouble: the same bits). */
    static double[] doubles(JsonElement array) {
        JsonArray a = array.getAsJsonArray();
        double[] out = new double[a.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = a.get(i).getAsDouble();
        }
        return out;
    }

    /** SHA-256 (hex) of the values as int32 little-endian, as the generator hashes index lists. */
    static String sha256Int32(int[] values) {
        ByteBuffer b = ByteBuffer.allocate(4 * values.length).order(ByteOrder.LITTLE_ENDIAN);
        b.asIntBuffer().put(values);
        return sha256(b.array());
    }

    /** SHA-256 (hex) of the values as float32 little-endian. */
    static String sha256Float32(float[] values) {
        ByteBuffer b = ByteBuffer.allocate(4 * values.length).order(ByteOrder.LITTLE_ENDIAN);
        b.asFloatBuffer().put(values);
        return sha256(b.array());
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }

    /** Checks a long index list against the generator's {@code summary}: length, first and last 50, hash. */
    static void assertMatchesSummary(JsonObject summary, int[] actual, String what) {
        int[] head = ints(summary.get("head"));
        int[] tail = ints(summary.get("tail"));
        assertEquals(summary.get("length").getAsInt(), actual.length, what + ": length");
        assertArrayEquals(head, Arrays.copyOf(actual, head.length), what + ": first " + head.length);
        assertArrayEquals(tail, Arrays.copyOfRange(actual, actual.length - tail.length, actual.length),
                what + ": last " + tail.length);
        assertEquals(summary.get("sha256").getAsString(), sha256Int32(actual), what + ": SHA-256 of all");
    }
}
