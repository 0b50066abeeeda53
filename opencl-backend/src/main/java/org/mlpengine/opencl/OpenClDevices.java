package org.mlpengine.opencl;

import static org.jocl.CL.CL_DEVICE_NOT_FOUND;
import static org.jocl.CL.CL_PLATFORM_NOT_FOUND_KHR;
import static org.jocl.CL.CL_SUCCESS;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.jocl.CL;
import org.jocl.Pointer;
import org.jocl.Sizeof;
import org.jocl.cl_device_id;
import org.jocl.cl_platform_id;
import org.mlpengine.core.backend.BackendException;

/** Lists every device of every OpenCL platform, GPUs first, then accelerators, then CPUs. */
final class OpenClDevices {
    static final String NO_PLATFORM = "no OpenCL platform found";

    private OpenClDevices() {
    }

    /**
     * The ranked devices; index i is what {@code -Ddevice=i} opens.
     *
     * @throws BackendException "no OpenCL platform found" when the loader finds no platform (or no device)
     */
    static List<OpenClDevice> list() {
        int[] count = new int[1];
        int code = CL.clGetPlatformIDs(0, null, count);
        if (code == CL_PLATFORM_NOT_FOUND_KHR || (code == CL_SUCCESS && count[0] == 0)) {
            throw new BackendException(NO_PLATFORM + " (clGetPlatformIDs: " + OpenClErrors.name(code) + ")");
        }
        OpenClErrors.check(code, "clGetPlatformIDs");
        cl_platform_id[] platforms = new cl_platform_id[count[0]];
        OpenClErrors.check(CL.clGetPlatformIDs(platforms.length, platforms, null), "clGetPlatformIDs");
        List<OpenClDevice> devices = new ArrayList<>();
        List<String> failures = new ArrayList<>();
        for (cl_platform_id platform : platforms) {
            try {
                devices.addAll(devicesOf(platform));
            } catch (BackendException e) {
                failures.add(e.getMessage()); // one broken platform must not hide the others
            }
        }
        if (devices.isEmpty()) {
            throw new BackendException(NO_PLATFORM + " with a device (" + platforms.length + " platform(s)"
                    + (failures.isEmpty() ? ", no devices" : ": " + String.join("; ", failures)) + ")");
        }
        devices.sort(Comparator.comparingInt(OpenClDevice::typeRank)); // stable: keeps platform order within a type
        return List.copyOf(devices);
    }

    private static List<OpenClDevice> devicesOf(cl_platform_id platform) {
        // Asking for CL_DEVICE_TYPE_GPU fails on CPU-only platforms (PoCL): ask for all and rank.
        int[] n = new int[1];
        int code = CL.clGetDeviceIDs(platform, CL.CL_DEVICE_TYPE_ALL, 0, null, n);
        if (code == CL_DEVICE_NOT_FOUND || (code == CL_SUCCESS && n[0] == 0)) {
            return List.of();
        }
        OpenClErrors.check(code, "clGetDeviceIDs");
        cl_device_id[] ids = new cl_device_id[n[0]];
        OpenClErrors.check(CL.clGetDeviceIDs(platform, CL.CL_DEVICE_TYPE_ALL, ids.length, ids, null), "clGetDeviceIDs");
        String platformName = platformString(platform, CL.CL_PLATFORM_NAME);
        List<OpenClDevice> devices = new ArrayList<>();
        for (cl_device_id id : ids) {
            devices.add(describe(platform, platformName, id));
        }
        return devices;
    }

    private static OpenClDevice describe(cl_platform_id platform, String platformName, cl_device_id id) {
        return new OpenClDevice(platform, id,
                deviceString(id, CL.CL_DEVICE_NAME),
                platformName,
                deviceLong(id, CL.CL_DEVICE_TYPE, Sizeof.cl_ulong),
                (int) deviceLong(id, CL.CL_DEVICE_MAX_COMPUTE_UNITS, Sizeof.cl_uint),
                deviceLong(id, CL.CL_DEVICE_GLOBAL_MEM_SIZE, Sizeof.cl_ulong),
                deviceLong(id, CL.CL_DEVICE_MAX_MEM_ALLOC_SIZE, Sizeof.cl_ulong),
                deviceLong(id, CL.CL_DEVICE_LOCAL_MEM_SIZE, Sizeof.cl_ulong),
                deviceLong(id, CL.CL_DEVICE_MAX_WORK_GROUP_SIZE, Sizeof.size_t),
                deviceString(id, CL.CL_DEVICE_VERSION),
                deviceString(id, CL.CL_DEVICE_OPENCL_C_VERSION));
    }

    private static long deviceLong(cl_device_id id, int param, int size) {
        if (size == Sizeof.cl_uint) {
            int[] v = new int[1];
            OpenClErrors.check(CL.clGetDeviceInfo(id, param, size, Pointer.to(v), null), "clGetDeviceInfo");
            return Integer.toUnsignedLong(v[0]);
        }
        long[] v = new long[1];
        OpenClErrors.check(CL.clGetDeviceInfo(id, param, size, Pointer.to(v), null), "clGetDeviceInfo");
        return v[0];
    }

    private static String deviceString(cl_device_id id, int param) {
        long[] size = new long[1];
        OpenClErrors.check(CL.clGetDeviceInfo(id, param, 0, null, size), "clGetDeviceInfo");
        byte[] bytes = new byte[(int) size[0]];
        OpenClErrors.check(CL.clGetDeviceInfo(id, param, bytes.length, Pointer.to(bytes), null), "clGetDeviceInfo");
        return cString(bytes);
    }

    private static String platformString(cl_platform_id id, int param) {
        long[] size = new long[1];
        OpenClErrors.check(CL.clGetPlatformInfo(id, param, 0, null, size), "clGetPlatformInfo");
        byte[] bytes = new byte[(int) size[0]];
        OpenClErrors.check(CL.clGetPlatformInfo(id, param, bytes.length, Pointer.to(bytes), null), "clGetPlatformInfo");
        return cString(bytes);
    }

    static String cString(byte[] bytes) {
        int end = 0;
        while (end < bytes.length && bytes[end] != 0) {
            end++;
        }
        return new String(bytes, 0, end, StandardCharsets.UTF_8);
    }
}
