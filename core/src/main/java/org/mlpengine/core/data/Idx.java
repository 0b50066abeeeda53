package org.mlpengine.core.data;

import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * Reads IDX files of unsigned bytes (the MNIST format), raw or gzip-compressed.
 *
 * <p>Format: a 4-byte big-endian magic {@code 0x00 0x00 TYPE NDIM} with {@code TYPE = 0x08}
 * (unsigned byte) and {@code 1 <= NDIM <= 4}, then NDIM big-endian 32-bit dimensions, then exactly
 * {@code product(dims)} payload bytes. Anything else is an {@link IdxFormatException} whose message
 * names the file and the fault on one line.
 *
 * <p>Gzip is detected by the magic bytes {@code 1f 8b}, not by the file name. A header is never
 * trusted for allocation: a raw file's promised payload is compared with the file size before
 * anything is allocated; a gzip stream is read incrementally into a buffer that grows with the data
 * actually decompressed, up to the promised size and never past {@code maxPayloadBytes}.
 */
public final class Idx {

    /** Default cap on a payload: 1 GiB (MNIST's largest file is 47 MB). */
    public static final long DEFAULT_MAX_PAYLOAD = 1L << 30;

    /** Largest array the JVM reliably allocates. */
    private static final long ARRAY_LIMIT = Integer.MAX_VALUE - 8;

    private static final int UBYTE = 0x08;

    private Idx() {
    }

    /** Reads {@code file} (raw or gzip) with the default payload cap. */
    public static IdxArray read(Path file) {
        return read(file, DEFAULT_MAX_PAYLOAD);
    }

    /**
     * Reads {@code file} (raw or gzip), refusing payloads larger than {@code maxPayloadBytes}.
     *
     * @throws IdxFormatException the content is not a well-formed IDX unsigned-byte file
     * @throws DataException      the file cannot be read at all (missing, not readable, I/O error)
     */
    public static IdxArray read(Path file, long maxPayloadBytes) {
        String name = file.toString();
        try (InputStream fileIn = Files.newInputStream(file)) {
            long fileSize = Files.size(file);
            BufferedInputStream in = new BufferedInputStream(fileIn, 1 << 16);
            in.mark(2);
            int b0 = in.read();
            int b1 = in.read();
            in.reset();
            if (b0 == 0x1f && b1 == 0x8b) {
                return readGzip(in, name, maxPayloadBytes);
            }
            return readRaw(in, name, fileSize, maxPayloadBytes);
        } catch (NoSuchFileException e) {
            throw new DataException(name + ": no such file");
        } catch (AccessDeniedException e) {
            throw new DataException(name + ": permission denied");
        } catch (IOException e) {
            throw new DataException(name + ": cannot read: " + e, e);
        }
    }

    /**
     * Reads an IDX stream (raw or gzip, detected by magic bytes) whose size is not known beforehand,
     * for example a download. {@code name} is used in error messages.
     */
    public static IdxArray read(InputStream stream, String name, long maxPayloadBytes) {
        try {
            BufferedInputStream in = new BufferedInputStream(stream, 1 << 16);
            in.mark(2);
            int b0 = in.read();
            int b1 = in.read();
            in.reset();
            if (b0 == 0x1f && b1 == 0x8b) {
                return readGzip(in, name, maxPayloadBytes);
            }
            return readStreaming(in, name, "file", maxPayloadBytes);
        } catch (IOException e) {
            throw new DataException(name + ": cannot read: " + e, e);
        }
    }

    // ------------------------------------------------------------------ raw

