package org.mlpengine.opencl;

import org.jocl.CL;
import org.mlpengine.core.backend.BackendException;

/** OpenCL status codes turned into exceptions that name the call and the error, e.g. "clFinish: CL_OUT_OF_RESOURCES". */
final class OpenClErrors {
    private OpenClErrors() {
    }

    /** Throws unless {@code code} is {@code CL_SUCCESS}. */
    static void check(int code, String call) {
        if (code != CL.CL_SUCCESS) {
            throw error(code, call);
        }
    }

    static BackendException error(int code, String call) {
        return new BackendException(call + ": " + name(code));
    }

    static String name(int code) {
        String s = CL.stringFor_errorCode(code);
        return s == null || s.isEmpty() ? "OpenCL error " + code : s;
    }
}
