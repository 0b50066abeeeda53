package org.mlpengine.cli;

import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.util.List;

/**
 * A grid of small grayscale images with optional titles, drawn as the book's matplotlib figures with
 * {@code cmap='Greys'}: ink (high pixel values) dark on white, each pixel a square of {@link #SCALE}.
 */
final class DigitGrid {
    static final int SCALE = 4;
    private static final int GAP = 12;
    private static final int LINE_HEIGHT = 16;

    /** One cell: {@code width x height} unsigned bytes, and up to two title lines (empty for none). */
    record Cell(byte[] pixels, int width, int height, List<String> title) {
    }

    private DigitGrid() {
    }

    static BufferedImage draw(List<Cell> cells, int columns, int rows, int width, int height) {
        int titleLines = cells.stream().mapToInt(c -> c.title().size()).max().orElse(0);
        int cellW = width * SCALE;
        int cellH = height * SCALE + titleLines * LINE_HEIGHT;
        BufferedImage img = new BufferedImage(columns * (cellW + GAP) + GAP, rows * (cellH + GAP) + GAP,
                BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        try {
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, img.getWidth(), img.getHeight());
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
            FontMetrics fm = g.getFontMetrics();
            for (int i = 0; i < cells.size() && i < columns * rows; i++) {
                Cell c = cells.get(i);
                int x0 = GAP + (i % columns) * (cellW + GAP);
                int y0 = GAP + (i / columns) * (cellH + GAP);
                g.setColor(Color.BLACK);
                for (int t = 0; t < c.title().size(); t++) {
                    String s = c.title().get(t);
                    g.drawString(s, x0 + (cellW - fm.stringWidth(s)) / 2, y0 + (t + 1) * LINE_HEIGHT - 4);
                }
                int top = y0 + titleLines * LINE_HEIGHT;
                for (int y = 0; y < c.height(); y++) {
                    for (int x = 0; x < c.width(); x++) {
                        int v = 255 - (c.pixels()[y * c.width() + x] & 0xFF);
                        g.setColor(new Color(v, v, v));
                        g.fillRect(x0 + x * SCALE, top + y * SCALE, SCALE, SCALE);
                    }
                }
                g.setColor(Color.LIGHT_GRAY);
                g.drawRect(x0 - 1, top - 1, cellW + 1, height * SCALE + 1);
            }
        } finally {
            g.dispose();
        }
        return img;
    }
}
