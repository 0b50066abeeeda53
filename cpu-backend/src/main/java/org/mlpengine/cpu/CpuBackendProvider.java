package org.mlpengine.cpu;

import java.util.List;
import org.mlpengine.core.backend.Availability;
import org.mlpengine.core.backend.Backend;
import org.mlpengine.core.backend.BackendException;
import org.mlpengine.core.backend.BackendOptions;
import org.mlpengine.core.backend.BackendProvider;

/** The pure-Java backend: always available, ranked below any accelerator. */
public final class CpuBackendProvider implements BackendProvider {
    static final String NAME = "cpu";
    private static final int SPEED_RANK = 100;

    private volatile Availability availability;

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Availability probe() {
        Availability a = availability;
        if (a == null) {
            int cores = Runtime.getRuntime().availableProcessors();
            a = Availability.available(List.of(CpuDevice.describe(0, cores, KernelChoice.best())));
            availability = a;
        }
        return a;
    }

    @Override
    public int speedRank() {
        return SPEED_RANK;
    }

    @Override
    public Backend open(BackendOptions options) throws BackendException {
        if (options.device() != 0) {
            throw new BackendException("the cpu backend has one device (0), there is no device " + options.device());
        }
        int threads = options.threads() == 0 ? Runtime.getRuntime().availableProcessors() : options.threads();
        return new CpuBackend(threads, KernelChoice.best());
    }
}
