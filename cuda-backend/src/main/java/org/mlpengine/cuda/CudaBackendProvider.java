package org.mlpengine.cuda;

import org.mlpengine.core.backend.Availability;
import org.mlpengine.core.backend.BackendException;
import org.mlpengine.core.backend.BackendOptions;
import org.mlpengine.core.backend.BackendProvider;
import org.mlpengine.gpu.GpuBackend;

/** The "cuda" backend: NVIDIA GPUs through JCuda's driver API. Registered in META-INF/services. */
public final class CudaBackendProvider implements BackendProvider {
    static final String NAME = "cuda";
    /** Above cpu and opencl: on an NVIDIA GPU this is the fastest path. */
    static final int SPEED_RANK = 400;

    /** A {@link GemmChoice} mode, or null for {@code -Dcuda.gemm}. */
    private final String gemmMode;
    private Availability availability;

    public CudaBackendProvider() {
        this(null);
    }

    /** A provider whose backends use the GEMM of {@code gemmMode} ("cublas", "kernel", "auto") whatever the property. */
    CudaBackendProvider(String gemmMode) {
        this.gemmMode = gemmMode;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public synchronized Availability probe() {
        if (availability == null) {
            availability = CudaProbe.probe(this::gemm);
        }
        return availability;
    }

    @Override
    public int speedRank() {
        return SPEED_RANK;
    }

    /** Opens with the GEMM of {@code -Dcuda.gemm} (default: cuBLAS where it loads). */
    @Override
    public GpuBackend open(BackendOptions options) {
        Availability a = probe();
        if (!a.available()) {
            throw new BackendException("cuda backend unavailable: " + a.reason());
        }
        if (options.device() >= a.devices().size()) {
            throw new BackendException("cuda has " + a.devices().size() + " device(s), there is no device " + options.device());
        }
        return new GpuBackend(new CudaDriver(options.device(), gemm()));
    }

    private GemmChoice gemm() {
        return gemmMode == null ? GemmChoice.fromProperty() : GemmChoice.resolve(gemmMode);
    }
}
