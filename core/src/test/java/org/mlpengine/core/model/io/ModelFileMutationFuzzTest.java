package org.mlpengine.core.model.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.zip.CRC32;
import org.junit.jupiter.api.Test;
import org.mlpengine.core.model.EpochResult;
import org.mlpengine.core.model.Mlp;
import org.mlpengine.core.testing.ByteMutations;

/**
 * A seeded mutation fuzzer for the {@code .mlpm} reader. From a fixed corpus of valid model and checkpoint
 * files it makes bit flips, byte overwrites, truncations, insertions, trailing bytes, header fields (version,
 * header length, layer count, layer sizes) set to extreme values, and edits of the JSON header. Half of the
 * mutated files get their CRC-32 recomputed, so the checks behind the checksum (layer sizes against the
 * JSON header, the JSON itself) are reached too, as they would be by a file written by a buggy or hostile
 * tool rather than damaged on disk.
 *
 * <p>Every input must end either in a model whose weights match its declared sizes or in the reader's own
 * {@link ModelFileException} with a one-line message: never an OutOfMemoryError from a lying header, an
 * index or arithmetic exception, a Gson exception, or a hang. The run is bounded (fixed count and seed) so it
 * is repeatable in CI; {@code -Dmlpm.fuzz.cases=N -Dmlpm.fuzz.seed=S} for a longer or different run.
 */
class ModelFileMutationFuzzTest {
    private static final int CASES = Integer.getInteger("mlpm.fuzz.cases", 20_000);
    private static final long SEED = Long.getLong("mlpm.fuzz.seed", 20261129L);

    private static List<byte[]> corpus() {
        List<byte[]> c = new ArrayList<>();
        c.add(ModelFile.encode(ModelFileTest.sample(ModelInfo.MODEL)));
        c.add(ModelFile.encode(ModelFileTest.sample(ModelInfo.CHECKPOINT)));
        c.add(ModelFile.encode(saved(new int[] {3, 2}, 1)));
        c.add(ModelFile.encode(saved(new int[] {20, 8, 6, 4}, 2)));
        return c;
    }

    static SavedModel saved(int[] sizes, long seed) {
        Mlp m = Mlp.initialize(sizes, seed);
        ModelInfo info = new ModelInfo(ModelInfo.CHECKPOINT, sizes, ModelInfo.SIGMOID, ModelInfo.Input.mnist(sizes[0]),
                new ModelInfo.Training(10, 0.5f, 3, seed, 10, 10, "0badf00d", "cpu", "[0] fuzz"), 1,
                List.of(new EpochResult(1, 0.2, 0.3, 0.2, 0.3, 0.1, 0.2, 100)), null, "mlp-engine fuzz",
                "2026-11-29T00:00:00Z");
        return new SavedModel(m, info);
    }

    @Test
    void everyMutationEndsInAModelOrAClearError() {
        List<byte[]> corpus = corpus();
        SplittableRandom rng = new SplittableRandom(SEED);
        Map<String, Integer> outcomes = new TreeMap<>();
        int[] crcFixed = new int[1];
        long t0 = System.nanoTime();
        assertTimeoutPreemptively(Duration.ofSeconds(120), () -> {
            for (int i = 0; i < CASES; i++) {
                byte[] input = mutate(corpus.get(rng.nextInt(corpus.size())), rng);
                if (rng.nextBoolean() && input.length >= 4) {
                    fixCrc(input);
                    crcFixed[0]++;
                }
                String outcome;
                try {
                    SavedModel s = ModelFile.decode(input, "case-" + i);
                    checkConsistent(s, i);
                    outcome = "read";
                } catch (ModelFileException e) {
                    String msg = e.getMessage();
                    if (msg == null || msg.isBlank() || msg.contains("\n") || !msg.startsWith("case-" + i + ": ")) {
                        fail("case " + i + ": error message must be one line naming the file: " + msg);
                    }
                    outcome = "rejected: " + kind(msg.substring(("case-" + i + ": ").length()));
                } catch (Throwable t) {
                    throw new AssertionError("case " + i + " (" + hex(input) + ") escaped as " + t, t);
                }
                outcomes.merge(outcome, 1, Integer::sum);
            }
        });
        double seconds = (System.nanoTime() - t0) / 1e9;
        System.out.printf("MLPM fuzz: %d cases (seed %d, %d with the CRC recomputed) in %.1f s%n", CASES, SEED,
                crcFixed[0], seconds);
        outcomes.forEach((k, v) -> System.out.printf("  %6d  %s%n", v, k));
        assertEquals(CASES, outcomes.values().stream().mapToInt(Integer::intValue).sum());
    }

