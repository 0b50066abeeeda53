package org.mlpengine.core.backend;

/**
 * One device a backend can open.
 *
 * @param index   the number {@code -Ddevice=N} selects
 * @param name    the device's name as its driver reports it
 * @param details one line for humans: compute units, memory, API version, which GEMM, ...
 */
public record DeviceInfo(int index, String name, String details) {
    @Override
    public String toString() {
        return "[" + index + "] " + name + (details.isEmpty() ? "" : " (" + details + ")");
    }
}
