package org.mlpengine.opencl;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.jocl.CL;
import org.jocl.CLException;
import org.mlpengine.core.backend.Availability;
import org.mlpengine.core.backend.Backend;
import org.mlpengine.core.backend.BackendException;
import org.mlpengine.core.backend.BackendOptions;
import org.mlpengine.core.backend.BackendProvider;
import org.mlpengine.core.backend.DeviceInfo;
import org.mlpengine.gpu.GpuBackend;

/** The "opencl" backend: any OpenCL 1.2+ device through JOCL, GPUs ranked first. */
public final class OpenClBackendProvider implements BackendProvider {
    /** Above the CPU backend (100) on a GPU or accelerator, so {@code auto} picks it there ... */
    static final int GPU_SPEED_RANK = 300;
    /** ... and below it on a CPU device such as PoCL, which the pure-Java backend outruns. */
    static final int CPU_SPEED_RANK = 50;

    /** What probing found: the ranked devices, or why there are none. */
    record Probe(Availability availability, List<OpenClDevice> devices) {
    }

    // ServiceLoader makes a new provider per lookup, and a failed native load cannot be retried
    // (later touches give NoClassDefFoundError without the cause): probe once per JVM.
    private static volatile Probe cached;

    @Override
    public String name() {
        return "opencl";
    }

    @Override
    public Availability probe() {
        return probeOnce().availability();
    }

    @Override
    public int speedRank() {
        List<OpenClDevice> devices = probeOnce().devices();
        return !devices.isEmpty() && devices.get(0).isGpuOrAccelerator() ? GPU_SPEED_RANK : CPU_SPEED_RANK;
    }

    @Override
    public Backend open(BackendOptions options) throws BackendException {
        Probe p = probeOnce();
        if (!p.availability().available()) {
            throw new BackendException("opencl is unavailable: " + p.availability().reason());
        }
        if (options.device() >= p.devices().size()) {
            throw new BackendException("opencl has " + p.devices().size() + " device(s) (0.." + (p.devices().size() - 1)
                    + "), there is no device " + options.device());
        }
        return new GpuBackend(new OpenClDriver(p.devices().get(options.device()), options.device()));
    }

    static Probe probeOnce() {
        Probe p = cached;
        if (p == null) {
            synchronized (OpenClBackendProvider.class) {
                p = cached;
                if (p == null) {
                    p = probeWith(OpenClDevices::list);
                    cached = p;
                }
            }
        }
        return p;
    }

    /** Runs {@code lister} (the first touch of JOCL) and turns whatever it throws into a reason; never throws. */
    static Probe probeWith(Supplier<List<OpenClDevice>> lister) {
        try {
            List<OpenClDevice> devices = lister.get();
            List<DeviceInfo> infos = new ArrayList<>();
            for (int i = 0; i < devices.size(); i++) {
                infos.add(devices.get(i).info(i));
            }
            return new Probe(Availability.available(infos), devices);
        } catch (BackendException e) {
            return new Probe(Availability.unavailable(e.getMessage()), List.of());
        } catch (CLException e) {
            // Someone enabled JOCL exceptions globally: the same cases arrive as CLException.
            String reason = e.getStatus() == CL.CL_PLATFORM_NOT_FOUND_KHR
                    ? OpenClDevices.NO_PLATFORM + " (" + e.getMessage() + ")"
                    : "OpenCL probe failed: " + Availability.describe(e);
            return new Probe(Availability.unavailable(reason), List.of());
        } catch (LinkageError e) {
            return new Probe(Availability.unavailable("OpenCL library not loadable: " + Availability.describe(e)), List.of());
        } catch (Throwable t) {
            return new Probe(Availability.unavailable("OpenCL probe failed: " + Availability.describe(t)), List.of());
        }
    }
}
