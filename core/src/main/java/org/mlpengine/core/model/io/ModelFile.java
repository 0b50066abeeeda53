package org.mlpengine.core.model.io;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.CRC32;
import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonParseException;
import org.mlpengine.core.model.Mlp;
import org.mlpengine.core.model.RandomScheme;

/**
 * Reads and writes the {@code .mlpm} model file (format versions 1 and 2, docs/model-format.md). All integers
 * and floats are little-endian:
 * <pre>
 *   8 bytes   magic 0x89 'M' 'L' 'P' 'M' '\r' '\n' 0x1A
 *   u32       format version (1, or 2 when the run used a random scheme other than the engine's)
 *   u32       H, length of the JSON header
 *   H bytes   JSON header, UTF-8 ({@link ModelInfo})
 *   u32       L, number of weight layers
 *   u32 x L+1 layer sizes, input first
 *   per layer l: f32 x (sizes[l+1] * sizes[l]) weights, row-major; f32 x sizes[l+1] biases
 *   u32       CRC-32 (zlib's) of every byte before it
 * </pre>
 */
public final class ModelFile {
    public static final String EXTENSION = ".mlpm";
    /** The newest version: a model trained with {@link RandomScheme#NUMPY} is written as version 2. */
    public static final int VERSION = 2;
    /**
     * The version a model trained with the engine's own scheme is written as: its layout and meaning are those of
     * version 1, which older readers read correctly. Version 2 adds nothing but the header's
     * {@code training.randomScheme} other than "engine", so that an older reader refuses such a file instead of
     * evaluating it on the engine's split (whose test part would hold images the model trained on).
     */
    public static final int ENGINE_SCHEME_VERSION = 1;
    static final byte[] MAGIC = {(byte) 0x89, 'M', 'L', 'P', 'M', '\r', '\n', 0x1A};
    /** Far above any MLP this engine trains; stops a corrupt length from allocating gigabytes. */
    private static final long MAX_FILE_BYTES = 1L << 31;

    static final Gson GSON = new GsonBuilder().serializeSpecialFloatingPointValues().create();

    private ModelFile() {
    }

    /** Writes {@code saved} to {@code file} atomically. */
    public static void write(Path file, SavedModel saved) {
        try {
            AtomicFiles.write(file, encode(saved));
        } catch (IOException e) {
            throw new ModelFileException(file + ": cannot write: " + e.getMessage(), e);
        }
    }

    static byte[] encode(SavedModel saved) {
        Mlp m = saved.model();
        int[] sizes = m.sizes();
        byte[] header = GSON.toJson(saved.info()).getBytes(StandardCharsets.UTF_8);
        long params = parameterCount(sizes);
        long total = 16L + header.length + 4L * (sizes.length + 1) + 4 * params + 4;
        ByteBuffer b = ByteBuffer.allocate(Math.toIntExact(total)).order(ByteOrder.LITTLE_ENDIAN);
        b.put(MAGIC).putInt(version(saved.info())).putInt(header.length).put(header);
        b.putInt(m.layers());
        for (int s : sizes) {
            b.putInt(s);
        }
        for (int l = 0; l < m.layers(); l++) {
            b.asFloatBuffer().put(m.weights(l));
            b.position(b.position() + 4 * m.weights(l).length);
            b.asFloatBuffer().put(m.biases(l));
            b.position(b.position() + 4 * m.biases(l).length);
        }
        b.putInt((int) crc(b.array(), b.position()));
        return b.array();
    }

    static int version(ModelInfo info) {
        return info.training().scheme() == RandomScheme.ENGINE ? ENGINE_SCHEME_VERSION : VERSION;
    }

