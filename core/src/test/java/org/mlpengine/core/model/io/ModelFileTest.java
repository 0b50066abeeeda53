package org.mlpengine.core.model.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.zip.CRC32;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mlpengine.core.model.EpochResult;
import org.mlpengine.core.model.Mlp;
import org.mlpengine.core.model.RandomScheme;

class ModelFileTest {
    @TempDir
    Path dir;

    static SavedModel sample(String kind) {
        Mlp m = Mlp.initialize(new int[] {12, 5, 3}, 42);
        m.biases(0)[2] = -0.25f;
        m.weights(1)[7] = Float.MIN_VALUE; // subnormals must survive too
        List<EpochResult> history = List.of(new EpochResult(1, 0.09, 0.5, 0.1, 0.45, 1.5, 2.0, 500),
                new EpochResult(2, 0.05, 0.8, 0.06, 0.75, 1.4, 1.9, 500));
        ModelInfo info = new ModelInfo(kind, m.sizes(), ModelInfo.SIGMOID, ModelInfo.Input.mnist(12),
                new ModelInfo.Training(100, 0.1f, 5, 123, 10000, 5000, "deadbeef", "cpu", "[0] test device"),
                2, history, kind.equals(ModelInfo.MODEL) ? new ModelInfo.TestMetrics(0.04, 0.9451) : null,
                "mlp-engine test", "2025-01-01T00:00:00Z");
        return new SavedModel(m, info);
    }

    private Path written(SavedModel s) {
        Path f = dir.resolve("m.mlpm");
        ModelFile.write(f, s);
        return f;
    }

    private static String error(Path f) {
        return assertThrows(ModelFileException.class, () -> ModelFile.read(f)).getMessage();
    }

    @Test
    void roundTripKeepsEveryBitAndTheHeader() {
        for (String kind : new String[] {ModelInfo.MODEL, ModelInfo.CHECKPOINT}) {
            SavedModel s = sample(kind);
            SavedModel back = ModelFile.read(written(s));
            assertEquals(s.info(), back.info());
            for (int l = 0; l < s.model().layers(); l++) {
                assertArrayEquals(s.model().weights(l), back.model().weights(l));
                assertArrayEquals(s.model().biases(l), back.model().biases(l));
            }
        }
    }

    @Test
    void layoutIsTheDocumentedOne() throws IOException {
        SavedModel s = sample(ModelInfo.MODEL);
        byte[] b = Files.readAllBytes(written(s));
        ByteBuffer bb = ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
        assertArrayEquals(new byte[] {(byte) 0x89, 'M', 'L', 'P', 'M', '\r', '\n', 0x1A}, Arrays.copyOf(b, 8));
        assertEquals(1, bb.getInt(8));
        int h = bb.getInt(12);
        assertTrue(new String(b, 16, h, StandardCharsets.UTF_8).contains("\"activation\":\"sigmoid\""));
        bb.position(16 + h);
        assertEquals(2, bb.getInt());
        assertArrayEquals(new int[] {12, 5, 3}, new int[] {bb.getInt(), bb.getInt(), bb.getInt()});
        assertEquals(s.model().weights(0)[0], bb.getFloat());
        CRC32 crc = new CRC32();
        crc.update(b, 0, b.length - 4);
        assertEquals(crc.getValue(), Integer.toUnsignedLong(bb.getInt(b.length - 4)));
        assertEquals(16 + h + 4 + 12 + 4 * (12 * 5 + 5 + 5 * 3 + 3) + 4, b.length);
    }

    @Test
    void truncatedAnywhereSaysTruncated() throws IOException {
        Path f = written(sample(ModelInfo.MODEL));
        byte[] b = Files.readAllBytes(f);
        for (int len : new int[] {3, 8, 10, 14, 20, b.length / 2, b.length - 5, b.length - 1}) {
            Path cut = dir.resolve("cut-" + len + ".mlpm");
            Files.write(cut, Arrays.copyOf(b, len));
            String msg = error(cut);
            assertTrue(msg.startsWith(cut + ": truncated"), msg);
        }
    }

    @Test
    void flippedBitIsACheckSumMismatch() throws IOException {
        Path f = written(sample(ModelInfo.MODEL));
        byte[] b = Files.readAllBytes(f);
        b[b.length - 40] ^= 0x10; // inside the last layer's biases
        Files.write(f, b);
        String msg = error(f);
        assertTrue(msg.startsWith(f + ": checksum mismatch"), msg);
        assertTrue(msg.contains("corrupted"), msg);
    }

