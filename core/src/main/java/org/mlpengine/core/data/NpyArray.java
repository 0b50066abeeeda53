package org.mlpengine.core.data;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * A numeric array read from a NumPy {@code .npy} file (format versions 1 to 3) as {@code numpy.save} writes it:
 * C order, little-endian (or single-byte) dtypes {@code f4 f8 i1 i2 i4 i8 u1 u2 u4}. Values are read as doubles.
 * Internal to {@link TabularData}.
 */
final class NpyArray {
    private static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};
    private static final Pattern DESCR = Pattern.compile("'descr'\\s*:\\s*'([^']*)'");
    private static final Pattern FORTRAN = Pattern.compile("'fortran_order'\\s*:\\s*(True|False)");
    private static final Pattern SHAPE = Pattern.compile("'shape'\\s*:\\s*\\(([^)]*)\\)");

    private final ByteBuffer data;
    private final char kind;
    private final int size;
    private final int[] shape;

    private NpyArray(ByteBuffer data, char kind, int size, int[] shape) {
        this.data = data;
        this.kind = kind;
        this.size = size;
        this.shape = shape;
    }

    int[] shape() {
        return shape.clone();
    }

    String shapeText() {
        return "(" + Arrays.stream(shape).mapToObj(Integer::toString).collect(Collectors.joining(", "))
                + (shape.length == 1 ? ",)" : ")");
    }

    /** Element {@code i} in C order. */
    double get(int i) {
        int at = i * size;
        return switch (kind) {
            case 'f' -> size == 4 ? data.getFloat(at) : data.getDouble(at);
            case 'i' -> switch (size) {
                case 1 -> data.get(at);
                case 2 -> data.getShort(at);
                case 4 -> data.getInt(at);
                default -> data.getLong(at);
            };
            default -> switch (size) {
                case 1 -> data.get(at) & 0xFF;
                case 2 -> data.getShort(at) & 0xFFFF;
                default -> data.getInt(at) & 0xFFFFFFFFL;
            };
        };
    }

    static NpyArray read(Path file) {
        String name = file.getFileName().toString();
        byte[] bytes = readAll(file);
        Header header = Header.of(name, bytes);
        Matcher descr = DESCR.matcher(header.text());
        Matcher fortran = FORTRAN.matcher(header.text());
        Matcher shapeM = SHAPE.matcher(header.text());
        if (!descr.find() || !fortran.find() || !shapeM.find()) {
            throw new DataException(name + ": .npy header lacks descr, fortran_order or shape: "
                    + header.text().strip());
        }
        String dtype = descr.group(1);
        checkDtype(name, dtype);
        char kind = dtype.charAt(1);
        int size = dtype.charAt(2) - '0';
        if (fortran.group(1).equals("True")) {
            throw new DataException(name + ": the array is in Fortran order; save it in C order "
                    + "(numpy.ascontiguousarray)");
        }
        String shapeText = shapeM.group(1);
        int[] shape = parseShape(name, shapeText);
        long count = elementCount(name, shape, size, shapeText);
        long present = bytes.length - header.dataStart();
        if (present < count * size) {
            throw new DataException(name + ": truncated: shape (" + shapeText.strip() + ") of " + dtype
                    + " needs " + count * size + " bytes of data, the file has " + present);
        }
        ByteBuffer data = ByteBuffer.wrap(bytes, (int) header.dataStart(), (int) (count * size)).slice()
                .order(ByteOrder.LITTLE_ENDIAN);
        return new NpyArray(data, kind, size, shape);
    }

    private static byte[] readAll(Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new DataException(file + ": no such file");
        } catch (IOException e) {
            throw new DataException(file + ": cannot read: " + e.getMessage(), e);
        }
    }

    /** The header's dictionary text, and where the data begins. */
    private record Header(String text, long dataStart) {
        static Header of(String name, byte[] bytes) {
            if (bytes.length < 10 || !Arrays.equals(Arrays.copyOf(bytes, 6), MAGIC)) {
                throw new DataException(name + ": not a NumPy .npy file (it does not start with \\x93NUMPY)");
            }
            ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
            int major = bytes[6];
            long headerLength;
            int headerStart;
            if (major == 1) {
                headerLength = b.getShort(8) & 0xFFFF;
                headerStart = 10;
            } else if (major == 2 || major == 3) {
                if (bytes.length < 12) {
                    throw new DataException(name + ": truncated .npy header");
                }
                headerLength = b.getInt(8) & 0xFFFFFFFFL;
                headerStart = 12;
            } else {
                throw new DataException(name + ": .npy format version " + major + " is not supported (1 to 3 are)");
            }
            if (headerStart + headerLength > bytes.length) {
                throw new DataException(name + ": truncated .npy header (" + headerLength + " bytes announced, "
                        + (bytes.length - headerStart) + " present)");
            }
            String text = new String(bytes, headerStart, (int) headerLength,
                    major == 3 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1);
            return new Header(text, headerStart + headerLength);
        }
    }

    private static void checkDtype(String name, String dtype) {
        if (!dtype.matches("[<|][fiu][1248]") || dtype.equals("<f1") || dtype.equals("<f2") || dtype.equals("|u8")
                || dtype.equals("<u8")) {
            throw new DataException(name + ": dtype '" + dtype + "' is not supported (float32, float64, int8..int64, "
                    + "uint8..uint32, little-endian)");
        }
        char kind = dtype.charAt(1);
        int size = dtype.charAt(2) - '0';
        if (dtype.charAt(0) == '|' && size != 1 || kind == 'f' && size < 4) {
            throw new DataException(name + ": dtype '" + dtype + "' is not supported");
        }
    }

    private static int[] parseShape(String name, String shapeText) {
        try {
            return Arrays.stream(shapeText.split(",")).map(String::strip).filter(s -> !s.isEmpty())
                    .mapToInt(Integer::parseInt).toArray();
        } catch (NumberFormatException e) {
            throw new DataException(name + ": bad shape in the .npy header: (" + shapeText + ")");
        }
    }

    /** The number of elements, refused where a dimension is negative or the data would pass 2 GB. */
    private static long elementCount(String name, int[] shape, int size, String shapeText) {
        long count = 1;
        for (int d : shape) {
            if (d < 0) {
                throw new DataException(name + ": bad shape in the .npy header: (" + shapeText + ")");
            }
            count *= d;
            if (count * size > Integer.MAX_VALUE) {
                throw new DataException(name + ": the array is too large (over 2 GB)");
            }
        }
        return count;
    }
}
