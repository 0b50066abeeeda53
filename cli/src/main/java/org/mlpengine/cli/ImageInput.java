package org.mlpengine.cli;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

import javax.imageio.ImageIO;

import org.mlpengine.core.data.Idx;
import org.mlpengine.core.data.IdxArray;

/**
 * Turns the files given to {@code predict} into MNIST-like images: {@code width x height} unsigned bytes,
 * white ink on black.
 *
 * <p>IDX files (raw or gzip) must hold images of exactly the model's size. Pictures (PNG, or anything
 * else ImageIO reads) are made to look like MNIST: transparent pixels are composited over white, colour
 * becomes luminance (0.299 R + 0.587 G + 0.114 B), a dark-on-light picture (mean border brighter than
 * mid-gray) is inverted unless told otherwise, a non-square picture is padded to a square with the
 * background, and other sizes are area-averaged to the model's size. Each change is reported as a note.
 */
final class ImageInput {
    enum Invert { AUTO, YES, NO }

    record Image(String name, byte[] pixels) {
    }

    private ImageInput() {
    }

    static List<Image> read(Path file, int width, int height, Invert invert, Consumer<String> notes) {
        byte[] head = head(file);
        boolean idx = head.length >= 2 && ((head[0] == 0 && head[1] == 0) || ((head[0] & 0xFF) == 0x1f && (head[1] & 0xFF) == 0x8b));
        return idx ? readIdx(file, width, height) : List.of(readPicture(file, width, height, invert, notes));
    }

