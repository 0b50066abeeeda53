package org.mlpengine.opencl;

import org.jocl.CL;
import org.jocl.cl_command_queue;
import org.jocl.cl_context;
import org.jocl.cl_context_properties;
import org.jocl.cl_device_id;

/** A context and one in-order command queue on one device. */
final class OpenClContext implements AutoCloseable {
    final OpenClDevice device;
    final cl_context context;
    final cl_command_queue queue;
    private boolean closed;

    OpenClContext(OpenClDevice device) {
        this.device = device;
        int[] err = new int[1];
        cl_context_properties props = new cl_context_properties();
        props.addProperty(CL.CL_CONTEXT_PLATFORM, device.platform());
        context = CL.clCreateContext(props, 1, new cl_device_id[] {device.id()}, null, null, err);
        OpenClErrors.check(err[0], "clCreateContext(" + device.name() + ")");
        // clCreateCommandQueue (not ...WithProperties) because 1.2 devices only have this one.
        queue = CL.clCreateCommandQueue(context, device.id(), 0, err);
        if (err[0] != CL.CL_SUCCESS) {
            CL.clReleaseContext(context);
            throw OpenClErrors.error(err[0], "clCreateCommandQueue(" + device.name() + ")");
        }
    }

    void finish() {
        OpenClErrors.check(CL.clFinish(queue), "clFinish");
    }

    /** Waits for the queue (ignoring errors, so the release still happens), then releases queue and context. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        CL.clFinish(queue);
        CL.clReleaseCommandQueue(queue);
        CL.clReleaseContext(context);
    }
}
