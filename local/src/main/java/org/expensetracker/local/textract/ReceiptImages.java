package org.expensetracker.local.textract;

import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.AffineTransform;
import java.awt.image.BufferedImage;

/**
 * What Textract does to a photo before it reads it, done with Java2D: scale to a size Tesseract
 * reads well (a 12 MP photo down to about 2 MP, a small scan up), grayscale, deskew (the angle
 * whose horizontal projection has the sharpest text rows, within ±8°), and a local-mean threshold,
 * which, unlike one global threshold, keeps text readable under a shadow across half the bill.
 */
final class ReceiptImages {
    static final int MAX_SIDE = 2200;
    static final int MIN_SIDE = 1200;
    private static final double MAX_SKEW_DEGREES = 8;

    private ReceiptImages() {
    }

    /** The grayscale page, scaled and straightened, ready to be thresholded. */
    static BufferedImage prepare(BufferedImage source) {
        BufferedImage gray = median(scaledGray(source));
        double skew = skewDegrees(gray);
        return Math.abs(skew) < 0.25 ? gray : rotate(gray, -skew);
    }

    static BufferedImage scaledGray(BufferedImage source) {
        int longSide = Math.max(source.getWidth(), source.getHeight());
        double scale = longSide > MAX_SIDE ? (double) MAX_SIDE / longSide : longSide < MIN_SIDE ? (double) MIN_SIDE / longSide : 1;
        int width = Math.max(1, (int) Math.round(source.getWidth() * scale));
        int height = Math.max(1, (int) Math.round(source.getHeight() * scale));
        BufferedImage gray = new BufferedImage(width, height, BufferedImage.TYPE_BYTE_GRAY);
        Graphics2D g = gray.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
        g.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_QUALITY);
        g.setColor(java.awt.Color.WHITE);
        g.fillRect(0, 0, width, height);
        g.drawImage(source, 0, 0, width, height, null);
        g.dispose();
        return gray;
    }

    /** A 3×3 median: removes a photo's speckle (sensor noise, paper grain) and keeps the strokes' edges. */
    static BufferedImage median(BufferedImage gray) {
        int w = gray.getWidth();
        int h = gray.getHeight();
        byte[] in = new byte[w * h];
        gray.getRaster().getDataElements(0, 0, w, h, in);
        byte[] out = in.clone();
        int[] window = new int[9];
        for (int y = 1; y < h - 1; y++) {
            for (int x = 1; x < w - 1; x++) {
                int k = 0;
                for (int dy = -1; dy <= 1; dy++) {
                    for (int dx = -1; dx <= 1; dx++) {
                        window[k++] = in[(y + dy) * w + x + dx] & 0xff;
                    }
                }
                java.util.Arrays.sort(window);
                out[y * w + x] = (byte) window[4];
            }
        }
        BufferedImage result = new BufferedImage(w, h, BufferedImage.TYPE_BYTE_GRAY);
        result.getRaster().setDataElements(0, 0, w, h, out);
        return result;
    }

    /** Turns the page by a quarter turn (or more): receipts photographed sideways. */
    static BufferedImage quarterTurns(BufferedImage image, int turns) {
        int t = ((turns % 4) + 4) % 4;
        if (t == 0) {
            return image;
        }
        int w = image.getWidth();
        int h = image.getHeight();
        BufferedImage out = new BufferedImage(t % 2 == 0 ? w : h, t % 2 == 0 ? h : w, BufferedImage.TYPE_BYTE_GRAY);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int rgb = image.getRGB(x, y);
                switch (t) {
                    case 1 -> out.setRGB(h - 1 - y, x, rgb);
                    case 2 -> out.setRGB(w - 1 - x, h - 1 - y, rgb);
                    default -> out.setRGB(y, w - 1 - x, rgb);
                }
            }
        }
        return out;
    }

    /** Black text on white: a pixel is ink when it is darker than its neighbourhood's mean by a margin. */
    static BufferedImage threshold(BufferedImage gray) {
        int w = gray.getWidth();
        int h = gray.getHeight();
        byte[] pixels = new byte[w * h];
        gray.getRaster().getDataElements(0, 0, w, h, pixels);
        long[] integral = new long[(w + 1) * (h + 1)];
        for (int y = 0; y < h; y++) {
            long row = 0;
            for (int x = 0; x < w; x++) {
                row += pixels[y * w + x] & 0xff;
                integral[(y + 1) * (w + 1) + x + 1] = integral[y * (w + 1) + x + 1] + row;
            }
        }
        int radius = Math.max(8, Math.min(w, h) / 40);
        byte[] out = new byte[w * h];
        for (int y = 0; y < h; y++) {
            int y0 = Math.max(0, y - radius);
            int y1 = Math.min(h, y + radius + 1);
            for (int x = 0; x < w; x++) {
                int x0 = Math.max(0, x - radius);
                int x1 = Math.min(w, x + radius + 1);
                long sum = integral[y1 * (w + 1) + x1] - integral[y0 * (w + 1) + x1] - integral[y1 * (w + 1) + x0]
                        + integral[y0 * (w + 1) + x0];
                double mean = (double) sum / ((long) (x1 - x0) * (y1 - y0));
                int value = pixels[y * w + x] & 0xff;
                out[y * w + x] = value < mean * 0.88 - 4 ? 0 : (byte) 255;
            }
        }
        BufferedImage binary = new BufferedImage(w, h, BufferedImage.TYPE_BYTE_GRAY);
        binary.getRaster().setDataElements(0, 0, w, h, out);
        return binary;
    }

    /**
     * The skew of the text lines in degrees: on a small, thresholded copy, the angle (steps of 0.5°)
     * whose row sums vary the most, i.e. where rows of text and the gaps between them line up.
     */
    static double skewDegrees(BufferedImage gray) {
        double scale = Math.min(1, 700.0 / Math.max(gray.getWidth(), gray.getHeight()));
        BufferedImage small = threshold(scaledTo(gray, scale));
        int w = small.getWidth();
        int h = small.getHeight();
        byte[] pixels = new byte[w * h];
        small.getRaster().getDataElements(0, 0, w, h, pixels);
        double best = 0;
        double bestScore = -1;
        double cx = w / 2.0;
        double cy = h / 2.0;
        for (double degrees = -MAX_SKEW_DEGREES; degrees <= MAX_SKEW_DEGREES + 1e-9; degrees += 0.5) {
            double tan = Math.tan(Math.toRadians(degrees));
            int[] rows = new int[h * 2];
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    if (pixels[y * w + x] == 0) {
                        int row = (int) Math.round(y - (x - cx) * tan + cy * 0) + h / 2;
                        if (row >= 0 && row < rows.length) {
                            rows[row]++;
                        }
                    }
                }
            }
            double mean = 0;
            for (int r : rows) {
                mean += r;
            }
            mean /= rows.length;
            double score = 0;
            for (int r : rows) {
                score += (r - mean) * (r - mean);
            }
            if (score > bestScore + 1e-6 || Math.abs(score - bestScore) <= 1e-6 && Math.abs(degrees) < Math.abs(best)) {
                bestScore = score;
                best = degrees;
            }
        }
        return best;
    }

    private static BufferedImage scaledTo(BufferedImage image, double scale) {
        if (scale >= 1) {
            return image;
        }
        int width = Math.max(1, (int) (image.getWidth() * scale));
        int height = Math.max(1, (int) (image.getHeight() * scale));
        BufferedImage out = new BufferedImage(width, height, BufferedImage.TYPE_BYTE_GRAY);
        Graphics2D g = out.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
        g.drawImage(image, 0, 0, width, height, null);
        g.dispose();
        return out;
    }

    private static BufferedImage rotate(BufferedImage gray, double degrees) {
        BufferedImage out = new BufferedImage(gray.getWidth(), gray.getHeight(), BufferedImage.TYPE_BYTE_GRAY);
        Graphics2D g = out.createGraphics();
        g.setColor(java.awt.Color.WHITE);
        g.fillRect(0, 0, out.getWidth(), out.getHeight());
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
        g.drawImage(gray, AffineTransform.getRotateInstance(Math.toRadians(degrees), gray.getWidth() / 2.0,
                gray.getHeight() / 2.0), null);
        g.dispose();
        return out;
    }
}
