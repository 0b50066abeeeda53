package org.mlpengine.core.data;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;

/**
 * A small reader for (uncompressed) tar streams: POSIX ustar headers with the name prefix, pax
 * extended headers ({@code path}, {@code linkpath}, {@code size}) and GNU long names. Header
 * checksums are verified. It only reads: what to do with an entry is the caller's business;
 * {@link #checkSafe} tells whether an entry could be extracted inside a target folder.
 */
final class TarReader {

    /** One entry. {@code type} is the ustar typeflag ('0' regular file, '5' directory, '1' hard link, '2' symlink...). */
    record Entry(String name, char type, long size, String linkName) {
        boolean isFile() {
            return type == '0' || type == '\0' || type == '7';
        }

        boolean isDirectory() {
            return type == '5';
        }
    }

    private static final int BLOCK = 512;
    private static final int MAX_META = 1 << 20; // pax / long-name payloads larger than this are refused

    private final InputStream in;
    private long offset;      // bytes consumed from the stream
    private long remaining;   // data bytes of the current entry not yet consumed
    private long padding;     // padding after the current entry's data
    private Entry current;

    TarReader(InputStream in) {
        this.in = in;
    }

    /** The next entry (skipping what is left of the current one), or null at the end of the archive. */
    Entry next() throws IOException {
        skipRest();
        Overrides overrides = new Overrides();
        while (true) {
            long headerAt = offset;
            byte[] h = new byte[BLOCK];
            int got = readBlock(h);
            if (got == 0) {
                return null; // end of stream without the end marker: tolerated (no partial header)
            }
            if (got < BLOCK) {
                throw new EOFException("tar archive truncated inside the header at offset " + headerAt);
            }
            if (allZero(h)) {
                return null; // end-of-archive marker
            }
            verifyChecksum(h, headerAt);
            char type = (char) (h[156] & 0xFF);
            long size = parseSize(h, headerAt);
            if (type == 'x' || type == 'g' || type == 'L' || type == 'K') {
                readMeta(type, size, headerAt, overrides);
                continue;
            }
            String name = string(h, 0, 100);
            if (string(h, 257, 5).equals("ustar")) {
                String prefix = string(h, 345, 155);
                if (!prefix.isEmpty()) {
                    name = prefix + "/" + name;
                }
            }
            current = overrides.applyTo(new Entry(name, type, size, string(h, 157, 100)));
            remaining = current.size();
            padding = (BLOCK - remaining % BLOCK) % BLOCK;
            return current;
        }
    }

    /** What pax headers and GNU long names say of the entry that follows them. */
    private static final class Overrides {
        String paxPath;
        String paxLink;
        long paxSize = -1;
        String longName;
        String longLink;

        /** The entry with the overrides applied, pax before GNU; links carry no data. */
        Entry applyTo(Entry e) {
            String name = paxPath != null ? paxPath : longName != null ? longName : e.name();
            String link = paxLink != null ? paxLink : longLink != null ? longLink : e.linkName();
            long size = paxSize >= 0 ? paxSize : e.size();
            if (e.type() == '1' || e.type() == '2') {
                size = 0;
            }
            return new Entry(name, e.type(), size, link);
        }
    }

    /** Reads a meta entry's payload (pax 'x' or 'g', GNU 'L' or 'K') into {@code overrides}. */
    private void readMeta(char type, long size, long headerAt, Overrides overrides) throws IOException {
        if (size > MAX_META) {
            throw new IOException("tar meta entry of " + size + " bytes at offset " + headerAt + " is implausible");
        }
        byte[] meta = readData(size);
        if (type == 'x') {
            for (String[] kv : parsePax(meta, headerAt)) {
                switch (kv[0]) {
                    case "path" -> overrides.paxPath = kv[1];
                    case "linkpath" -> overrides.paxLink = kv[1];
                    case "size" -> {
                        try {
                            overrides.paxSize = Long.parseLong(kv[1]);
                        } catch (NumberFormatException e) {
                            throw new IOException("bad pax size '" + kv[1] + "' at offset " + headerAt);
                        }
                    }
                    default -> { }
                }
            }
        } else if (type == 'L') {
            overrides.longName = cString(meta);
        } else if (type == 'K') {
            overrides.longLink = cString(meta);
        } // 'g': global pax header, nothing we use
    }

    /** The current entry's data; reading past it returns -1. Valid until the next call of {@link #next}. */
    InputStream content() {
        return new InputStream() {
            @Override
            public int read() throws IOException {
                byte[] b = new byte[1];
                return read(b, 0, 1) < 0 ? -1 : b[0] & 0xFF;
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                if (remaining <= 0) {
                    return -1;
                }
                int n = in.read(b, off, (int) Math.min(len, remaining));
                if (n < 0) {
                    throw new EOFException("tar archive truncated inside entry '" + current.name() + "'");
                }
                remaining -= n;
                offset += n;
                return n;
            }
        };
    }