    private static IdxArray readRaw(InputStream in, String name, long fileSize, long maxPayload) throws IOException {
        Header h = readHeader(in, name, false);
        long available = fileSize - h.length;
        if (available < h.payload) {
            throw new IdxFormatException(name + ": truncated: header promises " + h.payload + " " + h.noun()
                    + " bytes " + h.shape() + ", file holds " + available);
        }
        if (available > h.payload) {
            throw new IdxFormatException(name + ": trailing bytes: header promises " + h.payload + " " + h.noun()
                    + " bytes " + h.shape() + ", file holds " + available + " (" + (available - h.payload) + " extra)");
        }
        checkPlausible(h, name, maxPayload, available, "file");
        byte[] data = new byte[(int) h.payload];
        int got = in.readNBytes(data, 0, data.length);
        if (got < data.length) { // the file shrank under us
            throw new IdxFormatException(name + ": truncated: header promises " + h.payload + " " + h.noun()
                    + " bytes " + h.shape() + ", file holds " + got);
        }
        return new IdxArray(h.intDims(), data);
    }

    // ------------------------------------------------------------------ gzip

    private static IdxArray readGzip(InputStream raw, String name, long maxPayload) throws IOException {
        GZIPInputStream gz;
        try {
            gz = new GZIPInputStream(raw, 1 << 16);
        } catch (EOFException e) {
            throw new IdxFormatException(name + ": not a gzip stream/corrupt gzip: gzip header cut short", e);
        } catch (ZipException e) {
            throw new IdxFormatException(name + ": not a gzip stream/corrupt gzip: " + e.getMessage(), e);
        }
        try {
            return readStreaming(gz, name, "uncompressed stream", maxPayload);
        } catch (EOFException e) {
            // Only the gzip/zlib layer throws EOFException here: the compressed data ends mid-stream.
            throw new IdxFormatException(name + ": truncated: the gzip stream ends early"
                    + (e.getMessage() == null ? "" : " (" + e.getMessage() + ")") + ", the .gz file is cut short", e);
        } catch (ZipException e) {
            throw new IdxFormatException(name + ": not a gzip stream/corrupt gzip: " + e.getMessage(), e);
        }
    }

    /** Reads header and payload from a stream of unknown length, growing the buffer with the data. */
    private static IdxArray readStreaming(InputStream in, String name, String holder, long maxPayload) throws IOException {
        Header h = readHeader(in, name, true);
        checkPlausible(h, name, maxPayload, -1, holder);
        int promised = (int) h.payload;
        byte[] buf = new byte[Math.min(promised, 1 << 20)];
        int filled = 0;
        while (filled < promised) {
            if (filled == buf.length) {
                buf = Arrays.copyOf(buf, (int) Math.min(promised, 2L * buf.length));
            }
            int n;
            try {
                n = in.read(buf, filled, buf.length - filled);
            } catch (EOFException e) {
                throw new IdxFormatException(name + ": truncated: header promises " + promised + " " + h.noun()
                        + " bytes " + h.shape() + ", the gzip stream ends after " + filled
                        + (e.getMessage() == null ? "" : " (" + e.getMessage() + ")") + ", the .gz file is cut short", e);
            }
            if (n < 0) {
                throw new IdxFormatException(name + ": truncated: header promises " + promised + " " + h.noun()
                        + " bytes " + h.shape() + ", " + holder + " holds " + filled);
            }
            filled += n;
        }
        // Anything after the payload is an error; reading to the end also makes gzip check its CRC.
        long extra = 0;
        byte[] sink = new byte[8192];
        long extraCap = 64L << 20;
        int n;
        while (extra < extraCap && (n = in.read(sink)) >= 0) {
            extra += n;
        }
        if (extra > 0) {
            String count = extra >= extraCap ? "at least " + (promised + extra) : String.valueOf(promised + extra);
            throw new IdxFormatException(name + ": trailing bytes: header promises " + promised + " " + h.noun()
                    + " bytes " + h.shape() + ", " + holder + " holds " + count + " (" + (extra >= extraCap ? "at least " : "")
                    + extra + " extra)");
        }
        return new IdxArray(h.intDims(), buf);
    }

    // ------------------------------------------------------------------ header

