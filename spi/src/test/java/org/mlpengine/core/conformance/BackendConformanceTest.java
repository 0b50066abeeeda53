package org.mlpengine.core.conformance;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.TestInstance;
import org.mlpengine.core.backend.Availability;
import org.mlpengine.core.backend.Backend;
import org.mlpengine.core.backend.BackendOptions;
import org.mlpengine.core.backend.BackendProvider;
import org.mlpengine.core.testing.Required;

/**
 * The conformance suite, written once: each backend module subclasses it and names its provider.
 * Every op of the SPI is compared with the double reference ({@code org.mlpengine.core.reference})
 * on seeded random inputs of awkward shapes; the test groups live in the interfaces implemented here.
 * If the provider is unavailable, every test is skipped through an assumption that gives the provider's reason
 * (or fails, where the run requires the backend: {@link Required}).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class BackendConformanceTest implements MemoryConformance, GemmConformance,
        ElementwiseConformance, ReductionConformance, GatherConformance, ShapeConformance, TrainingConformance,
        FusedOpsConformance {

    private final ErrorLog errors = new ErrorLog();
    private final List<AutoCloseable> tracked = new ArrayList<>();
    private Availability availability;
    private Backend backend;

    /** The provider under test. */
    protected abstract BackendProvider provider();

    @BeforeAll
    void openBackend() {
        BackendProvider p = provider();
        availability = p.probe();
        if (availability.available()) {
            backend = p.open(BackendOptions.DEFAULT);
            System.out.println("conformance[" + p.name() + "] device " + backend.device());
        } else {
            System.out.println("conformance[" + p.name() + "] skipped: " + availability.reason());
        }
    }

    /**
     * Per test rather than per class, so each test shows up as skipped, with the reason; or fails, where the run
     * requires this backend ({@link Required}).
     */
    @BeforeEach
    void requireBackend() {
        Required.backend(provider().name(), availability);
    }

    @AfterEach
    void closeTracked() throws Exception {
        for (AutoCloseable c : tracked) {
            c.close();
        }
        tracked.clear();
    }

    @AfterAll
    void closeBackend() {
        if (backend != null) {
            backend.close();
            errors.print(provider().name());
        }
    }

    @Override
    public Backend backend() {
        return backend;
    }

    @Override
    public BackendProvider backendProvider() {
        return provider();
    }

    @Override
    public ErrorLog errors() {
        return errors;
    }

    @Override
    public <T extends AutoCloseable> T track(T resource) {
        tracked.add(resource);
        return resource;
    }
}