    /**
     * Refuses an entry that could not be extracted safely inside a target folder: an absolute path,
     * a path whose normalized form leaves the folder ({@code ..}), a symbolic or hard link, a
     * device, FIFO or other special entry.
     *
     * @return null when safe, else the reason
     */
    static String checkSafe(Entry e) {
        String name = e.name();
        if (e.type() == '1' || e.type() == '2') {
            return (e.type() == '2' ? "symbolic" : "hard") + " link '" + name + "' -> '" + e.linkName()
                    + "': links are not allowed";
        }
        if (!e.isFile() && !e.isDirectory()) {
            return "entry '" + name + "' has unsupported type '" + e.type() + "' (only files and directories are allowed)";
        }
        if (name.isEmpty()) {
            return "entry with an empty name";
        }
        if (name.startsWith("/") || name.startsWith("\\") || name.matches("^[A-Za-z]:.*")) {
            return "entry '" + name + "' has an absolute path";
        }
        if (name.indexOf('\0') >= 0 || name.contains("\\")) {
            return "entry '" + name + "' has a NUL or backslash in its name";
        }
        Path p;
        try {
            p = Path.of(name).normalize();
        } catch (InvalidPathException ex) {
            return "entry '" + name + "' has an invalid path";
        }
        if (p.isAbsolute() || p.startsWith("..")) {
            return "entry '" + name + "' leaves the target folder (normalized: " + p + ")";
        }
        return null;
    }

    // ------------------------------------------------------------------ internals

    private void skipRest() throws IOException {
        long n = remaining + padding;
        remaining = 0;
        padding = 0;
        while (n > 0) {
            long s = in.skip(n);
            if (s <= 0) {
                if (in.read() < 0) {
                    throw new EOFException("tar archive truncated inside entry '" + (current == null ? "?" : current.name()) + "'");
                }
                s = 1;
            }
            n -= s;
            offset += s;
        }
    }

    private byte[] readData(long size) throws IOException {
        byte[] b = in.readNBytes((int) size);
        offset += b.length;
        if (b.length < size) {
            throw new EOFException("tar archive truncated inside a meta entry");
        }
        long pad = (BLOCK - size % BLOCK) % BLOCK;
        byte[] p = in.readNBytes((int) pad);
        offset += p.length;
        if (p.length < pad) {
            throw new EOFException("tar archive truncated inside a meta entry");
        }
        return b;
    }

    private int readBlock(byte[] h) throws IOException {
        int got = in.readNBytes(h, 0, BLOCK);
        offset += got;
        return got;
    }

    private static boolean allZero(byte[] h) {
        for (byte b : h) {
            if (b != 0) {
                return false;
            }
        }
        return true;
    }

    private static void verifyChecksum(byte[] h, long at) throws IOException {
        long stored;
        try {
            stored = parseOctal(h, 148, 8);
        } catch (NumberFormatException e) {
            throw new IOException("corrupt tar header at offset " + at + " (unreadable checksum)");
        }
        long sum = 0;
        for (int i = 0; i < BLOCK; i++) {
            sum += (i >= 148 && i < 156) ? ' ' : (h[i] & 0xFF);
        }
        if (sum != stored) {
            throw new IOException("corrupt tar header at offset " + at + " (checksum " + stored + ", computed " + sum + ")");
        }
    }

    private static long parseSize(byte[] h, long at) throws IOException {
        if ((h[124] & 0x80) != 0) { // GNU base-256
            long v = h[124] & 0x7F;
            for (int i = 125; i < 136; i++) {
                if (v > (Long.MAX_VALUE >>> 8)) {
                    throw new IOException("tar entry size too large at offset " + at);
                }
                v = (v << 8) | (h[i] & 0xFF);
            }
            return v;
        }
        try {
            return parseOctal(h, 124, 12);
        } catch (NumberFormatException e) {
            throw new IOException("corrupt tar header at offset " + at + " (unreadable size)");
        }
    }

    private static long parseOctal(byte[] h, int off, int len) {
        long v = 0;
        int i = off;
        int end = off + len;
        while (i < end && (h[i] == ' ' || h[i] == 0)) {
            i++;
        }
        boolean any = false;
        for (; i < end; i++) {
            byte b = h[i];
            if (b == 0 || b == ' ') {
                break;
            }
            if (b < '0' || b > '7') {
                throw new NumberFormatException();
            }
            v = (v << 3) | (b - '0');
            any = true;
        }
        if (!any) {
            throw new NumberFormatException();
        }
        return v;
    }

    private static String string(byte[] h, int off, int len) {
        int end = off;
        while (end < off + len && h[end] != 0) {
            end++;
        }
        return new String(h, off, end - off, StandardCharsets.UTF_8);
    }

    private static String cString(byte[] b) {
        int end = 0;
        while (end < b.length && b[end] != 0) {
            end++;
        }
        return new String(b, 0, end, StandardCharsets.UTF_8);
    }

    /** pax records: "LEN key=value\n", LEN counting the whole record. */
    private static java.util.List<String[]> parsePax(byte[] meta, long at) throws IOException {
        java.util.List<String[]> out = new java.util.ArrayList<>();
        int i = 0;
        while (i < meta.length) {
            int sp = i;
            while (sp < meta.length && meta[sp] != ' ') {
                sp++;
            }
            int len;
            try {
                len = Integer.parseInt(new String(meta, i, sp - i, StandardCharsets.US_ASCII));
            } catch (NumberFormatException e) {
                throw new IOException("corrupt pax header at offset " + at);
            }
            if (len <= sp - i + 1 || i + len > meta.length || meta[i + len - 1] != '\n') {
                throw new IOException("corrupt pax header at offset " + at);
            }
            String rec = new String(meta, sp + 1, i + len - 1 - (sp + 1), StandardCharsets.UTF_8);
            int eq = rec.indexOf('=');
            if (eq < 0) {
                throw new IOException("corrupt pax header at offset " + at);
            }
            out.add(new String[] {rec.substring(0, eq), rec.substring(eq + 1)});
            i += len;
        }
        return out;
    }
}
