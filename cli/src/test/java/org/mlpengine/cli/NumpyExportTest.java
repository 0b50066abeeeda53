package org.mlpengine.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mlpengine.core.testing.Required;

/**
 * The exported .npz loads in NumPy, and NumPy's forward pass over 100 test images predicts what the
 * Java model predicts. Skipped, with the reason printed, where python3 with numpy is missing; failing instead where
 * the run requires NumPy ({@code MLPENGINE_REQUIRE=numpy}: CI installs python3-numpy and sets it).
 */
class NumpyExportTest {
    private static final String FORWARD = String.join("\n",
            "import sys, numpy as np",
            "w = np.load(sys.argv[1])",
            "n = int(w['layer_sizes'].shape[0]) - 1",
            "raw = open(sys.argv[2], 'rb').read()",
            "count, rows, cols = np.frombuffer(raw[4:16], dtype='>i4')",
            "x = np.frombuffer(raw[16:], dtype=np.uint8).reshape(count, rows * cols)[:100]",
            "a = (((x / 255.) - .5) * 2).astype(np.float32)",
            "for l in range(1, n + 1):",
            "    assert w['weight_%d' % l].dtype == np.float32 and w['bias_%d' % l].dtype == np.float32",
            "    a = 1. / (1. + np.exp(-(a @ w['weight_%d' % l].T + w['bias_%d' % l])))",
            "print(' '.join(str(int(p)) for p in np.argmax(a, axis=1)))");

    @TempDir
    Path dir;

    @Test
    void numpyForwardPassPredictsWhatTheJavaModelPredicts() throws Exception {
        String why = numpyMissing();
        Required.assume("numpy", why == null, () -> why);
        Path data = LearnableMnistFolder.write(Files.createDirectory(dir.resolve("data")));
        Path npz = dir.resolve("weights.npz");
        CliRunner.Result train = CliRunner.run("train", "--backend", TestBackend.NAME, "--data-dir", data.toString(),
                "--split", LearnableMnistFolder.SPLIT, "--epochs", "3", "--out", dir.resolve("run").toString(),
                "--export-npz", npz.toString());
        assertEquals(0, train.exitCode(), train.err());
        Path images = data.resolve("t10k-images-idx3-ubyte");

        CliRunner.Result java = CliRunner.run("predict", "--backend", TestBackend.NAME, "--top", "1", "--model",
                dir.resolve("run").resolve(TrainCommand.MODEL_FILE).toString(), images.toString());
        assertEquals(0, java.exitCode(), java.err());
        List<String> javaLabels = java.out().lines().limit(100).map(l -> l.split(": ")[1].substring(0, 1)).toList();

        Path script = Files.writeString(dir.resolve("forward.py"), FORWARD);
        String numpy = python(script.toString(), npz.toString(), images.toString()).strip();
        assertEquals(String.join(" ", javaLabels), numpy);
    }

    /** Null if python3 can import numpy, else why not. */
    private static String numpyMissing() {
        try {
            python("-c", "import numpy");
            return null;
        } catch (IOException | InterruptedException | AssertionError e) {
            return "python3 with numpy is not available (" + e.getMessage() + ")";
        }
    }

    private static String python(String... args) throws IOException, InterruptedException {
        String[] cmd = new String[args.length + 1];
        cmd[0] = "python3";
        System.arraycopy(args, 0, cmd, 1, args.length);
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("python3 did not finish in 120 s");
        }
        if (p.exitValue() != 0) {
            throw new AssertionError("python3 exited " + p.exitValue() + ": " + out.strip());
        }
        return out;
    }
}
