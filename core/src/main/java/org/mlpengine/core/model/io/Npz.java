package org.mlpengine.core.model.io;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import org.mlpengine.core.model.Mlp;

/**
 * Writes NumPy {@code .npz} archives: a zip of {@code NAME.npy} files in NPY format 1.0 (little-endian
 * float32 {@code '<f4'} or int32 {@code '<i4'}, C order), which {@code numpy.load} reads without pickle.
 */
public final class Npz {
    private static final byte[] NPY_MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0};

    /** One array: float or int data in row-major order, with its shape. */
    public record Array(float[] floats, int[] ints, int... shape) {
        public static Array of(float[] data, int... shape) {
            return new Array(data, null, shape);
        }

        public static Array of(int[] data, int... shape) {
            return new Array(null, data, shape);
        }

        long length() {
            return floats != null ? floats.length : ints.length;
        }
    }

    private Npz() {
    }

    /**
     * A model's arrays: {@code layer_sizes} (int32), and per layer {@code l = 1..L} {@code weight_l}
     * ({@code sizes[l] x sizes[l-1]}) and {@code bias_l} ({@code sizes[l]}), so that layer l computes
     * {@code sigmoid(x @ weight_l.T + bias_l)}.
     */
    public static Map<String, Array> arrays(Mlp model) {
        int[] sizes = model.sizes();
        Map<String, Array> arrays = new LinkedHashMap<>();
        arrays.put("layer_sizes", Array.of(sizes, sizes.length));
        for (int l = 0; l < model.layers(); l++) {
            arrays.put("weight_" + (l + 1), Array.of(model.weights(l), sizes[l + 1], sizes[l]));
            arrays.put("bias_" + (l + 1), Array.of(model.biases(l), sizes[l + 1]));
        }
        return arrays;
    }

    /** Writes the arrays, in map order, to {@code file} atomically. */
    public static void write(Path file, Map<String, Array> arrays) throws IOException {
        AtomicFiles.write(file, out -> {
            ZipOutputStream zip = new ZipOutputStream(out);
            for (Map.Entry<String, Array> e : arrays.entrySet()) {
                zip.putNextEntry(new ZipEntry(e.getKey() + ".npy"));
                writeNpy(zip, e.getValue());
                zip.closeEntry();
            }
            zip.finish();
        });
    }

    /** One NPY 1.0 file: magic, version, header length, a padded Python dict literal, then the raw data. */
    static void writeNpy(OutputStream out, Array a) throws IOException {
        long count = 1;
        StringBuilder shape = new StringBuilder("(");
        for (int d : a.shape()) {
            shape.append(d).append(", ");
            count *= d;
        }
        if (count != a.length()) {
            throw new IllegalArgumentException("shape has " + count + " elements, data has " + a.length());
        }
        // NumPy writes "(n,)" for one dimension and "(a, b)" for more.
        String dims = a.shape().length == 1 ? shape.substring(0, shape.length() - 1) + ")"
                : shape.substring(0, shape.length() - 2) + ")";
        String dict = "{'descr': '" + (a.floats() != null ? "<f4" : "<i4") + "', 'fortran_order': False, 'shape': "
                + dims + ", }";
        // The header (magic + 2-byte length + dict + '\n') is padded with spaces to a multiple of 64 bytes.
        int unpadded = NPY_MAGIC.length + 2 + dict.length() + 1;
        int padded = (unpadded + 63) / 64 * 64;
        String header = dict + " ".repeat(padded - unpadded) + "\n";
        out.write(NPY_MAGIC);
        out.write(header.length() & 0xFF);
        out.write(header.length() >>> 8);
        out.write(header.getBytes(StandardCharsets.US_ASCII));
        ByteBuffer b = ByteBuffer.allocate(Math.toIntExact(4 * a.length())).order(ByteOrder.LITTLE_ENDIAN);
        if (a.floats() != null) {
            b.asFloatBuffer().put(a.floats());
        } else {
            b.asIntBuffer().put(a.ints());
        }
        out.write(b.array());
    }
}