    @Test
    void otherFilesAreNotModels() throws IOException {
        Path text = dir.resolve("notes.txt");
        Files.writeString(text, "hello, this is not a model\n");
        assertEquals(text + ": not an mlp-engine model file (no .mlpm magic header)", error(text));
        Path empty = Files.createFile(dir.resolve("empty.mlpm"));
        assertTrue(error(empty).startsWith(empty + ": not an mlp-engine model file"));
        assertEquals(dir.resolve("nope.mlpm") + ": no such file", error(dir.resolve("nope.mlpm")));
    }

    @Test
    void anotherVersionIsNamed() throws IOException {
        Path f = written(sample(ModelInfo.MODEL));
        byte[] b = Files.readAllBytes(f);
        b[8] = 3;
        Files.write(f, b);
        assertEquals(f + ": model format version 3 is not supported (this build reads versions 1 and 2)", error(f));
    }

    /** A model trained with the NumPy scheme is version 2, so that a reader of version 1 refuses it. */
    @Test
    void numpySchemeIsVersionTwoAndRoundTrips() throws IOException {
        SavedModel engine = sample(ModelInfo.MODEL);
        ModelInfo.Training t = engine.info().training();
        assertEquals(RandomScheme.ENGINE, t.scheme());
        ModelInfo.Training numpy = new ModelInfo.Training(t.batchSize(), t.learningRate(), t.epochs(), t.seed(),
                t.splitTest(), t.splitValid(), t.dataFingerprint(), t.backend(), t.device(), RandomScheme.NUMPY.id());
        ModelInfo i = engine.info();
        SavedModel s = new SavedModel(engine.model(), new ModelInfo(i.kind(), i.layers(), i.activation(), i.input(),
                numpy, i.epochsCompleted(), i.history(), i.test(), i.createdBy(), i.createdAt()));
        Path f = written(s);
        assertEquals(2, ByteBuffer.wrap(Files.readAllBytes(f)).order(ByteOrder.LITTLE_ENDIAN).getInt(8));
        SavedModel back = ModelFile.read(f);
        assertEquals(s.info(), back.info());
        assertEquals(RandomScheme.NUMPY, back.info().training().scheme());
        assertEquals(1, ByteBuffer.wrap(Files.readAllBytes(written(engine))).order(ByteOrder.LITTLE_ENDIAN).getInt(8));
    }

    /** Files written before the scheme was recorded have no randomScheme: they used the engine's. */
    @Test
    void headerWithoutSchemeMeansTheEngines() throws IOException {
        SavedModel s = sample(ModelInfo.MODEL);
        String json = ModelFile.GSON.toJson(s.info());
        String old = json.replace(",\"randomScheme\":\"engine\"", "");
        assertTrue(old.length() < json.length(), json);
        Path f = dir.resolve("old.mlpm");
        Files.write(f, ModelFileMutationFuzzTest.withHeader(s, old));
        ModelInfo.Training t = ModelFile.read(f).info().training();
        assertEquals(null, t.randomScheme());
        assertEquals(RandomScheme.ENGINE, t.scheme());
    }

    @Test
    void unknownSchemeIsRejected() throws IOException {
        SavedModel s = sample(ModelInfo.MODEL);
        String json = ModelFile.GSON.toJson(s.info()).replace("\"randomScheme\":\"engine\"", "\"randomScheme\":\"torch\"");
        Path f = dir.resolve("torch.mlpm");
        Files.write(f, ModelFileMutationFuzzTest.withHeader(s, json));
        assertEquals(f + ": corrupted model file: unknown random scheme 'torch' (known: [engine, numpy])", error(f));
    }

    @Test
    void rewritingReplacesTheFileAndLeavesNoTemporaryFiles() throws IOException {
        Path f = written(sample(ModelInfo.CHECKPOINT));
        ModelFile.write(f, sample(ModelInfo.MODEL));
        assertEquals(ModelInfo.MODEL, ModelFile.read(f).info().kind());
        try (var files = Files.list(dir)) {
            assertEquals(List.of(f), files.toList());
        }
    }
}
