package org.mlpengine.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.mlpengine.cli.UserError;
import org.mlpengine.core.model.Mlp;

class GridAndCodecTest {
    @Test
    void theGridIsTheCartesianProductInOptionOrderWithoutRepeats() {
        List<Setting> grid = Grid.of(List.of(0.05f, 0.1f), List.of(50, 100, 50), List.of(100), List.of(5),
                List.of(1L, 2L));
        assertEquals(8, grid.size());
        assertEquals(new Setting(0.05f, 50, 100, 5, 1), grid.get(0));
        assertEquals(new Setting(0.05f, 50, 100, 5, 2), grid.get(1));
        assertEquals(new Setting(0.05f, 100, 100, 5, 1), grid.get(2));
        assertEquals(new Setting(0.1f, 100, 100, 5, 2), grid.get(7));
    }

    @Test
    void settingsTheModelCannotTakeAreRefused() {
        assertThrows(UserError.class, () -> Grid.of(List.of(), List.of(50), List.of(100), List.of(5), List.of(1L)));
        assertThrows(UserError.class, () -> Grid.of(List.of(0.1f), List.of(50), List.of(0), List.of(5), List.of(1L)));
        assertThrows(UserError.class, () -> Grid.of(List.of(-1f), List.of(50), List.of(10), List.of(5), List.of(1L)));
    }

    @Test
    void parametersSurviveTheirTextBitForBit() {
        int[] sizes = {5, 3, 2};
        Mlp m = Mlp.initialize(sizes, 9);
        m.biases(0)[1] = Float.intBitsToFloat(0x7fc00001); // a NaN with a payload
        m.biases(1)[0] = -0f;
        m.weights(1)[2] = Float.MIN_VALUE;
        Mlp back = ParameterCodec.decode(ParameterCodec.encode(m), sizes);
        for (int l = 0; l < m.layers(); l++) {
            assertArrayEquals(FloatBits.of(m.weights(l)), FloatBits.of(back.weights(l)));
            assertArrayEquals(FloatBits.of(m.biases(l)), FloatBits.of(back.biases(l)));
        }
        assertThrows(IllegalArgumentException.class, () -> ParameterCodec.decode(ParameterCodec.encode(m),
                new int[] {5, 4, 2}));
    }
}
