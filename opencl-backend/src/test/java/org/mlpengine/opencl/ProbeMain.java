package org.mlpengine.opencl;

import org.mlpengine.core.backend.BackendException;
import org.mlpengine.core.backend.Backends;

/** Run in a child JVM by {@link OpenClProbeTest}: prints what selecting "opencl" says. */
public final class ProbeMain {
    private ProbeMain() {
    }

    public static void main(String[] args) {
        try {
            System.out.println("selected " + Backends.select("opencl").name());
        } catch (BackendException e) {
            System.out.println(e.getMessage());
        }
    }
}