    private static byte[] head(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            return in.readNBytes(4);
        } catch (IOException e) {
            throw new UserError(file + ": cannot read: " + e.getMessage());
        }
    }

    private static List<Image> readIdx(Path file, int width, int height) {
        IdxArray a = Idx.read(file);
        int[] d = a.dims();
        boolean one = a.ndim() == 2;
        if (!(one || a.ndim() == 3) || d[a.ndim() - 2] != height || d[a.ndim() - 1] != width) {
            throw new UserError(file + ": holds " + a.shape() + ", the model takes " + height + "x" + width
                    + " images ([count, " + height + ", " + width + "] or [" + height + ", " + width + "])");
        }
        int count = one ? 1 : d[0];
        int size = width * height;
        List<Image> images = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            byte[] p = new byte[size];
            System.arraycopy(a.data(), i * size, p, 0, size);
            images.add(new Image(file.getFileName() + (one ? "" : "[" + i + "]"), p));
        }
        return images;
    }

    private static Image readPicture(Path file, int width, int height, Invert invert, Consumer<String> notes) {
        BufferedImage img;
        try {
            img = ImageIO.read(file.toFile());
        } catch (IOException e) {
            throw new UserError(file + ": cannot read the image: " + e.getMessage());
        }
        if (img == null) {
            throw new UserError(file + ": neither an image ImageIO can read (PNG, JPEG, GIF, BMP) nor an IDX file");
        }
        int w = img.getWidth();
        int h = img.getHeight();
        double[] gray = img.getColorModel().getNumColorComponents() == 1 ? graySamples(img) : luminance(img);
        if (img.getColorModel().getNumColorComponents() != 1 && !isGray(img)) {
            notes.accept(file + ": colour converted to grayscale");
        }
        boolean flip = invert == Invert.YES || (invert == Invert.AUTO && borderMean(gray, w, h) > 127.5);
        if (flip) {
            for (int i = 0; i < gray.length; i++) {
                gray[i] = 255 - gray[i];
            }
            if (invert == Invert.AUTO) {
                notes.accept(file + ": dark digit on a light background, inverted to MNIST's white on black "
                        + "(--invert no keeps it)");
            }
        }
        if (w != width || h != height) {
            notes.accept(file + ": " + w + "x" + h + " scaled to " + width + "x" + height);
            int side = Math.max(w, h);
            gray = resample(pad(gray, w, h, side, side), side, side, width, height);
        }
        byte[] pixels = new byte[gray.length];
        for (int i = 0; i < gray.length; i++) {
            pixels[i] = (byte) Math.max(0, Math.min(255, Math.round(gray[i])));
        }
        return new Image(file.getFileName().toString(), pixels);
    }

    /**
     * Gray pictures are read from the raster: {@code getRGB} would pass Java's linear gray colour space
     * through a gamma curve and change the values. 16-bit samples are scaled to 0..255.
     */
    private static double[] graySamples(BufferedImage img) {
        int w = img.getWidth();
        int h = img.getHeight();
        double max = (1 << img.getColorModel().getComponentSize(0)) - 1;
        boolean alpha = img.getColorModel().hasAlpha();
        double alphaMax = alpha ? (1 << img.getColorModel().getComponentSize(1)) - 1 : 1;
        java.awt.image.Raster r = img.getRaster();
        double[] g = new double[w * h];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                double a = alpha ? r.getSample(x, y, 1) / alphaMax : 1;
                g[y * w + x] = a * r.getSample(x, y, 0) * 255 / max + (1 - a) * 255;
            }
        }
        return g;
    }

    /** 0.299 R + 0.587 G + 0.114 B of sRGB pixels, transparent parts composited over white. */
    private static double[] luminance(BufferedImage img) {
        int w = img.getWidth();
        int h = img.getHeight();
        double[] g = new double[w * h];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int argb = img.getRGB(x, y);
                double a = (argb >>> 24) / 255.0;
                int r = (argb >> 16) & 0xFF;
                int gr = (argb >> 8) & 0xFF;
                int b = argb & 0xFF;
                g[y * w + x] = a * (0.299 * r + 0.587 * gr + 0.114 * b) + (1 - a) * 255;
            }
        }
        return g;
    }

    private static boolean isGray(BufferedImage img) {
        for (int y = 0; y < img.getHeight(); y++) {
            for (int x = 0; x < img.getWidth(); x++) {
                int rgb = img.getRGB(x, y);
                if (((rgb >> 16) & 0xFF) != ((rgb >> 8) & 0xFF) || ((rgb >> 8) & 0xFF) != (rgb & 0xFF)) {
                    return false;
                }
            }
        }
        return true;
    }

    private static double borderMean(double[] g, int w, int h) {
        double sum = 0;
        int n = 0;
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                if (y == 0 || x == 0 || y == h - 1 || x == w - 1) {
                    sum += g[y * w + x];
                    n++;
                }
            }
        }
        return sum / n;
    }

    /** Centres a {@code w x h} picture on a black {@code pw x ph} canvas. */
    private static double[] pad(double[] g, int w, int h, int pw, int ph) {
        double[] out = new double[pw * ph];
        int x0 = (pw - w) / 2;
        int y0 = (ph - h) / 2;
        for (int y = 0; y < h; y++) {
            System.arraycopy(g, y * w, out, (y + y0) * pw + x0, w);
        }
        return out;
    }

    /** Area-averaging resize: each output pixel is the mean of the input area it covers. */
    static double[] resample(double[] g, int w, int h, int nw, int nh) {
        double[] rows = new double[h * nw];
        double[] line = new double[Math.max(w, h)];
        double[] outLine = new double[Math.max(nw, nh)];
        for (int y = 0; y < h; y++) {
            System.arraycopy(g, y * w, line, 0, w);
            resample1d(line, w, outLine, nw);
            System.arraycopy(outLine, 0, rows, y * nw, nw);
        }
        double[] out = new double[nh * nw];
        for (int x = 0; x < nw; x++) {
            for (int y = 0; y < h; y++) {
                line[y] = rows[y * nw + x];
            }
            resample1d(line, h, outLine, nh);
            for (int y = 0; y < nh; y++) {
                out[y * nw + x] = outLine[y];
            }
        }
        return out;
    }

    private static void resample1d(double[] in, int n, double[] out, int m) {
        double scale = (double) n / m;
        for (int j = 0; j < m; j++) {
            double lo = j * scale;
            double hi = (j + 1) * scale;
            double sum = 0;
            for (int i = (int) Math.floor(lo); i < Math.min(n, (int) Math.ceil(hi)); i++) {
                sum += in[i] * (Math.min(hi, i + 1) - Math.max(lo, i));
            }
            out[j] = sum / scale;
        }
    }
}
