package org.mlpengine.cli;

import java.io.UncheckedIOException;
import org.mlpengine.core.backend.BackendException;
import org.mlpengine.core.data.DataException;
import org.mlpengine.core.data.FetchException;
import org.mlpengine.core.model.io.ModelFileException;
import org.mlpengine.core.train.TrainingDivergedException;
import picocli.CommandLine;

/**
 * Which exceptions report a mistake a user can fix (a setting, a file, a device, the network) rather than a bug,
 * for every command-line front end of the engine (this module's and the Spark one's): those print one line and
 * exit 1, a bug prints its stack trace.
 */
public final class UserErrors {
    private UserErrors() {
    }

    /** picocli's handler for a command line that does not parse: one line with a hint, exit code 2. */
    public static final CommandLine.IParameterExceptionHandler USAGE_IN_ONE_LINE = (ex, args) -> {
        ex.getCommandLine().getErr().println("error: " + oneLine(ex.getMessage()) + " (see '"
                + ex.getCommandLine().getCommandSpec().qualifiedName() + " --help')");
        return 2;
    };

    /** Whether {@code t} itself (not its causes) is a user's mistake. */
    public static boolean isUserMistake(Throwable t) {
        return t instanceof UserError || t instanceof IllegalArgumentException || t instanceof DataException
                || t instanceof FetchException || t instanceof BackendException || t instanceof ModelFileException
                || t instanceof UncheckedIOException || t instanceof TrainingDivergedException;
    }

    /** The first line of {@code message} ("unknown error" for none). */
    public static String oneLine(String message) {
        if (message == null) {
            return "unknown error";
        }
        int nl = message.indexOf('\n');
        return nl < 0 ? message : message.substring(0, nl);
    }
}
