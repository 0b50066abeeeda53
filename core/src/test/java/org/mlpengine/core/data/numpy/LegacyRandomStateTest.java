package org.mlpengine.core.data.numpy;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import org.junit.jupiter.api.Test;
import org.mlpengine.core.model.Mlp;
import org.mlpengine.core.model.RandomScheme;

/** Each draw against NumPy's own (normal.json, shuffle.json, written by generate.py with NumPy). */
class LegacyRandomStateTest {
    private static final JsonObject NORMAL = NumpyResources.load("normal.json");
    private static final JsonObject SHUFFLE = NumpyResources.load("shuffle.json");

    @Test
    void randomSample() {
        double[] expected = NumpyResources.doubles(NORMAL.get("randomSample123"));
        LegacyRandomState rng = new LegacyRandomState(123);
        double[] actual = new double[expected.length];
        for (int i = 0; i < actual.length; i++) {
            actual[i] = rng.randomSample();
        }
        assertArrayEquals(expected, actual);
    }

    /** Calls of odd sizes: the second value of a polar pair is kept for the next call, across calls. */
    @Test
    void normalKeepsTheCachedGaussianAcrossCalls() {
        JsonObject calls = NORMAL.getAsJsonObject("normal123Calls");
        int[] sizes = NumpyResources.ints(calls.get("sizes"));
        JsonArray values = calls.getAsJsonArray("values");
        LegacyRandomState rng = new LegacyRandomState(123);
        for (int c = 0; c < sizes.length; c++) {
            double[] expected = NumpyResources.doubles(values.get(c));
            double[] actual = new double[sizes[c]];
            for (int i = 0; i < actual.length; i++) {
                actual[i] = rng.normal(0.0, 0.1);
            }
            assertWithinUlp(expected, actual, "call " + c + " (size " + sizes[c] + ")");
        }
    }

    @Test
    void standardNormal() {
        double[] expected = NumpyResources.doubles(NORMAL.get("standardNormal2024"));
        LegacyRandomState rng = new LegacyRandomState(2024);
        double[] actual = new double[expected.length];
        for (int i = 0; i < actual.length; i++) {
            actual[i] = rng.standardNormal();
        }
        assertWithinUlp(expected, actual, "standard_normal");
    }

    /**
     * Equal, or 1 ulp apart (C's log and Java's differ in the last bit now and then, see
     * {@link LegacyRandomState#standardNormal()}); a wrong draw order or a lost cached value is off by far more.
     */
    private static void assertWithinUlp(double[] expected, double[] actual, String what) {
        assertEquals(expected.length, actual.length, what);
        int exact = 0;
        for (int i = 0; i < expected.length; i++) {
            double e = expected[i];
            assertTrue(Math.abs(e - actual[i]) <= Math.ulp(e), what + " [" + i + "]: NumPy " + e + ", here " + actual[i]);
            exact += e == actual[i] ? 1 : 0;
        }
        assertTrue(exact >= expected.length * 0.99, what + ": only " + exact + " of " + expected.length + " bit-exact");
    }

    /** NeuralNetMLP(784, 50, 10, random_seed=123): weight_h, then weight_out, from one RandomState. */
    @Test
    void initialWeightsAreTheSeedsInFloat32() {
        JsonObject init = NORMAL.getAsJsonObject("seedInit");
        Mlp m = RandomScheme.NUMPY.initialize(new int[] {784, 50, 10}, 123);
        float[] wh = m.weights(0);
        JsonObject h = init.getAsJsonObject("weightH");
        assertArrayEquals(new int[] {50, 784}, NumpyResources.ints(h.get("shape")));
        assertArrayEquals(toFloat(NumpyResources.doubles(h.get("head"))), Arrays.copyOf(wh, 20));
        assertArrayEquals(toFloat(NumpyResources.doubles(h.get("tail"))), Arrays.copyOfRange(wh, wh.length - 20, wh.length));
        assertEquals(h.get("sha256Float32").getAsString(), NumpyResources.sha256Float32(wh));
        assertArrayEquals(toFloat(NumpyResources.doubles(init.getAsJsonObject("weightOut").get("values"))), m.weights(1));
        for (int l = 0; l < 2; l++) {
            assertArrayEquals(new float[m.biases(l).length], m.biases(l), "biases start at zero");
        }
    }

    private static float[] toFloat(double[] d) {
        float[] f = new float[d.length];
        for (int i = 0; i < d.length; i++) {
            f[i] = (float) d[i];
        }
        return f;
    }

    /** np.random.seed(123), then np.random.shuffle of arange(n) for several n in turn. */
    @Test
    void shufflesInSequence() {
        JsonArray expected = SHUFFLE.getAsJsonArray("seed123Shuffles");
        LegacyRandomState rng = new LegacyRandomState(123);
        for (int k = 0; k < expected.size(); k++) {
            int[] e = NumpyResources.ints(expected.get(k));
            int[] a = identity(e.length);
            rng.shuffle(a);
            assertArrayEquals(e, a, "shuffle " + k + " of " + e.length);
        }
        LegacyRandomState rng99 = new LegacyRandomState(99);
        int[] a = identity(40);
        rng99.shuffle(a);
        assertArrayEquals(NumpyResources.ints(SHUFFLE.get("shuffle99Of40")), a);
    }

    @Test
    void skipShuffleDrawsWhatShuffleDraws() {
        LegacyRandomState a = new LegacyRandomState(5);
        LegacyRandomState b = new LegacyRandomState(5);
        a.shuffle(identity(777));
        b.skipShuffle(777);
        assertEquals(a.randomSample(), b.randomSample());
    }

    @Test
    void permutationAndChoice() {
        LegacyRandomState rng = new LegacyRandomState(7);
        JsonArray perms = SHUFFLE.getAsJsonArray("permutations7");
        for (int k = 0; k < perms.size(); k++) {
            int[] e = NumpyResources.ints(perms.get(k));
            assertArrayEquals(e, rng.permutation(e.length), "permutation(" + e.length + ")");
        }
        JsonObject ofList = SHUFFLE.getAsJsonObject("permutationOfList7");
        int[] list = NumpyResources.ints(ofList.get("list"));
        int[] before = list.clone();
        assertArrayEquals(NumpyResources.ints(ofList.get("result")), rng.permutation(list));
        assertArrayEquals(before, list, "permutation(list) leaves the list alone");

        JsonObject choice = SHUFFLE.getAsJsonObject("choice7");
        assertArrayEquals(NumpyResources.ints(choice.get("result")), new LegacyRandomState(7)
                .choiceWithoutReplacement(NumpyResources.ints(choice.get("population")), choice.get("size").getAsInt()));
    }

    static int[] identity(int n) {
        int[] a = new int[n];
        for (int i = 0; i < n; i++) {
            a[i] = i;
        }
        return a;
    }
}
