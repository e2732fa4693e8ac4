package org.expensetracker.bench.receipts;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.GraphicsEnvironment;
import java.awt.RenderingHints;
import java.awt.geom.AffineTransform;
import java.awt.image.BufferedImage;
import java.util.Arrays;
import java.util.Random;
import java.util.Set;
import org.expensetracker.bench.receipts.Receipt.Cell;
import org.expensetracker.bench.receipts.Receipt.Line;

/**
 * Prints a receipt on paper at 300 dpi with Java2D, as its till would: an outline font anti-aliased,
 * the square dots of a 203 dpi thermal head (drawn at 203 dpi without anti-aliasing, then enlarged
 * dot by dot) or the round dots of a dot-matrix printer; the ink faded and streaked where the
 * print head is weak. The fonts are the JDK's logical ones and whatever DejaVu faces are installed
 * (looked up at run time, the logical fonts stand in where one is missing).
 */
final class ReceiptPrinter {
    static final double DPI = 300;
    private static final double THERMAL_DPI = 203;
    private static final double DOT_MATRIX_DPI = 100;
    private static final Set<String> FAMILIES = Set.of(
            GraphicsEnvironment.getLocalGraphicsEnvironment().getAvailableFontFamilyNames());

    private ReceiptPrinter() {
    }

