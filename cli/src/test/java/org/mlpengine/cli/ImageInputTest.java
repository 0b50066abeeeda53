package org.mlpengine.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import javax.imageio.ImageIO;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImageInputTest {
    @TempDir
    Path dir;

    private final List<String> notes = new ArrayList<>();

    /** A 28 x 28 white-on-black "1": a vertical bar at columns 13..14. */
    private static int[][] one() {
        int[][] v = new int[28][28];
        for (int y = 4; y < 24; y++) {
            v[y][13] = 255;
            v[y][14] = 200;
        }
        return v;
    }

    private Path png(String name, int[][] gray, int type) throws IOException {
        int h = gray.length;
        int w = gray[0].length;
        BufferedImage img = new BufferedImage(w, h, type);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int g = gray[y][x];
                if (type == BufferedImage.TYPE_INT_RGB) {
                    img.setRGB(x, y, (g << 16) | (g << 8) | (g / 2));
                } else {
                    img.getRaster().setSample(x, y, 0, g); // setRGB would gamma-convert into the gray space
                }
            }
        }
        Path f = dir.resolve(name);
        ImageIO.write(img, "png", f.toFile());
        return f;
    }

    private static byte[] flat(int[][] v) {
        byte[] b = new byte[v.length * v[0].length];
        for (int y = 0; y < v.length; y++) {
            for (int x = 0; x < v[0].length; x++) {
                b[y * v[0].length + x] = (byte) v[y][x];
            }
        }
        return b;
    }

    private ImageInput.Image read(Path f, ImageInput.Invert invert) {
        List<ImageInput.Image> images = ImageInput.read(f, 28, 28, invert, notes::add);
        assertEquals(1, images.size());
        return images.get(0);
    }

    @Test
    void mnistLikePngIsTakenAsIs() throws IOException {
        ImageInput.Image img = read(png("one.png", one(), BufferedImage.TYPE_BYTE_GRAY), ImageInput.Invert.AUTO);
        assertArrayEquals(flat(one()), img.pixels());
        assertEquals("one.png", img.name());
        assertEquals(List.of(), notes);
    }

    @Test
    void darkOnLightIsInvertedWithANote() throws IOException {
        int[][] ink = one();
        for (int[] row : ink) {
            for (int x = 0; x < row.length; x++) {
                row[x] = 255 - row[x];
            }
        }
        Path f = png("paper.png", ink, BufferedImage.TYPE_BYTE_GRAY);
        assertArrayEquals(flat(one()), read(f, ImageInput.Invert.AUTO).pixels());
        assertTrue(notes.get(0).contains("inverted"), notes.toString());
        notes.clear();
        assertArrayEquals(flat(ink), read(f, ImageInput.Invert.NO).pixels());
        assertEquals(List.of(), notes);
    }

    @Test
    void largerPicturesAreAreaAveragedWithANote() throws IOException {
        int[][] big = new int[56][56];
        for (int y = 0; y < 56; y++) {
            for (int x = 0; x < 56; x++) {
                big[y][x] = one()[y / 2][x / 2];
            }
        }
        big[0][0] = 100; // the top-left output pixel is the mean of its 2 x 2 block: (100 + 0 + 0 + 0) / 4
        byte[] expected = flat(one());
        expected[0] = 25;
        assertArrayEquals(expected, read(png("big.png", big, BufferedImage.TYPE_BYTE_GRAY), ImageInput.Invert.AUTO).pixels());
        assertEquals(List.of(dir.resolve("big.png") + ": 56x56 scaled to 28x28"), notes);
    }

    @Test
    void colourBecomesLuminance() throws IOException {
        ImageInput.Image img = read(png("colour.png", one(), BufferedImage.TYPE_INT_RGB), ImageInput.Invert.AUTO);
        // (255, 255, 127): 0.299 * 255 + 0.587 * 255 + 0.114 * 127 = 240.4
        assertEquals(240, img.pixels()[4 * 28 + 13] & 0xFF);
        assertTrue(notes.get(0).endsWith("colour converted to grayscale"), notes.toString());
    }

    @Test
    void idxFilesGiveOneImagePerEntryAndMustMatchTheModel() throws IOException {
        byte[] two = new byte[2 * 784];
        two[784 + 5] = 9;
        Path f = dir.resolve("two-idx3-ubyte");
        CliErrorsTest.writeIdx(f, new int[] {2, 28, 28}, two, true);
        List<ImageInput.Image> images = ImageInput.read(f, 28, 28, ImageInput.Invert.AUTO, notes::add);
        assertEquals(List.of("two-idx3-ubyte[0]", "two-idx3-ubyte[1]"), images.stream().map(ImageInput.Image::name).toList());
        assertEquals(9, images.get(1).pixels()[5]);

        Path small = dir.resolve("small-idx3-ubyte");
        CliErrorsTest.writeIdx(small, new int[] {1, 8, 8}, new byte[64], false);
        UserError e = assertThrows(UserError.class, () -> ImageInput.read(small, 28, 28, ImageInput.Invert.AUTO, notes::add));
        assertTrue(e.getMessage().startsWith(small + ": holds [1, 8, 8], the model takes 28x28"), e.getMessage());
    }

    @Test
    void otherFilesAreRefusedByName() throws IOException {
        Path f = Files.writeString(dir.resolve("notes.txt"), "not a picture");
        UserError e = assertThrows(UserError.class, () -> read(f, ImageInput.Invert.AUTO));
        assertTrue(e.getMessage().startsWith(f + ": neither an image"), e.getMessage());
    }
}