    @Test
    void unmutatedCorpusReadsBack() {
        for (byte[] input : corpus()) {
            checkConsistent(ModelFile.decode(input, "corpus"), -1);
        }
    }

    /**
     * Hand-made lies that a checksum cannot catch because the writer computed it: layer sizes whose parameter
     * count overflows 64-bit arithmetic back to the file's real length, and sizes too big for one Java array.
     */
    @Test
    void sizesWhoseProductOverflowsAreRejectedNotAllocated() {
        int[] wraps = overflowingSizes();
        assertEquals(12, 4 * ModelFile.parameterCount(wraps), "the sizes wrap to three floats");
        Object[][] lies = {
                {wraps, 3}, // with exactly the three floats the wrapped size asks for
                {new int[] {Integer.MAX_VALUE, Integer.MAX_VALUE, Integer.MAX_VALUE}, 0},
                {new int[] {65536, 65536, 1}, 0},
                {new int[] {46341, 46341}, 0},
        };
        for (Object[] lie : lies) {
            int[] sizes = (int[]) lie[0];
            byte[] file = withLayerSizes(sizes, (Integer) lie[1]);
            ModelFileException e = assertThrows(ModelFileException.class, () -> ModelFile.decode(file, "lie"),
                    () -> "sizes " + Arrays.toString(sizes));
            System.out.println("MLPM lying sizes " + Arrays.toString(sizes) + ": " + e.getMessage());
            assertTrue(e.getMessage().startsWith("lie: "), e.getMessage());
        }
    }

    /**
     * Sizes {a, b, c} whose parameter count {@code b*(a+1) + c*(b+1)} is {@code 2^62 + 3}: four bytes each
     * is {@code 2^64 + 12}, which 64-bit arithmetic wraps to 12 bytes, three floats.
     */
    static int[] overflowingSizes() {
        long target = (1L << 62) + 3;
        for (long b = Integer.MAX_VALUE; b > Integer.MAX_VALUE - 4096; b--) {
            long c = target % b; // c*(b+1) == c (mod b), so this makes the rest divisible by b
            long rest = target - c * (b + 1);
            long a = rest / b - 1;
            if (c > 0 && rest > 0 && rest % b == 0 && a > 0 && a <= Integer.MAX_VALUE) {
                return new int[] {(int) a, (int) b, (int) c};
            }
        }
        throw new AssertionError("no overflowing sizes found");
    }

