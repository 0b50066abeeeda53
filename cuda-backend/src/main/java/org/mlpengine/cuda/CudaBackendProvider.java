package org.mlpengine.cuda;

import org.mlpengine.core.backend.Availability;
import org.mlpengine.core.backend.Backend;
import org.mlpengine.core.backend.BackendException;
import org.mlpengine.core.backend.BackendOptions;
import org.mlpengine.core.backend.BackendProvider;

/** The "cuda" backend: NVIDIA GPUs through JCuda's driver API. Registered in META-INF/services. */
public final class CudaBackendProvider implements BackendProvider {
    static final String NAME = "cuda";
    /** Above cpu and opencl: on an NVIDIA GPU this is the fastest path. */
    static final int SPEED_RANK = 400;

    private Availability availability;

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public synchronized Availability probe() {
        if (availability == null) {
            availability = CudaProbe.probe();
        }
        return availability;
    }

    @Override
    public int speedRank() {
        return SPEED_RANK;
    }

    /** Opens with the GEMM of {@code -Dcuda.gemm} (default: cuBLAS where it loads). */
    @Override
    public Backend open(BackendOptions options) {
        return open(options, GemmChoice.fromProperty());
    }

    CudaBackend open(BackendOptions options, GemmChoice gemm) {
        Availability a = probe();
        if (!a.available()) {
            throw new BackendException("cuda backend unavailable: " + a.reason());
        }
        if (options.device() >= a.devices().size()) {
            throw new BackendException("cuda has " + a.devices().size() + " device(s), there is no device " + options.device());
        }
        return CudaBackend.open(options.device(), gemm);
    }
}
