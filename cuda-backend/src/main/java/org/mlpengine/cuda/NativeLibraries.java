package org.mlpengine.cuda;

import jcuda.driver.JCudaDriver;
import jcuda.jcublas.JCublas2;

/**
 * Loads JCuda's native libraries once per JVM and remembers why they did not load.
 *
 * <p>A failed load throws {@link UnsatisfiedLinkError} from the class initializer the first time and
 * {@link NoClassDefFoundError} ("Could not initialize class") on every later touch, which no longer
 * says why; so the first answer is kept.
 */
final class NativeLibraries {
    static final String DRIVER = "libcuda.so.1";
    static final String CUBLAS = "libcublas.so.12";

    private static String driverFailure;
    private static boolean driverTried;
    private static String cublasFailure;
    private static boolean cublasTried;

    private NativeLibraries() {
    }

    /** Null when JCudaDriver (and with it libcuda.so.1) loaded, else the reason. */
    static synchronized String driverFailure() {
        if (!driverTried) {
            driverTried = true;
            try {
                JCudaDriver.setExceptionsEnabled(false);
            } catch (Throwable t) {
                driverFailure = CudaErrors.notLoadable(DRIVER, t);
            }
        }
        return driverFailure;
    }

    /** Null when JCublas2 (and with it libcublas.so.12) loaded, else the reason. */
    static synchronized String cublasFailure() {
        if (!cublasTried) {
            cublasTried = true;
            try {
                JCublas2.setExceptionsEnabled(false);
            } catch (Throwable t) {
                cublasFailure = CudaErrors.notLoadable(CUBLAS, t);
            }
        }
        return cublasFailure;
    }
}
