package org.mlpengine.core.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.mlpengine.core.model.Mlp;

/** How a minibatch is cut among replicas, and how distributed workers average their parameters. */
class ShardsAndAveragesTest {

    @Test
    void unevenBatchesGiveTheFirstShardsOneRowMore() {
        Shards s = Shards.split(100, 3);
        assertArrayEquals(new int[] {34, 33, 33}, s.sizes());
        assertArrayEquals(new int[] {0, 34, 67}, s.offsets());
        assertEquals(100, s.total());
        assertEquals(34, s.maxSize());
        assertArrayEquals(new int[] {1, 1, 1, 1}, Shards.split(4, 4).sizes());
        assertArrayEquals(new int[] {100}, Shards.split(100, 1).sizes());
    }

    @Test
    void everyRowOfTheBatchIsInExactlyOneShard() {
        for (int batch = 1; batch <= 40; batch++) {
            for (int n = 1; n <= batch; n++) {
                Shards s = Shards.split(batch, n);
                int next = 0;
                for (int k = 0; k < n; k++) {
                    assertEquals(next, s.offset(k), batch + " in " + n);
                    next += s.size(k);
                }
                assertEquals(batch, next, batch + " in " + n);
            }
        }
    }

    @Test
    void moreReplicasThanRowsIsRefusedInOneLine() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Shards.split(2, 3));
        assertEquals("3 replicas need a batch of at least 3 rows (one per replica), got 2", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Shards.split(10, 0));
    }

    @Test
    void theAverageIsWeightedByRowsAndTakesListOrder() {
        int[] sizes = {2, 1};
        Mlp a = new Mlp(sizes, new float[][] {{1f, 2f}}, new float[][] {{3f}});
        Mlp b = new Mlp(sizes, new float[][] {{4f, 8f}}, new float[][] {{-3f}});
        Mlp avg = ParameterAverage.weighted(List.of(a, b), new int[] {2, 1});
        assertArrayEquals(new float[] {2f, 4f}, avg.weights(0));
        assertArrayEquals(new float[] {1f}, avg.biases(0));
        Mlp same = ParameterAverage.weighted(List.of(a, b), new int[] {2, 1});
        assertArrayEquals(avg.weights(0), same.weights(0));
    }

    @Test
    void averagingMismatchedModelsOrWeightsIsRefused() {
        Mlp a = Mlp.initialize(new int[] {3, 2}, 1);
        Mlp b = Mlp.initialize(new int[] {3, 4}, 1);
        assertThrows(IllegalArgumentException.class, () -> ParameterAverage.weighted(List.of(a, b), new int[] {1, 1}));
        assertThrows(IllegalArgumentException.class, () -> ParameterAverage.weighted(List.of(a), new int[] {1, 1}));
        assertThrows(IllegalArgumentException.class, () -> ParameterAverage.weighted(List.of(a), new int[] {0}));
    }
}
