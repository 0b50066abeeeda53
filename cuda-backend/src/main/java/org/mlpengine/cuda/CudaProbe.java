package org.mlpengine.cuda;

import static jcuda.driver.CUdevice_attribute.CU_DEVICE_ATTRIBUTE_COMPUTE_CAPABILITY_MAJOR;
import static jcuda.driver.CUdevice_attribute.CU_DEVICE_ATTRIBUTE_COMPUTE_CAPABILITY_MINOR;
import static jcuda.driver.CUdevice_attribute.CU_DEVICE_ATTRIBUTE_MULTIPROCESSOR_COUNT;
import static jcuda.driver.JCudaDriver.cuDeviceGet;
import static jcuda.driver.JCudaDriver.cuDeviceGetAttribute;
import static jcuda.driver.JCudaDriver.cuDeviceGetCount;
import static jcuda.driver.JCudaDriver.cuDeviceGetName;
import static jcuda.driver.JCudaDriver.cuDeviceTotalMem;
import static jcuda.driver.JCudaDriver.cuDriverGetVersion;
import static jcuda.driver.JCudaDriver.cuInit;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import jcuda.driver.CUdevice;
import jcuda.driver.CUresult;
import org.mlpengine.core.backend.Availability;
import org.mlpengine.core.backend.BackendException;
import org.mlpengine.core.backend.Bytes;
import org.mlpengine.core.backend.DeviceInfo;
import org.mlpengine.gpu.GpuBackend;
import org.mlpengine.gpu.GpuSelfCheck;

/** Finds the CUDA devices this JVM can use, or says why there are none. */
final class CudaProbe {
    /**
     * The oldest driver we accept, as cuDriverGetVersion reports it (1000 * major + 10 * minor).
     * Our PTX says {@code .version 8.0} (PTX ISA 8.0 came with CUDA 12.0), and JCuda 12.6 is built against CUDA 12.
     */
    static final int MIN_DRIVER_VERSION = 12000;

    private CudaProbe() {
    }

    /** {@code gemm} says which GEMM the device details name; it may throw for a bad or unloadable choice. */
    static Availability probe(Supplier<GemmChoice> gemm) {
        try {
            String failure = NativeLibraries.driverFailure();
            if (failure != null) {
                return Availability.unavailable(failure);
            }
            int[] version = new int[1];
            CudaErrors.check(cuDriverGetVersion(version), "cuDriverGetVersion");
            if (version[0] < MIN_DRIVER_VERSION) {
                return Availability.unavailable("driver supports CUDA " + cudaVersion(version[0]) + ", needs "
                        + cudaVersion(MIN_DRIVER_VERSION) + " (PTX ISA 8.0); update the NVIDIA driver");
            }
            int init = cuInit(0);
            if (init == CUresult.CUDA_ERROR_NO_DEVICE) {
                return Availability.unavailable("no CUDA device");
            }
            CudaErrors.check(init, "cuInit");
            int[] count = new int[1];
            CudaErrors.check(cuDeviceGetCount(count), "cuDeviceGetCount");
            if (count[0] == 0) {
                return Availability.unavailable("no CUDA device");
            }
            // A bad -Dcuda.gemm, or cublas asked for where it does not load, makes the backend unavailable.
            GemmChoice choice = gemm.get();
            List<DeviceInfo> devices = new ArrayList<>();
            for (int i = 0; i < count[0]; i++) {
                // Available means computes correctly: load our module and check a GEMM and a fused layer.
                DeviceInfo info;
                String wrong;
                try (GpuBackend backend = new GpuBackend(new CudaDriver(i, choice))) {
                    info = backend.device();
                    wrong = GpuSelfCheck.run(backend);
                }
                if (wrong != null) {
                    return Availability.unavailable("cuda device " + i + " (" + info.name()
                            + ") computes wrong results: " + wrong);
                }
                devices.add(new DeviceInfo(info.index(), info.name(), info.details() + ", self-check passed"));
            }
            return Availability.available(devices);
        } catch (BackendException e) {
            // One line (a JIT log is joined), so `backends` and open()'s error stay one line each.
            return Availability.unavailable(e.getMessage().strip().replace("\n", " | "));
        } catch (Throwable t) {
            return Availability.unavailable("CUDA probe failed: " + Availability.describe(t));
        }
    }

    /** 12040 -> "12.4". */
    static String cudaVersion(int v) {
        return (v / 1000) + "." + (v % 1000) / 10;
    }

    /** Name, SMs, memory, compute capability, driver version and GEMM of CUDA device {@code index}. */
    static DeviceInfo describe(int index, GemmChoice gemm) {
        int[] driverVersion = new int[1];
        CudaErrors.check(cuDriverGetVersion(driverVersion), "cuDriverGetVersion");
        CUdevice device = new CUdevice();
        CudaErrors.check(cuDeviceGet(device, index), "cuDeviceGet");
        byte[] name = new byte[256];
        CudaErrors.check(cuDeviceGetName(name, name.length, device), "cuDeviceGetName");
        long[] memory = new long[1];
        CudaErrors.check(cuDeviceTotalMem(memory, device), "cuDeviceTotalMem");
        String details = attribute(device, CU_DEVICE_ATTRIBUTE_MULTIPROCESSOR_COUNT) + " SMs, "
                + Bytes.human(memory[0]) + ", compute capability "
                + attribute(device, CU_DEVICE_ATTRIBUTE_COMPUTE_CAPABILITY_MAJOR) + "."
                + attribute(device, CU_DEVICE_ATTRIBUTE_COMPUTE_CAPABILITY_MINOR)
                + ", driver CUDA " + cudaVersion(driverVersion[0]) + ", gemm: " + gemm.description();
        return new DeviceInfo(index, cString(name), details);
    }

    private static int attribute(CUdevice device, int attribute) {
        int[] value = new int[1];
        CudaErrors.check(cuDeviceGetAttribute(value, attribute, device), "cuDeviceGetAttribute");
        return value[0];
    }

    private static String cString(byte[] bytes) {
        int n = 0;
        while (n < bytes.length && bytes[n] != 0) {
            n++;
        }
        return new String(bytes, 0, n, StandardCharsets.UTF_8);
    }
}