    private record Header(long[] dims, long payload, int length) {
        /** The dimensions as ints; only after {@link #checkPlausible} has bounded the payload. */
        int[] intDims() {
            int[] r = new int[dims.length];
            for (int i = 0; i < r.length; i++) {
                r[i] = (int) dims[i];
            }
            return r;
        }

        String noun() {
            return dims.length == 1 ? "label" : "pixel";
        }

        String shape() {
            return Arrays.toString(dims);
        }
    }

    private static Header readHeader(InputStream in, String name, boolean stream) throws IOException {
        byte[] m = in.readNBytes(4);
        if (m.length < 4) {
            throw new IdxFormatException(name + ": truncated: " + (stream ? "stream" : "file") + " ends inside the IDX header ("
                    + m.length + " of 4 magic bytes)");
        }
        int magic = ((m[0] & 0xFF) << 24) | ((m[1] & 0xFF) << 16) | ((m[2] & 0xFF) << 8) | (m[3] & 0xFF);
        String hex = String.format("0x%08X", magic);
        int type = m[2] & 0xFF;
        int ndim = m[3] & 0xFF;
        if (m[0] != 0 || m[1] != 0) {
            throw new IdxFormatException(name + ": bad magic " + hex
                    + ", expected 0x00000803 or 0x00000801 (IDX unsigned byte; 0x0000080N for N dimensions, N = 1..4)");
        }
        if (type != UBYTE) {
            throw new IdxFormatException(name + ": bad magic " + hex + ": element type 0x" + String.format("%02X", type)
                    + " (" + typeName(type) + ") is not supported, expected 0x08 (unsigned byte)");
        }
        if (ndim < 1 || ndim > 4) {
            throw new IdxFormatException(name + ": bad magic " + hex + ": " + ndim
                    + " dimensions, expected 1 to 4");
        }
        byte[] d = in.readNBytes(4 * ndim);
        if (d.length < 4 * ndim) {
            throw new IdxFormatException(name + ": truncated: " + (stream ? "stream" : "file") + " ends inside the IDX header ("
                    + d.length + " of " + 4 * ndim + " dimension bytes for " + ndim + " dimensions)");
        }
        long[] dims = new long[ndim];
        long product = 1;
        for (int i = 0; i < ndim; i++) {
            dims[i] = (((d[4 * i] & 0xFFL) << 24) | ((d[4 * i + 1] & 0xFFL) << 16) | ((d[4 * i + 2] & 0xFFL) << 8)
                    | (d[4 * i + 3] & 0xFFL));
        }
        for (int i = 0; i < ndim; i++) {
            if (dims[i] == 0) {
                throw new IdxFormatException(name + ": dimension " + i + " of " + Arrays.toString(dims)
                        + " is 0, every dimension must be > 0");
            }
        }
        for (int i = 0; i < ndim; i++) { // each dim < 2^32 and ndim <= 4: the product fits a long
            if (product > Long.MAX_VALUE / dims[i]) {
                product = Long.MAX_VALUE;
                break;
            }
            product *= dims[i];
        }
        return new Header(dims, product, 4 + 4 * ndim);
    }

    private static void checkPlausible(Header h, String name, long maxPayload, long available, String holder) {
        if (h.payload > ARRAY_LIMIT || h.payload > maxPayload) {
            throw new IdxFormatException(name + ": implausible header: promises " + h.payload + " " + h.noun() + " bytes "
                    + h.shape() + (available >= 0 ? ", " + holder + " holds " + available : "")
                    + ", over the limit of " + Math.min(maxPayload, ARRAY_LIMIT) + " bytes");
        }
    }

    private static String typeName(int type) {
        return switch (type) {
            case 0x08 -> "unsigned byte";
            case 0x09 -> "signed byte";
            case 0x0B -> "short";
            case 0x0C -> "int";
            case 0x0D -> "float";
            case 0x0E -> "double";
            default -> "unknown type";
        };
    }
}
