package org.mlpengine.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A user mistake prints exactly one line starting with "error:" and exits non-zero. */
class CliErrorsTest {
    @TempDir
    Path dir;

    private static void assertOneLineError(CliRunner.Result r, String expectedFragment) {
        assertNotEquals(0, r.exitCode(), "exit code");
        String err = r.errLines();
        assertEquals(1, err.lines().count(), "expected one line on stderr, got:\n" + err);
        assertTrue(err.startsWith("error: "), err);
        assertTrue(err.contains(expectedFragment), "expected '" + expectedFragment + "' in: " + err);
    }

    @Test
    void unknownBackend() throws IOException {
        writeMnist(dir, 20, 20, false);
        assertOneLineError(CliRunner.run("train", "--backend", "tpu", "--data-dir", dir.toString()),
                "unknown backend 'tpu'");
    }

    @Test
    void numpyCompatSeedOutsideNumpysRange() throws IOException {
        writeMnist(dir, 20, 20, false);
        assertOneLineError(CliRunner.run("train", "--backend", "cpu", "--numpy-compat", "--seed", "-3", "--data-dir",
                dir.toString()), "--seed must be between 0 and 4294967295 with --numpy-compat");
    }

    @Test
    void numpyCompatSplitThatScikitLearnRefuses() throws IOException {
        writeMnist(dir, 20, 20, false);
        assertOneLineError(CliRunner.run("train", "--backend", "cpu", "--numpy-compat", "--split", "5,5", "--data-dir",
                dir.toString()), "at least one sample per class");
    }

    @Test
    void unknownOption() {
        assertOneLineError(CliRunner.run("train", "--epochz", "3"), "--epochz");
    }

    @Test
    void badNumber() {
        assertOneLineError(CliRunner.run("train", "--epochs", "many"), "many");
    }

    @Test
    void missingDataDir() {
        assertOneLineError(CliRunner.run("train", "--backend", "cpu", "--data-dir", dir.resolve("nope").toString()),
                "nope");
    }

    @Test
    void wrongMagicNumber() throws IOException {
        writeMnist(dir, 20, 20, false);
        byte[] bytes = Files.readAllBytes(dir.resolve("train-images-idx3-ubyte"));
        bytes[2] = 0x0D; // float type instead of unsigned byte
        Files.write(dir.resolve("train-images-idx3-ubyte"), bytes);
        assertOneLineError(CliRunner.run("train", "--backend", "cpu", "--data-dir", dir.toString()),
                "train-images-idx3-ubyte");
    }

    @Test
    void truncatedGzip() throws IOException {
        writeMnist(dir, 20, 20, true);
        Path gz = dir.resolve("t10k-images-idx3-ubyte.gz");
        byte[] bytes = Files.readAllBytes(gz);
        Files.write(gz, java.util.Arrays.copyOf(bytes, bytes.length / 2));
        assertOneLineError(CliRunner.run("train", "--backend", "cpu", "--data-dir", dir.toString()),
                "t10k-images-idx3-ubyte.gz");
    }

    @Test
    void imageLabelCountMismatch() throws IOException {
        writeMnist(dir, 20, 20, false);
        writeIdx(dir.resolve("train-labels-idx1-ubyte"), new int[] {19}, new byte[19], false);
        assertOneLineError(CliRunner.run("train", "--backend", "cpu", "--data-dir", dir.toString()), "20");
    }

    @Test
    void negativeEpochs() throws IOException {
        writeMnist(dir, 20, 20, false);
        assertOneLineError(CliRunner.run("train", "--backend", "cpu", "--epochs", "-1", "--data-dir", dir.toString()),
                "epochs");
    }

    /** Writes a small valid MNIST-format folder: {@code train} + {@code test} images of 28x28, labels cycling 0..9. */
    static void writeMnist(Path dir, int train, int test, boolean gzip) throws IOException {
        String ext = gzip ? ".gz" : "";
        java.util.Random rng = new java.util.Random(7);
        for (String[] f : new String[][] {{"train", String.valueOf(train)}, {"t10k", String.valueOf(test)}}) {
            int n = Integer.parseInt(f[1]);
            byte[] pixels = new byte[n * 784];
            byte[] labels = new byte[n];
            for (int i = 0; i < n; i++) {
                labels[i] = (byte) (i % 10);
                for (int p = 0; p < 784; p++) {
                    pixels[i * 784 + p] = (byte) rng.nextInt(256);
                }
            }
            writeIdx(dir.resolve(f[0] + "-images-idx3-ubyte" + ext), new int[] {n, 28, 28}, pixels, gzip);
            writeIdx(dir.resolve(f[0] + "-labels-idx1-ubyte" + ext), new int[] {n}, labels, gzip);
        }
    }

    static void writeIdx(Path file, int[] dims, byte[] payload, boolean gzip) throws IOException {
        ByteBuffer header = ByteBuffer.allocate(4 + 4 * dims.length);
        header.put((byte) 0).put((byte) 0).put((byte) 0x08).put((byte) dims.length);
        for (int d : dims) {
            header.putInt(d);
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (OutputStream out = gzip ? new GZIPOutputStream(bytes) : bytes) {
            out.write(header.array());
            out.write(payload);
        }
        Files.write(file, bytes.toByteArray());
    }
}
