package org.mlpengine.opencl;

import java.util.Locale;
import org.jocl.CL;
import org.jocl.cl_device_id;
import org.jocl.cl_platform_id;
import org.mlpengine.core.backend.Bytes;
import org.mlpengine.core.backend.DeviceInfo;

/** One OpenCL device and the limits the backend sizes its work by. */
record OpenClDevice(cl_platform_id platform, cl_device_id id, String name, String platformName, long type,
                    int computeUnits, long globalMemBytes, long maxAllocBytes, long localMemBytes,
                    long maxWorkGroupSize, String version, String openClCVersion) {

    /** GPUs and accelerators are worth choosing over the CPU backend; CPU devices (PoCL) are not. */
    boolean isGpuOrAccelerator() {
        return (type & (CL.CL_DEVICE_TYPE_GPU | CL.CL_DEVICE_TYPE_ACCELERATOR)) != 0;
    }

    /** Ranking key: GPUs first, then accelerators, then everything else. */
    int typeRank() {
        if ((type & CL.CL_DEVICE_TYPE_GPU) != 0) {
            return 0;
        }
        return (type & CL.CL_DEVICE_TYPE_ACCELERATOR) != 0 ? 1 : 2;
    }

    String typeName() {
        return switch (typeRank()) {
            case 0 -> "GPU";
            case 1 -> "accelerator";
            default -> (type & CL.CL_DEVICE_TYPE_CPU) != 0 ? "CPU" : "other";
        };
    }

    DeviceInfo info(int index) {
        String details = String.format(Locale.ROOT, "%s, %d compute units, %s memory, %s, %s, platform %s",
                typeName(), computeUnits, Bytes.human(globalMemBytes), version.trim(), openClCVersion.trim(),
                platformName.trim());
        return new DeviceInfo(index, name.trim(), details);
    }
}
