package org.mlpengine.gpucheck;

import org.mlpengine.core.backend.Availability;
import org.mlpengine.core.backend.BackendProvider;
import org.mlpengine.core.backend.Backends;
import org.mlpengine.core.backend.DeviceInfo;

/**
 * Prints every backend on the class path with its devices or the reason it cannot run.
 * Exit status 0 when the backend named by the first argument is available, 3 when not: run.sh stops there.
 */
public final class Probe {
    private Probe() {
    }

    public static void main(String[] args) {
        String wanted = args.length > 0 ? args[0] : "cuda";
        boolean found = false;
        for (BackendProvider p : Backends.providers()) {
            Availability a = p.probe();
            if (a.available()) {
                System.out.println(p.name() + ": available");
                for (DeviceInfo d : a.devices()) {
                    System.out.println("  " + d);
                }
            } else {
                System.out.println(p.name() + ": unavailable: " + a.reason());
            }
            found |= p.name().equals(wanted) && a.available();
        }
        System.exit(found ? 0 : 3);
    }
}
