package org.mlpengine.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Bad input ends the command with one line on stderr and a non-zero exit, never a stack trace. */
class SparkMainErrorsTest {
    @TempDir
    static Path dir;
    private static Path data;

    @BeforeAll
    static void writeData() throws IOException {
        data = Files.createDirectories(dir.resolve("mnist"));
        Random rng = new Random(3);
        for (String[] part : new String[][] {{"train", "300"}, {"t10k", "100"}}) {
            int n = Integer.parseInt(part[1]);
            byte[] pixels = new byte[n * 784];
            byte[] labels = new byte[n];
            for (int i = 0; i < n; i++) {
                labels[i] = (byte) (i % 10);
                for (int p = 0; p < 784; p++) {
                    pixels[i * 784 + p] = (byte) (p / 78 == i % 10 ? 200 : rng.nextInt(50));
                }
            }
            writeIdx(data.resolve(part[0] + "-images-idx3-ubyte"), 0x803, new int[] {n, 28, 28}, pixels);
            writeIdx(data.resolve(part[0] + "-labels-idx1-ubyte"), 0x801, new int[] {n}, labels);
        }
    }

    private static void writeIdx(Path file, int magic, int[] dims, byte[] body) throws IOException {
        try (DataOutputStream out = new DataOutputStream(Files.newOutputStream(file))) {
            out.writeInt(magic);
            for (int d : dims) {
                out.writeInt(d);
            }
            out.write(body);
        }
    }

    /** Exit code and stderr of one command line. */
    private record Run(int code, String err) {
    }

    private static Run run(String... args) {
        PrintStream oldErr = System.err;
        PrintStream oldOut = System.out;
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        try {
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            System.setOut(new PrintStream(OutputStream.nullOutputStream()));
            int code = SparkMain.run(args);
            return new Run(code, err.toString(StandardCharsets.UTF_8));
        } finally {
            System.setErr(oldErr);
            System.setOut(oldOut);
        }
    }

    /** A small sweep's command line, with {@code changes} (option, value pairs) replacing or adding options. */
    private static String[] sweep(String... changes) {
        Map<String, String> options = new LinkedHashMap<>();
        options.put("--master", "local[2]");
        options.put("--backend", "cpu");
        options.put("--data", data.toString());
        options.put("--split", "50,50");
        options.put("--epochs", "1");
        options.put("--out", dir.resolve("out").toString());
        for (int i = 0; i < changes.length; i += 2) {
            options.put(changes[i], changes[i + 1]);
        }
        List<String> args = new ArrayList<>(List.of("sweep", "--no-figures"));
        options.forEach((k, v) -> args.addAll(List.of(k, v)));
        return args.toArray(String[]::new);
    }

    private static void assertOneLineError(Run r, String expected) {
        assertTrue(r.code() != 0, "exit code " + r.code());
        List<String> errors = r.err().lines().filter(l -> l.startsWith("error: ")).toList();
        assertEquals(1, errors.size(), "one error line in:\n" + r.err());
        assertTrue(errors.get(0).contains(expected), errors.get(0));
        assertFalse(r.err().contains("\tat "), "no stack trace:\n" + r.err());
    }

    @Test
    void emptyGrid() {
        assertOneLineError(run(sweep("--hidden", ",")), "empty grid: --hidden has no values");
    }

    @Test
    void hiddenLayerOfZeroUnits() {
        assertOneLineError(run(sweep("--hidden", "0,50")), "--hidden: a hidden layer needs at least one unit, got 0");
    }

    @Test
    void unknownMaster() {
        assertOneLineError(run(sweep("--master", "nowhere://x")), "cannot start Spark with master 'nowhere://x'");
    }

    @Test
    void unknownBackend() {
        assertOneLineError(run(sweep("--backend", "tpu")), "unknown backend 'tpu'");
    }

    @Test
    void batchLargerThanTheTrainingData() {
        assertOneLineError(run(sweep("--batch-sizes", "50,1000")),
                "1 of 2 settings could not train; first: lr=0.1 hidden=50 batch=1000 epochs=1 seed=123: "
                        + "batch size 1000 is larger than the 300 training samples");
    }

    @Test
    void aGpuPerTaskWhereTheTaskHasNone() {
        assertOneLineError(run(sweep("--gpus-per-task", "1")), "was assigned no GPU although --gpus-per-task 1");
    }

    @Test
    void moreBarrierTasksThanSlots() {
        assertOneLineError(run("train-distributed", "--master", "local[2]", "--backend", "cpu", "--data",
                data.toString(), "--split", "50,50", "--tasks", "3", "--out", dir.resolve("d").toString()),
                "--tasks 3 needs as many task slots, but local[2] has 2");
    }

    @Test
    void batchTooSmallForTheShards() {
        assertOneLineError(run("train-distributed", "--master", "local[2]", "--backend", "cpu", "--data",
                data.toString(), "--tasks", "2", "--batch-size", "1"), "--batch-size 1 cannot be cut into 2 shards");
    }

    @Test
    void anUnknownExchangeOrPort() {
        assertOneLineError(run("train-distributed", "--master", "local[2]", "--backend", "cpu", "--data",
                data.toString(), "--exchange", "udp"), "--exchange must be tcp or allgather, got 'udp'");
        assertOneLineError(run("train-distributed", "--master", "local[2]", "--backend", "cpu", "--data",
                data.toString(), "--exchange-port", "70000"), "--exchange-port must be 0 (any free port) to 65535");
    }
}
