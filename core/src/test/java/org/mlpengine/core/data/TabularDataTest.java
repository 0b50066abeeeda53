package org.mlpengine.core.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The user-data readers: what they make of good files, and the one-line error each bad input gets. */
class TabularDataTest {
    @TempDir
    Path dir;

    private Path csv(String name, String text) throws IOException {
        Path p = dir.resolve(name);
        Files.writeString(p, text);
        return p;
    }

    private static Path npy(String name) {
        try {
            return Path.of(TabularDataTest.class.getResource("npy/" + name).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private String csvError(String text, int labelColumn, boolean header, int classes) throws IOException {
        Path p = csv("data.csv", text);
        DataException e = assertThrows(DataException.class, () -> TabularData.readCsv(p, labelColumn, header, classes));
        assertFalse(e.getMessage().contains("\n"), "one line: " + e.getMessage());
        return e.getMessage();
    }

    @Test
    void readsCsvScalingEachColumnByItsRange() throws IOException {
        Path p = csv("t.csv", "a,b,label\n0, 10,1\n\n1,\"30\",0\n0.5,20,2\n");
        TabularData t = TabularData.readCsv(p, -1, true, 0);
        Dataset d = t.dataset();
        assertEquals(3, d.rows());
        assertEquals(2, d.features());
        assertEquals(3, d.classes());
        assertArrayEquals(new int[]{1, 0, 2}, d.labels());
        assertEquals(0, d.pixel(0, 0));
        assertEquals(255, d.pixel(1, 0));
        assertEquals(128, d.pixel(2, 0)); // 0.5 * 255 = 127.5 rounds up
        assertEquals(128, d.pixel(2, 1));
        assertEquals(10.0, t.min(1));
        assertEquals(30.0, t.max(1));
        Dataset enc = t.encode(new double[][]{{0.5, 20}, {9, -9}});
        assertEquals(128, enc.pixel(0, 0));
        assertEquals(255, enc.pixel(1, 0));
        assertEquals(0, enc.pixel(1, 1));
    }

    @Test
    void labelColumnMayBeAnyColumnAndClassesMayBeGiven() throws IOException {
        TabularData t = TabularData.readCsv(csv("t.csv", "1,5\n0,6\n"), 0, false, 4);
        assertEquals(4, t.dataset().classes());
        assertArrayEquals(new int[]{1, 0}, t.dataset().labels());
        assertEquals(1, t.dataset().features());
    }

    @Test
    void raggedRow() throws IOException {
        assertEquals("data.csv line 3: 2 columns, but the first row has 3", csvError("1,2,0\n3,4,1\n5,1\n", -1, false, 0));
    }

    @Test
    void nonNumericCell() throws IOException {
        assertEquals("data.csv line 2, column 2: 'abc' is not a number", csvError("1,2,0\n3,abc,1\n", -1, false, 0));
        assertEquals("data.csv line 1, column 1: empty cell", csvError(",2,0\n", -1, false, 0));
    }

    @Test
    void nanAndInfinity() throws IOException {
        assertEquals("data.csv line 2, column 1: 'NaN' is not a finite number", csvError("1,2,0\nNaN,2,1\n", -1, false, 0));
        assertEquals("data.csv line 1, column 2: '-Infinity' is not a finite number", csvError("1,-Infinity,0\n", -1, false, 0));
        assertEquals("data.csv line 1, column 2: '1e999' is not a finite number", csvError("1,1e999,0\n", -1, false, 0));
    }

    @Test
    void badLabels() throws IOException {
        assertEquals("data.csv line 2, column 3: label 3 is outside the 3 classes (0..2)", csvError("1,2,0\n3,4,3\n", -1, false, 3));
        assertEquals("data.csv line 1, column 3: label -1 is negative; labels are 0, 1, 2, ...", csvError("1,2,-1\n", -1, false, 0));
        assertEquals("data.csv line 1, column 3: label 1.5 is not an integer class number", csvError("1,2,1.5\n", -1, false, 0));
        assertEquals("data.csv: every label is 0; need at least two classes", csvError("1,2,0\n3,4,0\n", -1, false, 0));
    }

    @Test
    void emptyFilesAndHeaders() throws IOException {
        assertEquals("data.csv: the file is empty", csvError("", -1, false, 0));
        assertEquals("data.csv: the file is empty", csvError("\n \n", -1, false, 0));
        assertEquals("data.csv: no data rows after the header", csvError("a,b,label\n", -1, true, 0));
        // a header not declared is a non-numeric cell, named
        assertEquals("data.csv line 1, column 1: 'a' is not a number", csvError("a,b,label\n1,2,0\n", -1, false, 0));
        assertEquals("data.csv line 1: label column 5 does not exist (the row has 3 columns, 0..2)",
                csvError("1,2,0\n", 5, false, 0));
        Path missing = dir.resolve("nope.csv");
        assertEquals(missing + ": no such file",
                assertThrows(DataException.class, () -> TabularData.readCsv(missing, -1, false, 0)).getMessage());
    }

    @Test
    void readsNumpyFilesOfEveryCommonDtype() {
        for (String x : new String[]{"x-f8.npy", "x-f4.npy"}) {
            for (String y : new String[]{"y-i8.npy", "y-u1.npy", "y-col.npy"}) {
                Dataset d = TabularData.readNpy(npy(x), npy(y), 0).dataset();
                assertEquals(4, d.rows(), x + " " + y);
                assertEquals(3, d.features());
                assertArrayEquals(new int[]{0, 1, 2, 1}, d.labels());
                assertEquals(0, d.pixel(0, 0));
                assertEquals(255, d.pixel(1, 0));
                assertEquals(64, d.pixel(3, 0)); // 0.25 * 255 = 63.75
                assertEquals(255, d.pixel(2, 2));
            }
        }
        Dataset ints = TabularData.readNpy(npy("x-i4.npy"), npy("y-i8.npy"), 3).dataset();
        assertEquals(2, ints.features());
        assertEquals(85, ints.pixel(1, 0)); // (3 - 1) / 6 * 255
    }

    private static String npyError(String x, String y, int classes) {
        DataException e = assertThrows(DataException.class, () -> TabularData.readNpy(npy(x), npy(y), classes));
        assertFalse(e.getMessage().contains("\n"), "one line: " + e.getMessage());
        return e.getMessage();
    }

    @Test
    void badNumpyFiles() throws IOException {
        assertEquals("x-truncated.npy: truncated: shape (4, 3) of <f8 needs 96 bytes of data, the file has 91",
                npyError("x-truncated.npy", "y-i8.npy", 0));
        assertEquals("x-complex.npy: dtype '<c8' is not supported (float32, float64, int8..int64, uint8..uint32, "
                + "little-endian)", npyError("x-complex.npy", "y-i8.npy", 0));
        assertEquals("x-big-endian.npy: dtype '>f8' is not supported (float32, float64, int8..int64, uint8..uint32, "
                + "little-endian)", npyError("x-big-endian.npy", "y-i8.npy", 0));
        assertEquals("x-fortran.npy: the array is in Fortran order; save it in C order (numpy.ascontiguousarray)",
                npyError("x-fortran.npy", "y-i8.npy", 0));
        assertEquals("x-1d.npy: features must be a 2-D array (samples x features), got shape (4,)",
                npyError("x-1d.npy", "y-i8.npy", 0));
        assertEquals("x-f8.npy: labels must be a 1-D array (samples), got shape (4, 3)",
                npyError("x-i4.npy", "x-f8.npy", 0));
        assertEquals("y-3.npy: 3 labels, but x-f8.npy has 4 samples", npyError("x-f8.npy", "y-3.npy", 0));
        assertEquals("x-nan.npy: sample 1, feature 0 is NaN", npyError("x-nan.npy", "y-i8.npy", 0));
        assertEquals("y-f8.npy: sample 3: label 1.5 is not an integer class number", npyError("x-f8.npy", "y-f8.npy", 0));
        assertEquals("y-i8.npy: sample 2: label 2 is outside the 2 classes (0..1)", npyError("x-f8.npy", "y-i8.npy", 2));
        Path text = csv("plain.npy", "1,2,3\n");
        assertEquals("plain.npy: not a NumPy .npy file (it does not start with \\x93NUMPY)",
                assertThrows(DataException.class, () -> TabularData.readNpy(text, npy("y-i8.npy"), 0)).getMessage());
    }
}