    /** The printed paper, grayscale (255 white). */
    static BufferedImage print(Receipt receipt, long seed) {
        Random random = ReceiptSet.random(seed);
        Receipt.Print print = receipt.print();
        int width = (int) Math.round(print.paperMillimetres() * DPI / 25.4);
        double printable = (print.paperMillimetres() - 8) * DPI / 25.4;
        double margin = (width - printable) / 2;
        double size = printable / print.columns() / 0.602;
        double top = 60 + random.nextInt(90);
        double height = top + 120 + random.nextInt(100);
        for (Line line : receipt.lines()) {
            height += lineHeight(line, size, print);
        }
        double scale = switch (print.mode()) {
            case SMOOTH -> 1;
            case THERMAL -> THERMAL_DPI / DPI;
            case DOTS -> DOT_MATRIX_DPI / DPI;
        };
        int lowWidth = (int) Math.ceil(width * scale);
        int lowHeight = (int) Math.ceil(height * scale);
        BufferedImage canvas = new BufferedImage(lowWidth, lowHeight, BufferedImage.TYPE_BYTE_GRAY);
        Graphics2D g = canvas.createGraphics();
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, lowWidth, lowHeight);
        boolean smooth = print.mode() == Receipt.Mode.SMOOTH;
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING,
                smooth ? RenderingHints.VALUE_TEXT_ANTIALIAS_ON : RenderingHints.VALUE_TEXT_ANTIALIAS_OFF);
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING,
                smooth ? RenderingHints.VALUE_ANTIALIAS_ON : RenderingHints.VALUE_ANTIALIAS_OFF);
        g.setRenderingHint(RenderingHints.KEY_FRACTIONALMETRICS, RenderingHints.VALUE_FRACTIONALMETRICS_ON);
        g.scale(scale, scale);
        g.setColor(Color.BLACK);
        double y = top;
        for (Line line : receipt.lines()) {
            double h = lineHeight(line, size, print);
            draw(g, line, font(print.font(), line.bold(), size * line.scale()), margin, printable, y, h, random);
            y += h;
        }
        g.dispose();
        byte[] coverage = coverage(canvas, width, (int) Math.ceil(height), print.mode());
        return ink(coverage, width, (int) Math.ceil(height), print, random);
    }

    private static double lineHeight(Line line, double size, Receipt.Print print) {
        double h = size * line.scale() * print.lineSpacing();
        return switch (line.kind()) {
            case BLANK -> h * 0.7;
            case LOGO, BARCODE -> size * line.scale() * 1.2;
            default -> line.tall() ? h * 1.9 : h;
        };
    }

    private static void draw(Graphics2D g, Line line, Font font, double margin, double printable, double y, double h,
                             Random random) {
        switch (line.kind()) {
            case BLANK -> {
            }
            case RULE -> {
                g.setFont(font);
                FontMetrics metrics = g.getFontMetrics();
                String unit = String.valueOf(line.rule());
                StringBuilder text = new StringBuilder();
                while (metrics.stringWidth(text + unit) <= printable) {
                    text.append(unit);
                }
                g.drawString(text.toString(), (float) margin, (float) (y + h * 0.75));
            }
            case LOGO -> {
                double d = h * 0.9;
                double x = margin + printable / 2 - d / 2;
                g.setStroke(new BasicStroke((float) (d / 14)));
                if (random.nextBoolean()) {
                    g.drawOval((int) x, (int) (y + h * 0.05), (int) d, (int) d);
                } else {
                    g.drawRoundRect((int) x, (int) (y + h * 0.05), (int) d, (int) d, (int) (d / 4), (int) (d / 4));
                }
                Font initials = new Font(Font.SERIF, Font.BOLD | Font.ITALIC, (int) (d * 0.45));
                g.setFont(initials);
                String text = line.cells().get(0).text();
                int w = g.getFontMetrics().stringWidth(text);
                g.drawString(text, (float) (margin + printable / 2 - w / 2.0), (float) (y + h * 0.05 + d * 0.65));
            }
            case BARCODE -> {
                double x = margin + printable * 0.15;
                double end = margin + printable * 0.85;
                double unit = printable / 160;
                while (x < end) {
                    double bar = unit * (1 + random.nextInt(3));
                    g.fill(new java.awt.geom.Rectangle2D.Double(x, y + h * 0.1, bar, h * 0.8));
                    x += bar + unit * (1 + random.nextInt(3));
                }
            }
            case TEXT -> {
                Font f = font;
                g.setFont(f);
                // a line too wide for the paper is printed smaller, as tills shrink it
                double widest = width(g, line);
                if (widest > printable) {
                    f = f.deriveFont((float) (f.getSize2D() * printable / widest * 0.98));
                    g.setFont(f);
                }
                AffineTransform saved = g.getTransform();
                double baseline = y + h * (line.tall() ? 0.86 : 0.78);
                if (line.tall()) {
                    g.translate(0, baseline);
                    g.scale(1, 2);
                    g.translate(0, -baseline);
                }
                FontMetrics metrics = g.getFontMetrics();
                double previousEnd = margin;
                for (int i = 0; i < line.cells().size(); i++) {
                    Cell cell = line.cells().get(i);
                    double w = metrics.stringWidth(cell.text());
                    double x = switch (cell.align()) {
                        case LEFT -> margin + cell.at() * printable;
                        case RIGHT -> margin + cell.at() * printable - w;
                        case CENTER -> margin + cell.at() * printable - w / 2;
                    };
                    if (line.leader() && i == line.cells().size() - 1) {
                        double dot = metrics.stringWidth(". ");
                        StringBuilder dots = new StringBuilder();
                        for (double d = previousEnd + dot; d + dot < x - dot / 2; d += dot) {
                            dots.append(". ");
                        }
                        g.drawString(dots.toString(), (float) (previousEnd + dot / 2), (float) baseline);
                    }
                    g.drawString(cell.text(), (float) x, (float) baseline);
                    previousEnd = x + w;
                }
                g.setTransform(saved);
            }
        }
    }

    private static double width(Graphics2D g, Line line) {
        FontMetrics metrics = g.getFontMetrics();
        double total = 0;
        for (Cell cell : line.cells()) {
            total += metrics.stringWidth(cell.text());
        }
        return total + (line.cells().size() - 1) * metrics.charWidth(' ') * 2;
    }

    private static Font font(Receipt.Font font, boolean bold, double size) {
        int style = bold || font == Receipt.Font.MONO_BOLD ? Font.BOLD : Font.PLAIN;
        String family = switch (font) {
            case MONO, MONO_BOLD -> FAMILIES.contains("DejaVu Sans Mono") ? "DejaVu Sans Mono" : Font.MONOSPACED;
            case SANS_CONDENSED -> FAMILIES.contains("DejaVu Sans Condensed") ? "DejaVu Sans Condensed" : Font.SANS_SERIF;
            case SANS -> Font.SANS_SERIF;
            case SERIF -> Font.SERIF;
        };
        return new Font(family, style, 12).deriveFont((float) size);
    }

    /** How much ink (0-255) each 300 dpi pixel gets from the low-resolution drawing. */
    private static byte[] coverage(BufferedImage canvas, int width, int height, Receipt.Mode mode) {
        int lw = canvas.getWidth();
        int lh = canvas.getHeight();
        byte[] low = new byte[lw * lh];
        canvas.getRaster().getDataElements(0, 0, lw, lh, low);
        byte[] out = new byte[width * height];
        switch (mode) {
            case SMOOTH -> {
                for (int y = 0; y < height; y++) {
                    for (int x = 0; x < width; x++) {
                        out[y * width + x] = (byte) (255 - (low[Math.min(lh - 1, y) * lw + Math.min(lw - 1, x)] & 0xff));
                    }
                }
            }
            case THERMAL -> {
                double s = THERMAL_DPI / DPI;
                for (int y = 0; y < height; y++) {
                    int ly = Math.min(lh - 1, (int) (y * s));
                    for (int x = 0; x < width; x++) {
                        int lx = Math.min(lw - 1, (int) (x * s));
                        out[y * width + x] = (byte) ((low[ly * lw + lx] & 0xff) < 128 ? 255 : 0);
                    }
                }
            }
            case DOTS -> {
                double pitch = DPI / DOT_MATRIX_DPI;
                double radius = pitch * 0.52;
                int r = (int) Math.ceil(radius + 1);
                for (int ly = 0; ly < lh; ly++) {
                    for (int lx = 0; lx < lw; lx++) {
                        if ((low[ly * lw + lx] & 0xff) >= 128) {
                            continue;
                        }
                        double cx = (lx + 0.5) * pitch;
                        double cy = (ly + 0.5) * pitch;
                        for (int y = (int) cy - r; y <= (int) cy + r; y++) {
                            for (int x = (int) cx - r; x <= (int) cx + r; x++) {
                                if (x < 0 || y < 0 || x >= width || y >= height) {
                                    continue;
                                }
                                double d = Math.hypot(x + 0.5 - cx, y + 0.5 - cy);
                                int v = (int) Math.round(255 * Math.max(0, Math.min(1, radius + 0.5 - d)));
                                int i = y * width + x;
                                out[i] = (byte) Math.max(out[i] & 0xff, v);
                            }
                        }
                    }
                }
            }
        }
        return out;
    }

    /** Ink on paper: darker where covered, lighter where the ink faded or the head streaks. */
    private static BufferedImage ink(byte[] coverage, int width, int height, Receipt.Print print, Random random) {
        double[] streak = new double[width];
        double[] phases = {random.nextDouble() * 6.3, random.nextDouble() * 6.3, random.nextDouble() * 6.3};
        double[] periods = {width / (2 + random.nextDouble() * 3), width / (7 + random.nextDouble() * 6),
                width / (19 + random.nextDouble() * 10)};
        for (int x = 0; x < width; x++) {
            double s = 0;
            for (int k = 0; k < 3; k++) {
                s += Math.sin(x * 2 * Math.PI / periods[k] + phases[k]) / 3;
            }
            streak[x] = Math.max(0, s) * print.streaks();
        }
        // the fade also varies along the roll, slowly
        double[] along = new double[height];
        double phase = random.nextDouble() * 6.3;
        double period = height / (0.5 + random.nextDouble() * 1.5);
        for (int y = 0; y < height; y++) {
            along[y] = print.fade() * (0.75 + 0.25 * Math.sin(y * 2 * Math.PI / period + phase));
        }
        byte[] pixels = new byte[width * height];
        Arrays.fill(pixels, (byte) 255);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                int c = coverage[y * width + x] & 0xff;
                if (c == 0) {
                    continue;
                }
                double level = print.ink() + (255 - print.ink()) * Math.min(0.85, along[y] + streak[x]);
                pixels[y * width + x] = (byte) (int) Math.round(255 - c / 255.0 * (255 - level));
            }
        }
        BufferedImage paper = new BufferedImage(width, height, BufferedImage.TYPE_BYTE_GRAY);
        paper.getRaster().setDataElements(0, 0, width, height, pixels);
        return paper;
    }
}