    /** JSON headers that parse but lie, each in a file whose sizes and checksum are right. */
    @Test
    void hostileJsonHeadersAreRejectedInOneLine() {
        SavedModel good = saved(new int[] {3, 2}, 1);
        String json = ModelFile.GSON.toJson(good.info());
        String deep = "[".repeat(100_000) + "]".repeat(100_000);
        String[] headers = {
                json.replaceFirst("\"history\":\\[", "\"history\":[null,"),
                json.replaceFirst("\"layers\":\\[3,2]", "\"layers\":null"),
                json.replaceFirst("\"layers\":\\[3,2]", "\"layers\":[1e40,2]"),
                json.replaceFirst("\"layers\":\\[3,2]", "\"layers\":[3,2,1]"),
                json.replaceFirst("\\{", "{\"extra\":" + deep + ","),
                json.replaceFirst("\"input\":", "\"input\":" + deep + ",\"x\":"),
                json.replaceFirst("\"epochsCompleted\":1", "\"epochsCompleted\":99999999999"),
                "null", "", "[]", "\"text\"", json.substring(0, json.length() / 2), json + json,
        };
        for (String h : headers) {
            byte[] file = withHeader(good, h);
            ModelFileException e = assertThrows(ModelFileException.class, () -> ModelFile.decode(file, "hdr"),
                    () -> "header " + (h.length() > 200 ? h.substring(0, 200) + "..." : h));
            String msg = e.getMessage();
            System.out.println("MLPM hostile header: " + (msg.length() > 160 ? msg.substring(0, 160) + "..." : msg));
            assertTrue(msg.startsWith("hdr: ") && !msg.contains("\n"), msg);
        }
    }

    /** {@code s}'s file with its JSON header replaced by {@code json}, lengths and CRC fixed. */
    static byte[] withHeader(SavedModel s, String json) {
        byte[] good = ModelFile.encode(s);
        ByteBuffer bb = ByteBuffer.wrap(good).order(ByteOrder.LITTLE_ENDIAN);
        int h = bb.getInt(12);
        byte[] e = json.getBytes(StandardCharsets.UTF_8);
        byte[] out = new byte[good.length - h + e.length];
        System.arraycopy(good, 0, out, 0, 16);
        System.arraycopy(e, 0, out, 16, e.length);
        System.arraycopy(good, 16 + h, out, 16 + e.length, good.length - 16 - h);
        ByteBuffer.wrap(out).order(ByteOrder.LITTLE_ENDIAN).putInt(12, e.length);
        fixCrc(out);
        return out;
    }

    /** A model file with the given layer sizes, {@code floats} weight floats, an honest header and a valid CRC. */
    static byte[] withLayerSizes(int[] sizes, int floats) {
        ModelInfo info = saved(new int[] {3, 2}, 1).info();
        ModelInfo lying = new ModelInfo(info.kind(), sizes, info.activation(), info.input(), info.training(),
                info.epochsCompleted(), info.history(), info.test(), info.createdBy(), info.createdAt());
        byte[] header = ModelFile.GSON.toJson(lying).getBytes(StandardCharsets.UTF_8);
        ByteBuffer b = ByteBuffer.allocate(16 + header.length + 4 + 4 * sizes.length + 4 * floats + 4)
                .order(ByteOrder.LITTLE_ENDIAN);
        b.put(ModelFile.MAGIC).putInt(ModelFile.VERSION).putInt(header.length).put(header).putInt(sizes.length - 1);
        for (int s : sizes) {
            b.putInt(s);
        }
        byte[] bytes = b.array();
        fixCrc(bytes);
        return bytes;
    }

    private static void checkConsistent(SavedModel s, int i) {
        Mlp m = s.model();
        int[] sizes = m.sizes();
        assertArrayEquals(sizes, s.info().layers(), "case " + i);
        for (int l = 0; l < m.layers(); l++) {
            assertEquals((long) sizes[l + 1] * sizes[l], m.weights(l).length, "case " + i + " layer " + l);
            assertEquals(sizes[l + 1], m.biases(l).length, "case " + i + " layer " + l);
        }
    }

    /** The kind of rejection, without the numbers: "truncated", "checksum mismatch", "corrupted model file: ...". */
    private static String kind(String msg) {
        String k = msg.replaceAll("'[^']*'", "'...'").replaceAll("\\[[^]]*]", "[...]")
                .replaceAll("\\b[0-9a-f]{8}\\b", "#").replaceAll("-?[0-9]+", "#");
        int cut = k.indexOf(':', k.startsWith("corrupted model file: ") ? "corrupted model file: ".length() : 0);
        k = cut < 0 ? k : k.substring(0, cut);
        for (String prefix : new String[] {"corrupted model file: header is not valid JSON",
                "corrupted model file: header does not describe a model"}) {
            if (k.startsWith(prefix)) {
                return prefix;
            }
        }
        return k.length() > 90 ? k.substring(0, 90) + "..." : k;
    }

