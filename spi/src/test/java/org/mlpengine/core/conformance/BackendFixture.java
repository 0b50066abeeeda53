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
 * One backend opened per test class, for suites written once and run by every backend module through a subclass
 * that names its provider: the backend is opened before the first test and closed after the last, what a test
 * allocates through {@link #track} is closed after it, and where the provider is unavailable each test is skipped
 * with the provider's reason (or fails, where the run requires the backend: {@link Required}).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class BackendFixture implements ConformanceSupport {
    private final ErrorLog errors = new ErrorLog();
    private final List<AutoCloseable> tracked = new ArrayList<>();
    private Availability availability;
    private Backend backend;

    /** The provider under test. */
    protected abstract BackendProvider provider();

    /** The suite's name in printed lines: "conformance", "trainer". */
    protected abstract String suite();

    @BeforeAll
    void openBackend() {
        BackendProvider p = provider();
        availability = p.probe();
        if (availability.available()) {
            backend = p.open(BackendOptions.DEFAULT);
            System.out.println(suite() + "[" + p.name() + "] device " + backend.device());
        } else {
            System.out.println(suite() + "[" + p.name() + "] skipped: " + availability.reason());
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
            errors.print(provider().name() + " " + suite());
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
