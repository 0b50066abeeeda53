package org.mlpengine.core.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mlpengine.core.data.SyntheticFiles.concat;
import static org.mlpengine.core.data.SyntheticFiles.gzip;
import static org.mlpengine.core.data.SyntheticFiles.idx;
import static org.mlpengine.core.data.SyntheticFiles.idxWithMagic;
import static org.mlpengine.core.data.SyntheticFiles.write;

import java.io.ByteArrayInputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IdxTest {

    @TempDir
    Path dir;

    private static final byte[] PIXELS = SyntheticFiles.pixels(3, 4, 5, 1);

    private IdxFormatException fails(String name, byte[] content) {
        Path p = write(dir, name, content);
        IdxFormatException e = assertThrows(IdxFormatException.class, () -> Idx.read(p));
        String m = e.getMessage();
        assertTrue(m.startsWith(p.toString() + ": "), m);
        assertFalse(m.contains("\n"), "one line: " + m);
        return e;
    }

    @Test
    void readsRawAndGzipTheSame() {
        IdxArray raw = Idx.read(write(dir, "a-idx3-ubyte", idx(PIXELS, 3, 4, 5)));
        IdxArray gz = Idx.read(write(dir, "a-idx3-ubyte.gz", gzip(idx(PIXELS, 3, 4, 5))));
        assertArrayEquals(new int[] {3, 4, 5}, raw.dims());
        assertArrayEquals(PIXELS, raw.data());
        assertEquals(raw, gz);
        assertEquals(3, raw.count());
        assertEquals(20, raw.itemSize());
        assertEquals("[3, 4, 5]", raw.shape());
        IdxArray labels = Idx.read(write(dir, "l", idx(new byte[] {9, 0, (byte) 200}, 3)));
        assertEquals(200, labels.unsigned(2));
        assertEquals(1, labels.itemSize());
    }

    @Test
    void gzipIsDetectedByMagicNotByName() {
        IdxArray a = Idx.read(write(dir, "no-extension", gzip(idx(PIXELS, 3, 20))));
        IdxArray b = Idx.read(write(dir, "misnamed.gz", idx(PIXELS, 3, 20)));
        assertEquals(a, b);
    }

    @Test
    void fourDimensionsAllowed() {
        assertArrayEquals(new int[] {3, 2, 2, 5}, Idx.read(write(dir, "x", idx(PIXELS, 3, 2, 2, 5))).dims());
    }

    @Test
    void badMagic() {
        IdxFormatException e = fails("train-images-idx3-ubyte", idxWithMagic(0x12340803, PIXELS, 3, 4, 5));
        assertTrue(e.getMessage().endsWith(": bad magic 0x12340803, expected 0x00000803 or 0x00000801"
                + " (IDX unsigned byte; 0x0000080N for N dimensions, N = 1..4)"), e.getMessage());
        // a PNG is not IDX either
        fails("png", new byte[] {(byte) 0x89, 'P', 'N', 'G', 0, 0, 0, 0});
    }

    @Test
    void wrongTypeByte() {
        IdxFormatException e = fails("f", idxWithMagic(0x0D03, PIXELS, 3, 4, 5));
        assertTrue(e.getMessage().endsWith(": bad magic 0x00000D03: element type 0x0D (float) is not supported,"
                + " expected 0x08 (unsigned byte)"), e.getMessage());
        e = fails("g", idxWithMagic(0x0102, PIXELS, 3, 20));
        assertTrue(e.getMessage().contains("bad magic 0x00000102: element type 0x01"), e.getMessage());
    }

    @Test
    void dimensionCountOutOfRange() {
        assertTrue(fails("d0", idxWithMagic(0x0800, new byte[0])).getMessage()
                .endsWith("bad magic 0x00000800: 0 dimensions, expected 1 to 4"));
        assertTrue(fails("d5", idxWithMagic(0x0805, PIXELS, 3, 1, 1, 4, 5)).getMessage()
                .endsWith("bad magic 0x00000805: 5 dimensions, expected 1 to 4"));
    }

    @Test
    void zeroDimension() {
        IdxFormatException e = fails("z", idx(new byte[0], 3, 0, 5));
        assertTrue(e.getMessage().endsWith(": dimension 1 of [3, 0, 5] is 0, every dimension must be > 0"), e.getMessage());
        fails("z.gz", gzip(idx(new byte[0], 0)));
    }

    @Test
    void truncatedRaw() {
        byte[] full = idx(PIXELS, 3, 4, 5);
        IdxFormatException e = fails("train-images-idx3-ubyte", Arrays.copyOf(full, full.length - 7));
        assertTrue(e.getMessage().endsWith(": truncated: header promises 60 pixel bytes [3, 4, 5], file holds 53"),
                e.getMessage());
        e = fails("labels", Arrays.copyOf(idx(new byte[10], 10), 14));
        assertTrue(e.getMessage().endsWith(": truncated: header promises 10 label bytes [10], file holds 6"), e.getMessage());
    }

    @Test
    void truncatedHeader() {
        assertTrue(fails("h1", new byte[] {0, 0, 8}).getMessage().contains("ends inside the IDX header (3 of 4 magic bytes)"));
        assertTrue(fails("h2", Arrays.copyOf(idx(PIXELS, 3, 4, 5), 10)).getMessage()
                .contains("ends inside the IDX header (6 of 12 dimension bytes for 3 dimensions)"));
        fails("empty", new byte[0]);
        fails("h3.gz", gzip(new byte[] {0, 0, 8, 3, 0, 0}));
    }

    @Test
    void truncatedGzipFile() {
        byte[] gz = gzip(idx(SyntheticFiles.pixels(100, 28, 28, 3), 100, 28, 28));
        IdxFormatException e = fails("train-images-idx3-ubyte.gz", Arrays.copyOf(gz, gz.length / 2));
        assertTrue(e.getMessage().contains(": truncated: header promises 78400 pixel bytes [100, 28, 28],"
                + " the gzip stream ends after "), e.getMessage());
        assertTrue(e.getMessage().endsWith(" (Unexpected end of ZLIB input stream), the .gz file is cut short"), e.getMessage());
        // cut inside the gzip trailer (CRC / size), after all the data
        e = fails("cut-trailer.gz", Arrays.copyOf(gz, gz.length - 3));
        assertTrue(e.getMessage().endsWith(": truncated: the gzip stream ends early, the .gz file is cut short"), e.getMessage());
    }

    @Test
    void gzipOfTruncatedIdx() {
        byte[] full = idx(PIXELS, 3, 4, 5);
        IdxFormatException e = fails("t.gz", gzip(Arrays.copyOf(full, full.length - 1)));
        assertTrue(e.getMessage().endsWith(": truncated: header promises 60 pixel bytes [3, 4, 5], uncompressed stream holds 59"),
                e.getMessage());
    }

    @Test
    void trailingBytes() {
        byte[] extra = concat(idx(PIXELS, 3, 4, 5), new byte[] {1, 2});
        IdxFormatException e = fails("r", extra);
        assertTrue(e.getMessage().endsWith(": trailing bytes: header promises 60 pixel bytes [3, 4, 5], file holds 62 (2 extra)"),
                e.getMessage());
        e = fails("r.gz", gzip(extra));
        assertTrue(e.getMessage().endsWith(": trailing bytes: header promises 60 pixel bytes [3, 4, 5],"
                + " uncompressed stream holds 62 (2 extra)"), e.getMessage());
    }

    @Test
    void corruptGzip() {
        byte[] notGzip = {0x1f, (byte) 0x8b, 0x08, 0, 0, 0, 0, 0, 0, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9};
        IdxFormatException e = fails("c.gz", notGzip);
        assertTrue(e.getMessage().contains(": not a gzip stream/corrupt gzip: "), e.getMessage());
        // bad compression method in the gzip header
        byte[] gz = gzip(idx(PIXELS, 3, 4, 5));
        byte[] badMethod = gz.clone();
        badMethod[2] = 7;
        assertTrue(fails("m.gz", badMethod).getMessage().contains("not a gzip stream/corrupt gzip: "));
        // flipped CRC in the trailer
        byte[] badCrc = gz.clone();
        badCrc[badCrc.length - 6] ^= 0x55;
        assertTrue(fails("crc.gz", badCrc).getMessage().contains("not a gzip stream/corrupt gzip: Corrupt GZIP trailer"));
        // garbage in the deflate data
        byte[] badData = gz.clone();
        for (int i = 12; i < 20; i++) {
            badData[i] = (byte) 0xFF;
        }
        fails("d.gz", badData);
    }

    @Test
    void lyingHeaderDoesNotAllocate() {
        // 2^31 images of 28x28: 1.6 TB promised by a 40-byte file
        byte[] lie = idxWithMagic(0x0803, PIXELS, Integer.MIN_VALUE, 28, 28);
        assertTimeoutPreemptively(Duration.ofSeconds(5), () -> {
            IdxFormatException e = fails("huge", lie);
            assertTrue(e.getMessage().endsWith(": truncated: header promises 1683627180032 pixel bytes"
                    + " [2147483648, 28, 28], file holds 60"), e.getMessage());
            e = fails("huge.gz", gzip(lie));
            assertTrue(e.getMessage().contains(": implausible header: promises 1683627180032 pixel bytes"
                    + " [2147483648, 28, 28], over the limit of 1073741824 bytes"), e.getMessage());
            // all four dims at 2^32-1: the product overflows a long
            fails("max.gz", gzip(idxWithMagic(0x0804, PIXELS, -1, -1, -1, -1)));
            // 2^20 images (822 MB, under the cap) promised by a tiny gzip: read incrementally, reported truncated
            e = fails("big.gz", gzip(idxWithMagic(0x0803, PIXELS, 1 << 20, 28, 28)));
            assertTrue(e.getMessage().endsWith(": truncated: header promises 822083584 pixel bytes [1048576, 28, 28],"
                    + " uncompressed stream holds 60"), e.getMessage());
        });
    }

    @Test
    void payloadCap() {
        Path p = write(dir, "p", idx(PIXELS, 3, 4, 5));
        IdxFormatException e = assertThrows(IdxFormatException.class, () -> Idx.read(p, 59));
        assertTrue(e.getMessage().contains("over the limit of 59 bytes"), e.getMessage());
        assertEquals(60, Idx.read(p, 60).data().length);
    }

    @Test
    void readsStreams() {
        IdxArray a = Idx.read(new ByteArrayInputStream(gzip(idx(PIXELS, 3, 4, 5))), "download", Idx.DEFAULT_MAX_PAYLOAD);
        assertArrayEquals(PIXELS, a.data());
        byte[] full = idx(PIXELS, 3, 4, 5);
        IdxFormatException e = assertThrows(IdxFormatException.class, () -> Idx.read(
                new ByteArrayInputStream(Arrays.copyOf(full, 30)), "download", Idx.DEFAULT_MAX_PAYLOAD));
        assertEquals("download: truncated: header promises 60 pixel bytes [3, 4, 5], file holds 14", e.getMessage());
    }

    @Test
    void missingFile() {
        Path p = dir.resolve("nope");
        DataException e = assertThrows(DataException.class, () -> Idx.read(p));
        assertEquals(p + ": no such file", e.getMessage());
    }
}
