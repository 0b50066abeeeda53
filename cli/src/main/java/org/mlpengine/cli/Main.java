package org.mlpengine.cli;

import java.io.UncheckedIOException;
import java.util.OptionalInt;
import java.util.Set;
import org.mlpengine.core.backend.BackendException;
import org.mlpengine.core.data.DataException;
import org.mlpengine.core.data.FetchException;
import org.mlpengine.core.model.io.ModelFileException;
import org.mlpengine.core.train.TrainingDivergedException;
import picocli.CommandLine.Command;
import picocli.CommandLine;

/** Entry point of the runnable jar: {@code train}, {@code evaluate}, {@code predict}, {@code export}, {@code backends}, {@code fetch-data}. */
@Command(name = "mlp-engine", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = "Train the book's MNIST MLP on the CPU, OpenCL or CUDA.",
        subcommands = {TrainCommand.class, EvaluateCommand.class, PredictCommand.class, ExportCommand.class,
                BackendsCommand.class, FetchDataCommand.class})
public final class Main implements Runnable {
    static {
        // Figures are drawn off-screen; without this AWT may look for a display.
        System.setProperty("java.awt.headless", "true");
    }

    /** The commands that run a backend: where the cpu backend may run, they run in a JVM with its options. */
    static final Set<String> COMPUTING = Set.of("train", "evaluate", "predict", "backends");

    public static void main(String[] args) {
        if (computes(args)) {
            OptionalInt child = Relaunch.runInChildIfNeeded(Main.class.getName(), args);
            if (child.isPresent()) {
                System.exit(child.getAsInt());
            }
        }
        int code;
        try {
            code = run(args);
        } catch (OutOfMemoryError e) {
            System.err.println("error: out of Java heap memory; give the JVM more with -Xmx (e.g. -Xmx4g)");
            code = 1;
        }
        System.exit(code);
    }

    /** Runs the command line and returns its exit code (0 success, 1 failure, 2 usage error). */
    public static int run(String... args) {
        CommandLine cl = new CommandLine(new Main());
        // A user mistake gets one line and a hint, not a usage dump or a stack trace.
        cl.setParameterExceptionHandler(UserErrors.USAGE_IN_ONE_LINE);
        cl.setExecutionExceptionHandler((ex, c, parsed) -> {
            if (ex instanceof FetchException || ex instanceof BackendException) {
                // One line, then details a user may need: one line per source tried, or a kernel build log.
                c.getErr().println("error: " + ex.getMessage());
                return 1;
            }
            if (UserErrors.isUserMistake(ex)) {
                c.getErr().println("error: " + oneLine(ex.getMessage()));
                return 1;
            }
            throw ex;
        });
        return cl.execute(args);
    }

    /**
     * Whether the command line runs a backend: its command (the first word that is not an option) is one of
     * {@link #COMPUTING} and no help or version is asked for. A plain scan, not picocli's parse, which would cost the
     * JVM that only starts the child about 0.3 s; a line that does not parse fails in the child, with the same message.
     */
    static boolean computes(String... args) {
        String command = null;
        for (String a : args) {
            if (a.equals("-h") || a.equals("--help") || a.equals("-V") || a.equals("--version")) {
                return false;
            }
            if (command == null && !a.startsWith("-")) {
                command = a;
            }
        }
        return command != null && COMPUTING.contains(command);
    }

    static String oneLine(String message) {
        return UserErrors.oneLine(message);
    }

    @Override
    public void run() {
        new CommandLine(this).usage(System.out);
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = Main.class.getPackage().getImplementationVersion();
            return new String[] {"mlp-engine " + (v == null ? "(development build)" : v)};
        }
    }
}
