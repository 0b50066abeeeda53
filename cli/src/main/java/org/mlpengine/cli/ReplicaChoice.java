package org.mlpengine.cli;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.mlpengine.core.backend.Backend;
import org.mlpengine.core.backend.Resources;
import org.mlpengine.core.train.Shards;
import picocli.CommandLine.Option;

/**
 * {@code train}'s data-parallel options: how many replicas, on which devices of the chosen backend. Replicas are
 * dealt to the devices in turn; several may share one device (one backend instance per device).
 */
final class ReplicaChoice {
    @Option(names = "--replicas", paramLabel = "N",
            description = "Data-parallel replicas: each minibatch is cut into N shards whose gradients are added"
                    + " on the host (default: one per --devices entry, else 1).")
    Integer replicas;

    @Option(names = "--devices", paramLabel = "LIST", split = ",",
            description = "Device indices of the backend for the replicas, e.g. 0,1 (default: --device).")
    List<Integer> devices;

    /** Checks the options against each other and the batch size, before any slow work. */
    void check(BackendChoice backend, int batchSize) {
        if (devices != null) {
            if (backend.device != null) {
                throw new UserError("--device and --devices cannot be combined; list every device in --devices");
            }
            for (int d : devices) {
                if (d < 0) {
                    throw new UserError("--devices must be device indices >= 0, got " + d);
                }
            }
            if (replicas != null && replicas < devices.size()) {
                throw new UserError("--devices names " + devices.size() + " devices for " + replicas
                        + " replicas; give at least one replica per device");
            }
        }
        int n = count();
        if (n < 1) {
            throw new UserError("--replicas must be >= 1, got " + n);
        }
        if (n > batchSize) {
            throw new UserError("--replicas " + n + " needs a --batch-size of at least " + n
                    + " (one row per replica and step), got " + batchSize);
        }
    }

    int count() {
        return replicas != null ? replicas : devices != null ? devices.size() : 1;
    }

    /** How each minibatch is cut, for the run's header. */
    Shards shards(int batchSize) {
        return Shards.split(batchSize, count());
    }

    /** Opens one backend instance per device; close the result to release them all. */
    Opened open(BackendChoice backend) {
        Map<Integer, Backend> byDevice = new LinkedHashMap<>();
        List<Backend> perReplica = new ArrayList<>();
        try {
            if (devices == null) {
                perReplica.addAll(Collections.nCopies(count(), backend.open()));
                byDevice.put(-1, perReplica.get(0));
            } else {
                for (int k = 0; k < count(); k++) {
                    int d = devices.get(k % devices.size());
                    Backend b = byDevice.get(d);
                    if (b == null) {
                        b = backend.open(d);
                        byDevice.put(d, b);
                    }
                    perReplica.add(b);
                }
            }
        } catch (RuntimeException e) {
            Resources.closeAfter(e, byDevice.values().toArray(AutoCloseable[]::new));
            throw e;
        }
        return new Opened(perReplica, List.copyOf(byDevice.values()));
    }

    /** The backend of each replica (the first also evaluates), and each distinct instance once. */
    record Opened(List<Backend> perReplica, List<Backend> instances) implements AutoCloseable {
        Backend first() {
            return perReplica.get(0);
        }

        @Override
        public void close() {
            Resources.closeAll(instances.toArray(AutoCloseable[]::new));
        }
    }
}
