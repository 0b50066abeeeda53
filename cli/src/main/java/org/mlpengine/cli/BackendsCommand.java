package org.mlpengine.cli;

import java.util.concurrent.Callable;

import org.mlpengine.core.backend.Availability;
import org.mlpengine.core.backend.BackendProvider;
import org.mlpengine.core.backend.Backends;
import org.mlpengine.core.backend.DeviceInfo;

import picocli.CommandLine.Command;

/** Lists every backend on the class path: its devices, or why it cannot run here. */
@Command(name = "backends", mixinStandardHelpOptions = true,
        description = "List every backend, available or not, with its devices or the reason it cannot run.")
final class BackendsCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        System.out.println(Relaunch.describe());
        BackendProvider auto = null;
        try {
            auto = Backends.select(Backends.AUTO);
        } catch (RuntimeException e) {
            // reported below per backend
        }
        for (BackendProvider p : Backends.providers()) {
            Availability a = p.probe();
            // By name: every ServiceLoader pass makes new provider instances.
            String mark = auto != null && p.name().equals(auto.name()) ? "  [auto picks this]" : "";
            if (a.available()) {
                System.out.println(p.name() + ": available" + mark);
                for (DeviceInfo d : a.devices()) {
                    System.out.println("  " + d);
                }
            } else {
                System.out.println(p.name() + ": unavailable: " + a.reason());
            }
        }
        return 0;
    }
}
