package org.mlpengine.cli;

import java.lang.management.ManagementFactory;
import java.util.OptionalInt;

/**
 * Run by {@link RelaunchTest} as a plain {@code java -cp}: relaunches as {@link Main} does, then, in whichever JVM runs
 * the command, prints one line on that JVM and acts on its arguments: {@code exit N} or {@code sleep}.
 */
public final class RelaunchProbe {
    public static void main(String[] args) throws InterruptedException {
        OptionalInt child = Relaunch.runInChildIfNeeded(RelaunchProbe.class.getName(), args);
        if (child.isPresent()) {
            System.exit(child.getAsInt());
        }
        System.out.println("pid=" + ProcessHandle.current().pid()
                + " relaunchedBy=" + System.getProperty(Relaunch.MARKER)
                + " backend=" + System.getProperty("backend")
                + " vector=" + ModuleLayer.boot().findModule(Relaunch.VECTOR_MODULE).isPresent()
                + " args=" + String.join(" ", ManagementFactory.getRuntimeMXBean().getInputArguments()));
        System.out.flush();
        if (args[0].equals("exit")) {
            System.exit(Integer.parseInt(args[1]));
        }
        Thread.sleep(120_000);
    }
}
