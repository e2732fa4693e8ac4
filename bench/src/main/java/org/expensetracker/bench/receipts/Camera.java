package org.expensetracker.bench.receipts;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;

/**
 * Turns printed paper into the files people upload: a flatbed scan (flat, on the scanner's lid,
 * a little noise, at most a degree off) or a phone photo. A photo puts the paper on a table
 * (wood, dark desk, grey stone, a light table that hardly stands out) under a camera that is
 * tilted (perspective), turned a few degrees or a quarter turn, with the paper crumpled (bent text
 * lines, light and dark creases), lit unevenly with a shadow across it, out of focus or moved,
 * with sensor noise, saved as JPEG. Every choice comes from the seed and is named in the result.
 */
final class Camera {
    private Camera() {
    }

    /** An uploaded file and what was done to make it. */
    record Shot(byte[] bytes, String contentType, String fileName, int width, int height, List<String> effects) {
        String describe() {
            return width + "×" + height + " " + String.join(", ", effects);
        }
    }

    // ------------------------------------------------------------------ scans

    static Shot scan(BufferedImage paper, long seed) {
        Random random = ReceiptSet.random(seed);
        Grain grain = new Grain(random);
        List<String> effects = new ArrayList<>();
        int margin = 20 + random.nextInt(40);
        int w = paper.getWidth() + 2 * margin;
        int h = paper.getHeight() + 2 * margin;
        int lid = 232 + random.nextInt(16);
        double white = (248 + random.nextInt(8)) / 255.0;
        double degrees = random.nextBoolean() ? (random.nextDouble() - 0.5) * 1.6 : 0;
        if (degrees != 0) {
            effects.add("skew %.1f°".formatted(degrees));
        }
        double noise = 1.5 + random.nextDouble() * 2.5;
        effects.add("noise σ%.1f".formatted(noise));
        double cos = Math.cos(Math.toRadians(degrees));
        double sin = Math.sin(Math.toRadians(degrees));
        double cx = w / 2.0;
        double cy = h / 2.0;
        byte[] src = gray(paper);
        int pw = paper.getWidth();
        int ph = paper.getHeight();
        byte[] out = new byte[w * h];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                double u = cos * (x - cx) + sin * (y - cy) + pw / 2.0;
                double v = -sin * (x - cx) + cos * (y - cy) + ph / 2.0;
                double value = u >= 0 && v >= 0 && u < pw - 1 && v < ph - 1 ? bilinear(src, pw, ph, u, v) * white : lid;
                out[y * w + x] = (byte) clamp(value + grain.next() * noise);
            }
        }
        BufferedImage scan = new BufferedImage(w, h, BufferedImage.TYPE_BYTE_GRAY);
        scan.getRaster().setDataElements(0, 0, w, h, out);
        boolean png = random.nextDouble() < 0.7;
        effects.add(png ? "PNG" : "JPEG q92");
        return new Shot(png ? png(scan) : jpeg(scan, 0.92f), png ? "image/png" : "image/jpeg",
                png ? "scan.png" : "scan.jpg", w, h, effects);
    }

    // ------------------------------------------------------------------ photos

    /** A phone photo of the paper, {@code longSide} × {@code shortSide} pixels (portrait unless the receipt lies sideways). */
    static Shot photograph(BufferedImage paper, int longSide, int shortSide, long seed) {
        Random random = ReceiptSet.random(seed);
        Grain grain = new Grain(random);
        List<String> effects = new ArrayList<>();
        boolean sideways = random.nextDouble() < 0.2;
        int turn = sideways ? (random.nextBoolean() ? 90 : -90) : 0;
        int fw = sideways ? longSide : shortSide;
        int fh = sideways ? shortSide : longSide;
        if (sideways) {
            effects.add("turned " + turn + "°");
        }
        double tilt = (random.nextDouble() - 0.5) * 12;
        effects.add("rotated %.1f°".formatted(tilt));

        // where the paper's corners land in the frame
        double fill = 0.68 + random.nextDouble() * 0.24;
        double paperLong = paper.getHeight();
        double paperShort = paper.getWidth();
        double scale = Math.min(fill * longSide / paperLong, fill * 0.95 * shortSide / paperShort);
        double keystone = random.nextDouble() * 0.16;
        double jitter = 0.02;
        effects.add("perspective %.0f%%".formatted(keystone * 100));
        double pw = paper.getWidth();
        double ph = paper.getHeight();
        double[][] corners = {{-pw / 2 * (1 - keystone), -ph / 2}, {pw / 2 * (1 - keystone), -ph / 2}, {pw / 2, ph / 2},
                {-pw / 2, ph / 2}};
        double angle = Math.toRadians(tilt + turn);
        double[] dst = new double[8];
        double cx = fw / 2.0 + (random.nextDouble() - 0.5) * fw * (1 - fill) * 0.6;
        double cy = fh / 2.0 + (random.nextDouble() - 0.5) * fh * (1 - fill) * 0.6;
        for (int i = 0; i < 4; i++) {
            // each corner a little off, by a share of the paper's width either way (the camera not square to the paper)
            double x = corners[i][0] * scale + (random.nextDouble() - 0.5) * 2 * jitter * pw * scale;
            double y = corners[i][1] * scale + (random.nextDouble() - 0.5) * 2 * jitter * pw * scale;
            dst[2 * i] = cx + x * Math.cos(angle) - y * Math.sin(angle);
            dst[2 * i + 1] = cy + x * Math.sin(angle) + y * Math.cos(angle);
        }

        // a smaller copy of the paper when the photo shows it much smaller than printed
        int shrink = Math.max(1, (int) Math.floor(1 / (scale * 1.2)));
        byte[] src = gray(paper);
        int sw = paper.getWidth();
        int sh = paper.getHeight();
        if (shrink > 1) {
            int nw = sw / shrink;
            int nh = sh / shrink;
            src = shrunk(src, sw, nw, nh, shrink);
            sw = nw;
            sh = nh;
        }
        double[] paperCorners = {0, 0, sw, 0, sw, sh, 0, sh};
        double[] toPaper = homography(dst, paperCorners);

        // crumples: a height field over the paper; its slope shifts the print and shades it
        double crumple = random.nextDouble() < 0.25 ? 0 : random.nextDouble() < 0.67 ? 0.3 + random.nextDouble() * 0.4
                : 0.7 + random.nextDouble() * 0.6;
        if (crumple > 0) {
            effects.add("crumpled %.1f".formatted(crumple));
        }
        Field folds = Field.crumpled(random, crumple, sw, sh);

        // light: an overall slope, a vignette, maybe a shadow across part of the frame
        double warm = random.nextDouble();
        double[] light = {1.0, 0.97 + 0.03 * (1 - warm), 0.86 + 0.14 * (1 - warm)};
        double slope = random.nextDouble() * 0.35;
        double slopeAngle = random.nextDouble() * 2 * Math.PI;
        double vignette = random.nextDouble() * 0.3;
        boolean shadow = random.nextDouble() < 0.55;
        double shadowDepth = 0.25 + random.nextDouble() * 0.35;
        double shadowAngle = random.nextDouble() * 2 * Math.PI;
        double shadowX = fw * (0.2 + random.nextDouble() * 0.6);
        double shadowY = fh * (0.2 + random.nextDouble() * 0.6);
        double shadowSoft = Math.max(fw, fh) * (0.01 + random.nextDouble() * 0.06);
        effects.add("light slope %.0f%%".formatted(slope * 100));
        if (shadow) {
            effects.add("shadow %.0f%%".formatted(shadowDepth * 100));
        }
        Background background = Background.pick(random);
        effects.add(background.name);
        double paperWhite = 0.93 + random.nextDouble() * 0.07;

        int[] rgb = new int[fw * fh * 3];
        double[] fold = new double[3];
        double diagonal = Math.hypot(fw / 2.0, fh / 2.0);
        for (int y = 0; y < fh; y++) {
            for (int x = 0; x < fw; x++) {
                double d = toPaper[6] * x + toPaper[7] * y + 1;
                double u = (toPaper[0] * x + toPaper[1] * y + toPaper[2]) / d;
                double v = (toPaper[3] * x + toPaper[4] * y + toPaper[5]) / d;
                double r;
                double g;
                double b;
                if (u >= 0 && v >= 0 && u < sw - 1 && v < sh - 1) {
                    double shade = 1;
                    if (crumple > 0) {
                        double[] f = folds.at(u, v, fold);
                        u = Math.max(0, Math.min(sw - 1.001, u + f[0] / shrink));
                        v = Math.max(0, Math.min(sh - 1.001, v + f[1] / shrink));
                        shade = f[2];
                    }
                    double value = bilinear(src, sw, sh, u, v) * paperWhite * shade;
                    r = value;
                    g = value * 0.995;
                    b = value * 0.975;
                } else {
                    int c = background.at(x, y, grain);
                    r = (c >> 16) & 0xff;
                    g = (c >> 8) & 0xff;
                    b = c & 0xff;
                }
                double dx = x - fw / 2.0;
                double dy = y - fh / 2.0;
                double lit = 1 - slope * (0.5 + 0.5 * (dx * Math.cos(slopeAngle) + dy * Math.sin(slopeAngle)) / diagonal)
                        - vignette * (dx * dx + dy * dy) / (diagonal * diagonal);
                if (shadow) {
                    double side = (x - shadowX) * Math.cos(shadowAngle) + (y - shadowY) * Math.sin(shadowAngle);
                    lit *= 1 - shadowDepth * smoothstep(-shadowSoft, shadowSoft, side);
                }
                int i = (y * fw + x) * 3;
                rgb[i] = clamp(r * lit * light[0]);
                rgb[i + 1] = clamp(g * lit * light[1]);
                rgb[i + 2] = clamp(b * lit * light[2]);
            }
        }

        // focus and hand shake, in pixels of this photo (a bigger sensor blurs over more of them)
        double sigma = (0.35 + random.nextDouble() * 1.3) * Math.max(1, scale * 0.9);
        effects.add("blur σ%.1f".formatted(sigma));
        blur(rgb, fw, fh, sigma);
        if (random.nextDouble() < 0.15) {
            int length = 2 + random.nextInt(Math.max(1, (int) (5 * scale)));
            effects.add("shake " + length + "px");
            shake(rgb, fw, fh, length);
        }
        double noise = 2 + random.nextDouble() * 5;
        effects.add("noise σ%.1f".formatted(noise));
        BufferedImage photo = new BufferedImage(fw, fh, BufferedImage.TYPE_INT_RGB);
        int[] packed = new int[fw * fh];
        for (int p = 0; p < packed.length; p++) {
            double n = grain.next() * noise;
            packed[p] = (clamp(rgb[3 * p] + n + grain.next() * noise * 0.4) << 16)
                    | (clamp(rgb[3 * p + 1] + n) << 8) | clamp(rgb[3 * p + 2] + n + grain.next() * noise * 0.4);
        }
        photo.setRGB(0, 0, fw, fh, packed, 0, fw);
        float quality = 0.6f + random.nextFloat() * 0.3f;
        effects.add("JPEG q%.0f".formatted(quality * 100));
        return new Shot(jpeg(photo, quality), "image/jpeg", "photo.jpg", fw, fh, effects);
    }

    /** A smooth random field over the paper: displacement (x, y) in paper pixels and a shading factor. */
    private static final class Field {
        private final int gw;
        private final int gh;
        private final double cellW;
        private final double cellH;
        private final float[] dx;
        private final float[] dy;
        private final float[] shade;

        private Field(int gw, int gh, double cellW, double cellH) {
            this.gw = gw;
            this.gh = gh;
            this.cellW = cellW;
            this.cellH = cellH;
            this.dx = new float[gw * gh];
            this.dy = new float[gw * gh];
            this.shade = new float[gw * gh];
        }

        static Field crumpled(Random random, double strength, int width, int height) {
            int gw = 40;
            int gh = Math.max(40, (int) (40.0 * height / width));
            Field field = new Field(gw, gh, (width - 1.0) / (gw - 1), (height - 1.0) / (gh - 1));
            if (strength == 0) {
                return field;
            }
            int waves = 5;
            double[][] wave = new double[waves][4];
            for (double[] w : wave) {
                w[0] = (0.5 + random.nextDouble() * 2) * (random.nextBoolean() ? 1 : -1);
                w[1] = (0.5 + random.nextDouble() * 2 * height / width) * (random.nextBoolean() ? 1 : -1);
                w[2] = random.nextDouble() * 2 * Math.PI;
                w[3] = 0.5 + random.nextDouble();
            }
            int creases = 1 + random.nextInt(4);
            double[][] crease = new double[creases][4];
            for (double[] c : crease) {
                double a = random.nextDouble() * Math.PI;
                c[0] = Math.cos(a);
                c[1] = Math.sin(a);
                c[2] = random.nextDouble() * width * c[0] + random.nextDouble() * height * c[1];
                c[3] = (random.nextBoolean() ? 1 : -1) * (0.5 + random.nextDouble());
            }
            double[] h = new double[gw * gh];
            for (int j = 0; j < gh; j++) {
                for (int i = 0; i < gw; i++) {
                    double x = i * field.cellW;
                    double y = j * field.cellH;
                    double value = 0;
                    for (double[] w : wave) {
                        value += w[3] * Math.sin(2 * Math.PI * (w[0] * x / width + w[1] * y / width) + w[2]);
                    }
                    for (double[] c : crease) {
                        double d = (x * c[0] + y * c[1] - c[2]) / width;
                        value += c[3] * 3 * Math.sqrt(d * d + 0.0001);
                    }
                    h[j * gw + i] = value;
                }
            }
            // the slope of the height field: how far the print moves and how the light falls on it
            double move = strength * 1.2;
            double lightX = 0.6;
            double lightY = -0.8;
            for (int j = 0; j < gh; j++) {
                for (int i = 0; i < gw; i++) {
                    double sx = (h[j * gw + Math.min(gw - 1, i + 1)] - h[j * gw + Math.max(0, i - 1)]) / 2;
                    double sy = (h[Math.min(gh - 1, j + 1) * gw + i] - h[Math.max(0, j - 1) * gw + i]) / 2;
                    field.dx[j * gw + i] = (float) (sx * move);
                    field.dy[j * gw + i] = (float) (sy * move * 1.6);
                    field.shade[j * gw + i] = (float) Math.max(0.6, Math.min(1.12, 1 + strength * 0.3 * (sx * lightX + sy * lightY)));
                }
            }
            return field;
        }

        double[] at(double u, double v, double[] out) {
            double fx = Math.min(gw - 1.001, u / cellW);
            double fy = Math.min(gh - 1.001, v / cellH);
            int i = (int) fx;
            int j = (int) fy;
            double ax = fx - i;
            double ay = fy - j;
            out[0] = lerp(dx, i, j, ax, ay);
            out[1] = lerp(dy, i, j, ax, ay);
            out[2] = lerp(shade, i, j, ax, ay);
            return out;
        }

        private double lerp(float[] f, int i, int j, double ax, double ay) {
            double top = f[j * gw + i] * (1 - ax) + f[j * gw + i + 1] * ax;
            double bottom = f[(j + 1) * gw + i] * (1 - ax) + f[(j + 1) * gw + i + 1] * ax;
            return top * (1 - ay) + bottom * ay;
        }
    }

    /** Gaussian noise from a table, cheap enough for every pixel of a 12 MP photo. */
    private static final class Grain {
        private final float[] table = new float[1 << 16];
        private int state;

        Grain(Random random) {
            for (int i = 0; i < table.length; i++) {
                table[i] = (float) random.nextGaussian();
            }
            state = random.nextInt() | 1;
        }

        double next() {
            state ^= state << 13;
            state ^= state >>> 17;
            state ^= state << 5;
            return table[state & 0xffff];
        }
    }

    /** What the receipt lies on. */
    private record Background(String name, int r, int g, int b, int grain, boolean streaks, double phase) {
        static Background pick(Random random) {
            return switch (random.nextInt(5)) {
                case 0 -> new Background("on wood", 122 + random.nextInt(30), 82 + random.nextInt(20), 48, 14, true,
                        random.nextDouble() * 6);
                case 1 -> new Background("on a dark desk", 38, 38, 44, 6, false, 0);
                case 2 -> new Background("on grey stone", 140, 138, 134, 22, false, 0);
                case 3 -> new Background("on a light table", 214, 210, 200, 5, false, 0);
                default -> new Background("on blue cloth", 52, 70, 112, 10, true, random.nextDouble() * 6);
            };
        }

        int at(int x, int y, Grain random) {
            double s = streaks ? 12 * Math.sin(y * 0.021 + Math.sin(x * 0.003 + phase) * 3) : 0;
            double n = grain == 0 ? 0 : random.next() * grain * 0.5;
            return (clamp(r + s + n) << 16) | (clamp(g + s * 0.7 + n) << 8) | clamp(b + s * 0.4 + n);
        }
    }

    // ------------------------------------------------------------------ image helpers

    /**
     * The projective map taking the four points {@code from} to the four points {@code to}
     * (x0 y0 … x3 y3): 8 coefficients a b c d e f g h with x' = (ax + by + c)/(gx + hy + 1), y' = (dx + ey + f)/(gx + hy + 1).
     */
    static double[] homography(double[] from, double[] to) {
        double[][] m = new double[8][9];
        for (int i = 0; i < 4; i++) {
            double x = from[2 * i];
            double y = from[2 * i + 1];
            double u = to[2 * i];
            double v = to[2 * i + 1];
            m[2 * i] = new double[] {x, y, 1, 0, 0, 0, -u * x, -u * y, u};
            m[2 * i + 1] = new double[] {0, 0, 0, x, y, 1, -v * x, -v * y, v};
        }
        for (int col = 0; col < 8; col++) {
            int pivot = col;
            for (int row = col + 1; row < 8; row++) {
                if (Math.abs(m[row][col]) > Math.abs(m[pivot][col])) {
                    pivot = row;
                }
            }
            double[] swap = m[col];
            m[col] = m[pivot];
            m[pivot] = swap;
            for (int row = 0; row < 8; row++) {
                if (row != col) {
                    double factor = m[row][col] / m[col][col];
                    for (int k = col; k < 9; k++) {
                        m[row][k] -= factor * m[col][k];
                    }
                }
            }
        }
        double[] h = new double[8];
        for (int i = 0; i < 8; i++) {
            h[i] = m[i][8] / m[i][i];
        }
        return h;
    }

    private static byte[] gray(BufferedImage image) {
        byte[] pixels = new byte[image.getWidth() * image.getHeight()];
        image.getRaster().getDataElements(0, 0, image.getWidth(), image.getHeight(), pixels);
        return pixels;
    }

    private static byte[] shrunk(byte[] src, int width, int nw, int nh, int k) {
        byte[] out = new byte[nw * nh];
        for (int y = 0; y < nh; y++) {
            for (int x = 0; x < nw; x++) {
                int sum = 0;
                for (int j = 0; j < k; j++) {
                    for (int i = 0; i < k; i++) {
                        sum += src[(y * k + j) * width + x * k + i] & 0xff;
                    }
                }
                out[y * nw + x] = (byte) (sum / (k * k));
            }
        }
        return out;
    }

    private static double bilinear(byte[] pixels, int w, int h, double u, double v) {
        int x = (int) u;
        int y = (int) v;
        double ax = u - x;
        double ay = v - y;
        int i = y * w + x;
        double top = (pixels[i] & 0xff) * (1 - ax) + (pixels[i + 1] & 0xff) * ax;
        double bottom = (pixels[i + w] & 0xff) * (1 - ax) + (pixels[i + w + 1] & 0xff) * ax;
        return top * (1 - ay) + bottom * ay;
    }

    /** A Gaussian blur of the interleaved RGB pixels, as three box blurs each way. */
    private static void blur(int[] rgb, int w, int h, double sigma) {
        int radius = (int) Math.round(Math.sqrt(12 * sigma * sigma / 3 + 1) / 2 - 0.5);
        if (radius < 1) {
            return;
        }
        int[] tmp = new int[rgb.length];
        for (int pass = 0; pass < 3; pass++) {
            box(rgb, tmp, w, h, radius, true);
            box(tmp, rgb, w, h, radius, false);
        }
    }

    /** Hand shake: a short horizontal smear. */
    private static void shake(int[] rgb, int w, int h, int length) {
        int[] tmp = new int[rgb.length];
        box(rgb, tmp, w, h, Math.max(1, length / 2), true);
        System.arraycopy(tmp, 0, rgb, 0, rgb.length);
    }

    private static void box(int[] in, int[] out, int w, int h, int r, boolean horizontal) {
        int lines = horizontal ? h : w;
        int length = horizontal ? w : h;
        int step = horizontal ? 3 : 3 * w;
        int div = 2 * r + 1;
        for (int line = 0; line < lines; line++) {
            int base = horizontal ? line * w * 3 : line * 3;
            for (int c = 0; c < 3; c++) {
                int sum = 0;
                for (int k = -r; k <= r; k++) {
                    sum += in[base + Math.max(0, Math.min(length - 1, k)) * step + c];
                }
                for (int p = 0; p < length; p++) {
                    out[base + p * step + c] = sum / div;
                    int add = Math.min(length - 1, p + r + 1);
                    int drop = Math.max(0, p - r);
                    sum += in[base + add * step + c] - in[base + drop * step + c];
                }
            }
        }
    }

    private static double smoothstep(double from, double to, double x) {
        double t = Math.max(0, Math.min(1, (x - from) / (to - from)));
        return t * t * (3 - 2 * t);
    }

    private static int clamp(double value) {
        return (int) Math.max(0, Math.min(255, Math.round(value)));
    }

    static byte[] png(BufferedImage image) {
        try (ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            ImageIO.write(image, "png", out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static byte[] jpeg(BufferedImage image, float quality) {
        ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
        try (ByteArrayOutputStream out = new ByteArrayOutputStream();
             ImageOutputStream stream = ImageIO.createImageOutputStream(out)) {
            writer.setOutput(stream);
            ImageWriteParam param = writer.getDefaultWriteParam();
            param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
            param.setCompressionQuality(quality);
            writer.write(null, new IIOImage(image, null, null), param);
            stream.flush();
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            writer.dispose();
        }
    }

    static String megapixels(int width, int height) {
        return String.format(Locale.ROOT, "%.0f MP", width * (double) height / 1e6);
    }
}
