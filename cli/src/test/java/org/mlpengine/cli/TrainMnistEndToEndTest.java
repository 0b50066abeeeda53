package org.mlpengine.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mlpengine.core.data.DataCache;
import org.mlpengine.core.data.MnistFetcher;

/**
 * The seed's MLP on real MNIST through the command line, as a user runs it. The data comes from the
 * cache, fetched the way {@code fetch-data} does on a fresh machine.
 */
class TrainMnistEndToEndTest {
    @TempDir
    Path runs;

    private static final Pattern TEST_ACC = Pattern.compile("Test accuracy: (\\d+\\.\\d+)%");
    private static final Pattern EPOCH = Pattern.compile(
            "Epoch: (\\d{3})/(\\d{3}) \\| Train MSE: \\d+\\.\\d\\d \\| Train Acc: (\\d+\\.\\d\\d)% \\| Valid Acc: (\\d+\\.\\d\\d)%.*");

    @Test
    void fiveEpochsOnMnistReachTheSeedsEarlyAccuracy() {
        Path data = new MnistFetcher().ensure(DataCache.defaultDir(), System.err::println);
        CliRunner.Result r = CliRunner.run("train", "--backend", "cpu", "--epochs", "5", "--data-dir", data.toString(),
                "--out", runs.resolve("five").toString());
        assertEquals(0, r.exitCode(), r.err());

        List<String> epochs = r.out().lines().filter(l -> l.startsWith("Epoch:")).toList();
        assertEquals(5, epochs.size(), r.out());
        double lastValid = 0;
        for (String line : epochs) {
            Matcher m = EPOCH.matcher(line);
            assertTrue(m.matches(), "epoch line has the seed's format: " + line);
            lastValid = Double.parseDouble(m.group(4));
        }
        Matcher t = TEST_ACC.matcher(r.out());
        assertTrue(t.find(), r.out());
        double test = Double.parseDouble(t.group(1));
        // The seed reaches about 88-90 % after five epochs and 94.5 % after fifty.
        assertTrue(test > 87.0 && test < 95.0, "test accuracy after 5 epochs: " + test);
        assertTrue(Math.abs(test - lastValid) < 3.0, "test " + test + " vs validation " + lastValid);
    }

    @Test
    void sameSeedSameBackendGivesIdenticalOutput() {
        Path data = new MnistFetcher().ensure(DataCache.defaultDir(), System.err::println);
        String[] args = {"train", "--backend", "cpu", "--epochs", "1", "--seed", "7", "--data-dir", data.toString(),
            "--out", runs.resolve("first").toString()};
        String first = metricsOnly(CliRunner.run(args).out());
        args[args.length - 1] = runs.resolve("second").toString();
        String second = metricsOnly(CliRunner.run(args).out());
        assertTrue(first.contains("Test accuracy"), first);
        assertEquals(first, second);
    }

    /** The output without timings, which differ run to run. */
    private static String metricsOnly(String out) {
        return out.lines()
                .filter(l -> l.startsWith("Epoch:") || l.startsWith("Test accuracy"))
                .map(l -> l.replaceAll(" \\| [\\d.]+ s \\|.*", ""))
                .reduce("", (a, b) -> a + b + "\n");
    }
}
