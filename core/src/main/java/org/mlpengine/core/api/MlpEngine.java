package org.mlpengine.core.api;

import java.util.List;

import org.mlpengine.core.backend.Backend;
import org.mlpengine.core.backend.BackendException;
import org.mlpengine.core.backend.BackendOptions;
import org.mlpengine.core.backend.BackendProvider;
import org.mlpengine.core.backend.Backends;

/**
 * Entry point of the Java API (see the package description for what is supported).
 *
 * <pre>{@code
 * Model model = MlpEngine.training().layers(784, 50, 10).data(Mnist.load(dir)).epochs(5).run();
 * }</pre>
 *
 * <p>Backends are found on the class path: add the {@code cpu-backend}, {@code opencl-backend} and/or
 * {@code cuda-backend} artifacts. Names are {@code cpu}, {@code opencl}, {@code cuda} and {@code auto} (the fastest
 * one that can run here).
 */
public final class MlpEngine {
    private MlpEngine() {
    }

    /** A new training run with the seed's settings (784-50-10, batch 100, learning rate 0.1, 50 epochs, seed 123). */
    public static TrainingRun training() {
        return new TrainingRun();
    }

    /**
     * Opens a backend for direct computation on device 0. The caller owns it: close it when done (closing frees
     * every matrix it allocated). Use it from one thread at a time.
     *
     * @param name {@code cpu}, {@code opencl}, {@code cuda} or {@code auto}
     * @throws BackendException one line: the name is unknown, or the backend cannot run here and why
     */
    public static Backend openBackend(String name) {
        return openBackend(name, 0);
    }

    /** {@link #openBackend(String)} on device {@code device} (0-based, as {@code mlp-engine backends} lists them). */
    public static Backend openBackend(String name, int device) {
        return Backends.open(name, new BackendOptions(device, 0));
    }

    /** The names of the backends that can run here, fastest first. */
    public static List<String> availableBackends() {
        return Backends.providers().stream()
                .filter(p -> p.probe().available())
                .sorted((a, b) -> Integer.compare(b.speedRank(), a.speedRank()))
                .map(BackendProvider::name)
                .toList();
    }
}
