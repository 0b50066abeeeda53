package org.mlpengine.core.data.numpy;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Map;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;

import org.junit.jupiter.api.Test;

class Mt19937Test {
    @Test
    void rawOutputsAreNumpysForEverySeed() {
        JsonObject raw = NumpyResources.load("mt19937.json").getAsJsonObject("raw32");
        assertEquals(5, raw.size());
        for (Map.Entry<String, JsonElement> e : raw.entrySet()) {
            long[] expected = NumpyResources.longs(e.getValue());
            Mt19937 mt = new Mt19937(Long.parseLong(e.getKey()));
            long[] actual = new long[expected.length];
            for (int i = 0; i < actual.length; i++) {
                actual[i] = mt.next32();
            }
            assertArrayEquals(expected, actual, "seed " + e.getKey());
        }
    }

    @Test
    void referenceFirstOutput() {
        // Matsumoto and Nishimura's mt19937ar.c with init_genrand(5489)
        assertEquals(3499211612L, new Mt19937(5489).next32());
    }

    @Test
    void seedsOutsideNumpysRangeAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> new Mt19937(-1));
        assertThrows(IllegalArgumentException.class, () -> new Mt19937(1L << 32));
    }
}