    /**
     * Reads and checks a model file.
     *
     * @throws ModelFileException one line naming the file: missing, not a model file, another format
     *                            version, truncated, corrupted (checksum), or an inconsistent header
     */
    public static SavedModel read(Path file) {
        byte[] bytes;
        try {
            long size = Files.size(file);
            if (size > MAX_FILE_BYTES) {
                throw new ModelFileException(file + ": not an mlp-engine model file (" + size + " bytes is too large)");
            }
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new ModelFileException(file + ": no such file");
        } catch (IOException e) {
            throw new ModelFileException(file + ": cannot read: " + e.getMessage(), e);
        }
        return decode(bytes, file.toString());
    }

    /** Magic and version, header, layer sizes, length and checksum, parameters; each step names what is wrong. */
    static SavedModel decode(byte[] bytes, String name) {
        ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        checkMagicAndVersion(bytes, b, name);
        String header = readHeader(bytes, b, name);
        int[] sizes = readLayerSizes(b, name);
        checkLengthAndChecksum(bytes, b.position(), sizes, name);
        Mlp model = readParameters(b, sizes);
        ModelInfo info = parseHeader(header, name);
        if (!Arrays.equals(info.layers(), sizes)) {
            throw corrupt(name, "header says layers " + Arrays.toString(info.layers()) + ", weights are "
                    + Arrays.toString(sizes));
        }
        if (!ModelInfo.SIGMOID.equals(info.activation())) {
            throw new ModelFileException(name + ": activation '" + info.activation() + "' is not supported (only "
                    + ModelInfo.SIGMOID + ")");
        }
        return new SavedModel(model, info);
    }

    private static void checkMagicAndVersion(byte[] bytes, ByteBuffer b, String name) {
        int magicSeen = Math.min(bytes.length, MAGIC.length);
        if (!Arrays.equals(bytes, 0, magicSeen, MAGIC, 0, magicSeen) || bytes.length == 0) {
            throw new ModelFileException(name + ": not an mlp-engine model file (no .mlpm magic header)");
        }
        need(b, MAGIC.length + 4, name, "the format version");
        b.position(MAGIC.length);
        int version = b.getInt();
        if (version != ENGINE_SCHEME_VERSION && version != VERSION) {
            throw new ModelFileException(name + ": model format version " + Integer.toUnsignedString(version)
                    + " is not supported (this build reads versions " + ENGINE_SCHEME_VERSION + " and " + VERSION + ")");
        }
    }

    private static String readHeader(byte[] bytes, ByteBuffer b, String name) {
        need(b, 4, name, "the header length");
        int headerLength = b.getInt();
        need(b, Integer.toUnsignedLong(headerLength), name, "the " + headerLength + "-byte header");
        String header = new String(bytes, b.position(), headerLength, StandardCharsets.UTF_8);
        b.position(b.position() + headerLength);
        return header;
    }

    private static int[] readLayerSizes(ByteBuffer b, String name) {
        need(b, 4, name, "the layer count");
        int layers = b.getInt();
        if (layers < 1 || layers > 1024) {
            throw corrupt(name, "layer count " + Integer.toUnsignedString(layers));
        }
        need(b, 4L * (layers + 1), name, "the layer sizes");
        int[] sizes = new int[layers + 1];
        for (int i = 0; i < sizes.length; i++) {
            sizes[i] = b.getInt();
            if (sizes[i] <= 0) {
                throw corrupt(name, "layer size " + Integer.toUnsignedString(sizes[i]));
            }
        }
        return sizes;
    }

