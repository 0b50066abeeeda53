package org.mlpengine.core.data.numpy;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;

import org.junit.jupiter.api.Test;

/**
 * The book's minibatch orders: np.random.seed(123) once, then per epoch the training shuffle and the two
 * evaluation shuffles of compute_mse_and_acc (shuffle.json, from NumPy).
 */
class NumpyEpochOrderTest {
    private static final JsonObject SHUFFLE = NumpyResources.load("shuffle.json");

    @Test
    void smallSetsEveryEpochInOrderAndOutOfOrder() {
        JsonObject small = SHUFFLE.getAsJsonObject("epochOrdersSmall");
        JsonArray orders = small.getAsJsonArray("orders");
        NumpyEpochOrder inOrder = new NumpyEpochOrder(small.get("train").getAsInt(), small.get("valid").getAsInt(), 123);
        for (int e = 1; e <= orders.size(); e++) {
            assertArrayEquals(NumpyResources.ints(orders.get(e - 1)), inOrder.permutation(e), "epoch " + e);
        }
        // A resumed run asks for a later epoch first; a re-run asks for an earlier one again.
        NumpyEpochOrder jumping = new NumpyEpochOrder(small.get("train").getAsInt(), small.get("valid").getAsInt(), 123);
        for (int e : new int[] {3, 4, 1, 4, 2, 2}) {
            assertArrayEquals(NumpyResources.ints(orders.get(e - 1)), jumping.permutation(e), "epoch " + e);
        }
    }

    @Test
    void theSeedsMnistOrders() {
        JsonObject mnist = SHUFFLE.getAsJsonObject("epochOrdersMnist");
        JsonObject epochs = mnist.getAsJsonObject("epochs");
        NumpyEpochOrder order = new NumpyEpochOrder(mnist.get("train").getAsInt(), mnist.get("valid").getAsInt(), 123);
        for (int e : new int[] {50, 1, 2, 3, 17}) {
            NumpyResources.assertMatchesSummary(epochs.getAsJsonObject(Integer.toString(e)), order.permutation(e),
                    "epoch " + e);
        }
    }
}
