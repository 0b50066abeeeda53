package org.mlpengine.core.model.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mlpengine.core.model.Mlp;

class NpzTest {
    @TempDir
    Path dir;

    @Test
    void npyHeaderIsVersionOnePaddedTo64Bytes() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Npz.writeNpy(out, Npz.Array.of(new float[] {1.5f, -2f, 3f, 4f, 5f, 6f}, 2, 3));
        byte[] b = out.toByteArray();
        assertArrayEquals(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0}, Arrays.copyOf(b, 8));
        int headerLen = (b[8] & 0xFF) | (b[9] & 0xFF) << 8;
        assertEquals(0, (10 + headerLen) % 64);
        String header = new String(b, 10, headerLen, StandardCharsets.US_ASCII);
        assertEquals("{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), }", header.strip());
        assertEquals('\n', header.charAt(header.length() - 1));
        ByteBuffer data = ByteBuffer.wrap(b, 10 + headerLen, 24).order(ByteOrder.LITTLE_ENDIAN);
        assertEquals(1.5f, data.getFloat());
        assertEquals(-2f, data.getFloat());
        assertEquals(10 + headerLen + 24, b.length);
    }

    @Test
    void oneDimensionalShapeHasTheTrailingComma() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Npz.writeNpy(out, Npz.Array.of(new int[] {784, 50, 10}, 3));
        String header = new String(out.toByteArray(), 10, 118, StandardCharsets.US_ASCII);
        assertEquals("{'descr': '<i4', 'fortran_order': False, 'shape': (3,), }", header.strip());
    }

    @Test
    void modelArchiveHoldsSizesThenWeightAndBiasPerLayer() throws IOException {
        Mlp m = Mlp.initialize(new int[] {6, 4, 3, 2}, 1);
        Path f = dir.resolve("w.npz");
        Npz.write(f, Npz.arrays(m));
        List<String> names = new ArrayList<>();
        try (ZipFile zip = new ZipFile(f.toFile())) {
            for (ZipEntry e : java.util.Collections.list(zip.entries())) {
                names.add(e.getName());
            }
        }
        assertEquals(List.of("layer_sizes.npy", "weight_1.npy", "bias_1.npy", "weight_2.npy", "bias_2.npy",
                "weight_3.npy", "bias_3.npy"), names);
    }
}