    /** The file must be exactly the parameters {@code sizes} describe plus the checksum, and the checksum must hold. */
    private static void checkLengthAndChecksum(byte[] bytes, int parametersAt, int[] sizes, String name) {
        long expected;
        try {
            // Exact: lying sizes must not wrap around to the file's real length and then allocate.
            expected = Math.addExact(parametersAt + 4L, Math.multiplyExact(4L, exactParameterCount(sizes)));
        } catch (ArithmeticException e) {
            throw corrupt(name, "layer sizes " + Arrays.toString(sizes) + " describe more than 2^63 bytes");
        }
        if (bytes.length < expected) {
            throw new ModelFileException(name + ": truncated: layers " + Arrays.toString(sizes) + " need " + expected
                    + " bytes, the file has " + bytes.length);
        }
        if (bytes.length > expected) {
            throw corrupt(name, (bytes.length - expected) + " bytes after the checksum");
        }
        long stored = Integer.toUnsignedLong(ByteBuffer.wrap(bytes, bytes.length - 4, 4).order(ByteOrder.LITTLE_ENDIAN).getInt());
        long computed = crc(bytes, bytes.length - 4);
        if (stored != computed) {
            throw new ModelFileException(String.format("%s: checksum mismatch (stored %08x, computed %08x): the file is corrupted",
                    name, stored, computed));
        }
    }

    private static Mlp readParameters(ByteBuffer b, int[] sizes) {
        int layers = sizes.length - 1;
        float[][] w = new float[layers][];
        float[][] bias = new float[layers][];
        for (int l = 0; l < layers; l++) {
            w[l] = new float[sizes[l + 1] * sizes[l]];
            b.asFloatBuffer().get(w[l]);
            b.position(b.position() + 4 * w[l].length);
            bias[l] = new float[sizes[l + 1]];
            b.asFloatBuffer().get(bias[l]);
            b.position(b.position() + 4 * bias[l].length);
        }
        return new Mlp(sizes, w, bias);
    }

    private static ModelInfo parseHeader(String json, String name) {
        ModelInfo info;
        try {
            info = GSON.fromJson(json, ModelInfo.class);
        } catch (JsonParseException | IllegalArgumentException e) {
            throw corrupt(name, "header is not valid JSON: " + firstLine(e.getMessage()));
        } catch (RuntimeException e) {
            // Gson wraps what a record constructor throws (e.g. a null in "history") in a plain RuntimeException.
            throw corrupt(name, "header does not describe a model: " + firstLine(String.valueOf(
                    e.getCause() != null ? e.getCause() : e)));
        }
        if (info == null || info.kind() == null || info.layers() == null || info.activation() == null
                || info.input() == null || info.training() == null) {
            throw corrupt(name, "header lacks kind, layers, activation, input or training");
        }
        if (!ModelInfo.MODEL.equals(info.kind()) && !ModelInfo.CHECKPOINT.equals(info.kind())) {
            throw corrupt(name, "unknown kind '" + info.kind() + "'");
        }
        try {
            info.training().scheme();
        } catch (IllegalArgumentException e) {
            throw corrupt(name, e.getMessage());
        }
        return info;
    }

    private static void need(ByteBuffer b, long bytes, String name, String what) {
        if (b.remaining() < bytes) {
            throw new ModelFileException(name + ": truncated: the file ends inside " + what + " (" + b.limit()
                    + " bytes)");
        }
    }

    private static ModelFileException corrupt(String name, String what) {
        return new ModelFileException(name + ": corrupted model file: " + what);
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "(no details)";
        }
        int nl = message.indexOf('\n');
        return nl < 0 ? message : message.substring(0, nl);
    }

    /** As {@link #parameterCount} but throwing {@link ArithmeticException} where a long would overflow. */
    private static long exactParameterCount(int[] sizes) {
        long n = 0;
        for (int l = 0; l + 1 < sizes.length; l++) {
            n = Math.addExact(n, Math.addExact(Math.multiplyExact((long) sizes[l + 1], sizes[l]), sizes[l + 1]));
        }
        return n;
    }

    static long parameterCount(int[] sizes) {
        long n = 0;
        for (int l = 0; l + 1 < sizes.length; l++) {
            n += (long) sizes[l + 1] * sizes[l] + sizes[l + 1];
        }
        return n;
    }

    private static long crc(byte[] bytes, int length) {
        CRC32 c = new CRC32();
        c.update(bytes, 0, length);
        return c.getValue();
    }
}
