package org.mlpengine.spark;


import org.apache.spark.SparkException;
import org.mlpengine.cli.UserErrors;
import picocli.CommandLine.Command;
import picocli.CommandLine;

/**
 * Entry point for Spark: {@code sweep} (a grid of settings, one task each) and {@code train-distributed} (one model,
 * data-parallel across barrier tasks). Runs under {@code spark-submit} (on its master) or embedded
 * ({@code bin/mlp-engine-spark}, {@code local[*]} unless {@code --master} says otherwise).
 */
@Command(name = "mlp-engine-spark", mixinStandardHelpOptions = true, versionProvider = SparkMain.Version.class,
        description = "Train the engine's MLPs on Apache Spark: hyper-parameter sweeps and data-parallel training.",
        subcommands = {SweepCommand.class, DistributedCommand.class})
public final class SparkMain implements Runnable {
    static {
        // Figures are drawn off-screen; without this AWT may look for a display.
        System.setProperty("java.awt.headless", "true");
    }

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs the command line and returns its exit code (0 success, 1 failure, 2 usage error). */
    public static int run(String... args) {
        CommandLine cl = new CommandLine(new SparkMain());
        cl.setParameterExceptionHandler(UserErrors.USAGE_IN_ONE_LINE);
        cl.setExecutionExceptionHandler((ex, c, parsed) -> {
            String message = userMessage(ex);
            if (message == null) {
                throw ex;
            }
            c.getErr().println("error: " + message);
            return 1;
        });
        return cl.execute(args);
    }

    /**
     * The one line a user sees for {@code e}, or null for a bug (a stack trace is then the useful output). A failed
     * Spark job is reported by the task's own error, which Spark attaches as the cause when it can.
     */
    static String userMessage(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (UserErrors.isUserMistake(t) || t instanceof PeerLostException) {
                return UserErrors.oneLine(t.getMessage());
            }
        }
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SparkException) {
                return "Spark job failed: " + UserErrors.oneLine(t.getMessage());
            }
        }
        return null;
    }

    @Override
    public void run() {
        new CommandLine(this).usage(System.out);
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = SparkMain.class.getPackage().getImplementationVersion();
            return new String[] {"mlp-engine-spark " + (v == null ? "(development build)" : v)};
        }
    }
}
