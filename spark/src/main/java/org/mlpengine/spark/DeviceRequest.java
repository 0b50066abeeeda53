package org.mlpengine.spark;

import java.io.Serializable;
import java.util.Map;
import org.apache.spark.TaskContext;
import org.apache.spark.resource.ResourceInformation;
import org.mlpengine.cli.UserError;
import org.mlpengine.core.backend.Backend;
import org.mlpengine.core.backend.BackendOptions;
import org.mlpengine.core.backend.Backends;

/**
 * Which backend and device a task trains on, decided inside the task: the GPU Spark assigned to it (its first
 * {@code gpu} resource address, as the cluster's discovery script numbers them) when there is one, else the device
 * asked for; the cpu backend's threads are the task's CPUs ({@code spark.task.cpus}) unless given.
 *
 * @param backend     {@code cpu}, {@code opencl}, {@code cuda} or {@code auto}
 * @param device      device index, or null for the assigned GPU (else 0)
 * @param threads     cpu backend worker threads, 0 for the task's CPUs
 * @param gpusPerTask GPUs each task must have been assigned (0: none required)
 */
public record DeviceRequest(String backend, Integer device, int threads, int gpusPerTask) implements Serializable {
    private static final long serialVersionUID = 1L;

    /** Opens the backend for the running task (or, outside a task, for the driver). */
    public Backend open() {
        TaskContext task = TaskContext.get();
        int index = device != null ? device : 0;
        if (task != null) {
            String[] gpus = assignedGpus(task);
            if (gpusPerTask > 0 && gpus.length == 0) {
                throw new UserError("task " + task.partitionId() + " was assigned no GPU although --gpus-per-task "
                        + gpusPerTask + " asks for one; run on a cluster whose executors have GPU resources "
                        + "(spark.executor.resource.gpu.amount and a discovery script), or drop --gpus-per-task");
            }
            if (device == null && gpus.length > 0) {
                index = parseAddress(gpus[0]);
            }
        }
        int cpus = threads > 0 ? threads : task != null ? task.cpus() : 0;
        return Backends.open(backend, new BackendOptions(index, cpus));
    }

    private static String[] assignedGpus(TaskContext task) {
        Map<String, ResourceInformation> resources = task.resourcesJMap();
        ResourceInformation gpu = resources == null ? null : resources.get("gpu");
        return gpu == null ? new String[0] : gpu.addresses();
    }

    private static int parseAddress(String address) {
        try {
            return Integer.parseInt(address.trim());
        } catch (NumberFormatException e) {
            throw new UserError("Spark assigned GPU address '" + address + "', not a device number; make the "
                    + "discovery script report device indices (0, 1, ...)");
        }
    }
}
