package org.mlpengine.core.data;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.GZIPOutputStream;

/** Builders for synthetic IDX files, gzip and tar archives. */
final class SyntheticFiles {
    private SyntheticFiles() {
    }

    /** An IDX file: magic {@code 0x0000_08_NN} with the given dims, then {@code payload}. */
    static byte[] idx(byte[] payload, int... dims) {
        return idxWithMagic(0x0800 | dims.length, payload, dims);
    }

    static byte[] idxWithMagic(int magic, byte[] payload, int... dims) {
        ByteBuffer b = ByteBuffer.allocate(4 + 4 * dims.length + payload.length);
        b.putInt(magic);
        for (int d : dims) {
            b.putInt(d);
        }
        b.put(payload);
        return b.array();
    }

    /** {@code n} images of {@code h x w} whose pixels are a deterministic function of position. */
    static byte[] pixels(int n, int h, int w, int salt) {
        byte[] p = new byte[n * h * w];
        for (int i = 0; i < p.length; i++) {
            p[i] = (byte) (i * 31 + salt);
        }
        return p;
    }

    static byte[] labelBytes(int n, int classes, int salt) {
        byte[] l = new byte[n];
        for (int i = 0; i < n; i++) {
            l[i] = (byte) ((i * 7 + salt) % classes);
        }
        return l;
    }

    static byte[] gzip(byte[] data) {
        try {
            ByteArrayOutputStream bos = new ByteArrayOutputStream();
            try (GZIPOutputStream gz = new GZIPOutputStream(bos)) {
                gz.write(data);
            }
            return bos.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Path write(Path dir, String name, byte[] content) {
        try {
            return Files.write(dir.resolve(name), content);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static byte[] concat(byte[] a, byte[] b) {
        byte[] r = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, r, a.length, b.length);
        return r;
    }

    /** A tiny tar writer: ustar headers, optional pax headers. */
    static final class Tar {
        private final ByteArrayOutputStream out = new ByteArrayOutputStream();

        Tar file(String name, byte[] data) {
            return entry(name, '0', data, "");
        }

        Tar dir(String name) {
            return entry(name, '5', new byte[0], "");
        }

        Tar symlink(String name, String target) {
            return entry(name, '2', new byte[0], target);
        }

        Tar hardlink(String name, String target) {
            return entry(name, '1', new byte[0], target);
        }

        /** A pax extended header giving the next entry the path {@code path}. */
        Tar paxPath(String path) {
            String rec = " path=" + path + "\n";
            int len = rec.length() + 1;
            while (String.valueOf(len).length() + rec.length() != len) {
                len = String.valueOf(len).length() + rec.length();
            }
            return entry("PaxHeader/x", 'x', (len + rec).getBytes(StandardCharsets.UTF_8), "");
        }

        Tar entry(String name, char type, byte[] data, String link) {
            byte[] h = new byte[512];
            put(h, 0, 100, name);
            put(h, 100, 8, "0000644");
            put(h, 108, 8, "0001750");
            put(h, 116, 8, "0001750");
            put(h, 124, 12, String.format("%011o", data.length));
            put(h, 136, 12, String.format("%011o", 1_600_000_000L));
            h[156] = (byte) type;
            put(h, 157, 100, link);
            put(h, 257, 6, "ustar");
            put(h, 263, 2, "00");
            Arrays.fill(h, 148, 156, (byte) ' ');
            int sum = 0;
            for (byte b : h) {
                sum += b & 0xFF;
            }
            put(h, 148, 8, String.format("%06o", sum) + "\0 ");
            out.writeBytes(h);
            out.writeBytes(data);
            out.writeBytes(new byte[(512 - data.length % 512) % 512]);
            return this;
        }

        byte[] tgz() {
            ByteArrayOutputStream r = new ByteArrayOutputStream();
            r.writeBytes(out.toByteArray());
            r.writeBytes(new byte[1024]);
            return gzip(r.toByteArray());
        }

        private static void put(byte[] h, int off, int len, String s) {
            byte[] b = s.getBytes(StandardCharsets.UTF_8);
            System.arraycopy(b, 0, h, off, Math.min(len, b.length));
        }
    }
}