    static void fixCrc(byte[] b) {
        CRC32 crc = new CRC32();
        crc.update(b, 0, b.length - 4);
        ByteBuffer.wrap(b, b.length - 4, 4).order(ByteOrder.LITTLE_ENDIAN).putInt((int) crc.getValue());
    }

    private static final String[] JSON_EDITS = {
            "null", "[null]", "{}", "[]", "1e400", "-1", "2147483648", "\"\"", "\"x\"", "[1e40]", "[-3,4]",
            "{\"kind\":null}", "[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[", "\"\\ud800\"", "true", "NaN", "[0]",
    };

    private static final ByteMutations MUTATIONS = new ByteMutations(
            (b, rng) -> { extremeField(b, rng); return b; },
            (b, rng) -> { extremeField(b, rng); return b; },
            ModelFileMutationFuzzTest::editJson);

    private static byte[] mutate(byte[] seed, SplittableRandom rng) {
        return MUTATIONS.mutate(seed, rng);
    }

    /** Sets the version, header length, layer count or one layer size to an extreme value. */
    private static void extremeField(byte[] b, SplittableRandom rng) {
        if (b.length < 16) {
            return;
        }
        ByteBuffer bb = ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
        int headerLength = bb.getInt(12);
        List<Integer> fields = new ArrayList<>(List.of(8, 12));
        long layersAt = 16L + Integer.toUnsignedLong(headerLength);
        if (layersAt + 4 <= b.length) {
            fields.add((int) layersAt);
            int layers = bb.getInt((int) layersAt);
            for (int i = 0; i <= Math.min(layers, 8) && layersAt + 8 + 4L * i <= b.length; i++) {
                fields.add((int) layersAt + 4 + 4 * i);
            }
        }
        int at = fields.get(rng.nextInt(fields.size()));
        int v = switch (rng.nextInt(8)) {
            case 0 -> Integer.MAX_VALUE;
            case 1 -> Integer.MIN_VALUE;
            case 2 -> 0;
            case 3 -> -1;
            case 4 -> 1 << (16 + rng.nextInt(15));
            case 5 -> bb.getInt(at) + rng.nextInt(-2, 3);
            default -> rng.nextInt();
        };
        bb.putInt(at, v);
    }

    /** Replaces a token of the JSON header with a hostile one and fixes the header length to match. */
    private static byte[] editJson(byte[] b, SplittableRandom rng) {
        if (b.length < 16) {
            return b;
        }
        ByteBuffer bb = ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
        int h = bb.getInt(12);
        if (h <= 0 || 16L + h > b.length) {
            return b;
        }
        String json = new String(b, 16, h, StandardCharsets.UTF_8);
        int from = rng.nextInt(json.length());
        int to = Math.min(json.length(), from + rng.nextInt(12));
        String edited = json.substring(0, from) + JSON_EDITS[rng.nextInt(JSON_EDITS.length)] + json.substring(to);
        byte[] e = edited.getBytes(StandardCharsets.UTF_8);
        byte[] out = new byte[b.length - h + e.length];
        System.arraycopy(b, 0, out, 0, 16);
        System.arraycopy(e, 0, out, 16, e.length);
        System.arraycopy(b, 16 + h, out, 16 + e.length, b.length - 16 - h);
        ByteBuffer.wrap(out).order(ByteOrder.LITTLE_ENDIAN).putInt(12, e.length);
        return out;
    }

    private static String hex(byte[] b) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < Math.min(b.length, 24); i++) {
            sb.append(String.format("%02x", b[i]));
        }
        return sb + (b.length > 24 ? "... (" + b.length + " bytes)" : "");
    }
}
