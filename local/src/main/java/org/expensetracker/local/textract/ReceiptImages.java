package org.expensetracker.local.textract;

import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.AffineTransform;
import java.awt.image.BufferedImage;

/**
 * What Textract does to a photo before it reads it, done with Java2D: grayscale at a working size
 * (a 12 MP photo is never handled whole), the paper found in the frame (the largest bright region)
 * and cut out of the table around it, scaled so the receipt's width is what a 300 dpi scan of a
 * till roll is (small photos up, big ones down: Tesseract reads characters 20-40 px high best and
 * its time grows with the pixels), lit evenly (each pixel divided by the paper's brightness around
 * it, which takes out shadows, light falling off and crumples' shading, then the contrast
 * stretched, which brings back faded thermal print), a 3×3 median against a photo's speckle or a
 * 3×3 blur that joins a scan's dot-matrix dots, and deskew
 * (the angle whose horizontal projection has the sharpest text rows, within ±8°).
 */
final class ReceiptImages {
    static final int MAX_SIDE = 2200;
    static final int MIN_SIDE = 1200;
    /** The longest side worked on before the paper is found: enough for a receipt filling a third of a photo. */
    static final int WORKING_SIDE = 2600;
    /** The receipt's width (its short side) after scaling: an 80 mm roll scanned at 300 dpi. */
    static final int PAPER_WIDTH = 1000;
    /** Nor longer than this, whatever the width: the time Tesseract takes grows with the pixels. */
    static final int MAX_PAPER_LENGTH = 3600;
    private static final double MAX_SKEW_DEGREES = 8;

    private ReceiptImages() {
    }

    /** A page ready for Tesseract, and whether the paper lay sideways in it (wider than high). */
    record Prepared(BufferedImage page, boolean sideways) {
    }

    /** The grayscale page, cut to the paper, scaled, lit evenly and straightened, ready to be thresholded. */
    static Prepared prepare(BufferedImage source) {
        int longSide = Math.max(source.getWidth(), source.getHeight());
        BufferedImage gray = toGray(source, Math.min(1, (double) WORKING_SIDE / longSide));
        Paper paper = findPaper(gray);
        if (paper == null) {
            // no paper stands out (a scan, a light table): the whole image, between 1200 and 2200 px long
            int side = Math.max(gray.getWidth(), gray.getHeight());
            double scale = side > MAX_SIDE ? (double) MAX_SIDE / side : side < MIN_SIDE ? (double) MIN_SIDE / side : 1;
            BufferedImage scaled = scale == 1 ? gray : scaledTo(gray, scale);
            return new Prepared(straighten(smooth(withoutBlots(evenlyLit(scaled)))), false);
        }
        int[] box = paper.box();
        if (!paper.whole()) {
            // where the whole sheet is, is not known: the whole image, scaled by the lit part's width (at most 6 MP)
            double scale = Math.min((double) PAPER_WIDTH / Math.min(box[2] - box[0], box[3] - box[1]),
                    Math.sqrt(6e6 / ((double) gray.getWidth() * gray.getHeight())));
            scale = Math.max(0.3, Math.min(2.5, scale));
            BufferedImage scaled = Math.abs(scale - 1) < 0.05 ? gray : scaledTo(gray, scale);
            return new Prepared(straighten(median(withoutBlots(evenlyLit(scaled)))), false);
        }
        int width = box[2] - box[0];
        int height = box[3] - box[1];
        boolean sideways = width > height * 1.15;
        int paperWidth = Math.min(width, height);
        int paperLength = Math.max(width, height);
        double scale = Math.max(0.3, Math.min(2.5, Math.min((double) PAPER_WIDTH / paperWidth,
                (double) MAX_PAPER_LENGTH / paperLength)));
        BufferedImage cut = crop(gray, box);
        BufferedImage scaled = Math.abs(scale - 1) < 0.05 ? cut : scaledTo(cut, scale);
        // the table left around the paper becomes white where it is dark (withoutBlots): next to it Tesseract takes
        // print for part of a picture and drops it
        // paper filling the image is a scan: sharp, its dot-matrix dots apart, joined by a blur; a photo's
        // paper lies in a frame, its print already soft, its speckle taken out by a median instead
        boolean scan = (double) width * height >= 0.75 * gray.getWidth() * gray.getHeight();
        BufferedImage lit = withoutBlots(evenlyLit(scaled));
        return new Prepared(straighten(scan ? smooth(lit) : median(lit)), sideways);
    }

    /**
     * Dark areas thicker than any stroke of print (26 px both ways: the table's edge, a deep crease,
     * a band left by the lighting step) made white: beside them Tesseract takes print for part of
     * a picture and drops it. Found on a half-size copy: dark pixels that a 13×13 window fits in.
     */
    static BufferedImage withoutBlots(BufferedImage gray) {
        int w = gray.getWidth();
        int h = gray.getHeight();
        byte[] pixels = new byte[w * h];
        gray.getRaster().getDataElements(0, 0, w, h, pixels);
        int hw = (w + 1) / 2;
        int hh = (h + 1) / 2;
        boolean[] dark = new boolean[hw * hh];
        for (int y = 0; y < hh; y++) {
            for (int x = 0; x < hw; x++) {
                int sum = 0;
                int n = 0;
                for (int dy = 0; dy < 2 && 2 * y + dy < h; dy++) {
                    for (int dx = 0; dx < 2 && 2 * x + dx < w; dx++) {
                        sum += pixels[(2 * y + dy) * w + 2 * x + dx] & 0xff;
                        n++;
                    }
                }
                dark[y * hw + x] = sum < 128 * n;
            }
        }
        boolean[] blots = dilate(erode(dark, hw, hh, 6), hw, hh, 6);
        boolean any = false;
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                if (blots[(y / 2) * hw + x / 2]) {
                    pixels[y * w + x] = (byte) 255;
                    any = true;
                }
            }
        }
        if (!any) {
            return gray;
        }
        BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_BYTE_GRAY);
        out.getRaster().setDataElements(0, 0, w, h, pixels);
        return out;
    }

    /** Deskewed, when the text rows lean by a quarter of a degree or more. */
    static BufferedImage straighten(BufferedImage gray) {
        double skew = skewDegrees(gray);
        return Math.abs(skew) < 0.25 ? gray : rotate(gray, -skew);
    }

    /** Grayscale at the given scale (down only), drawn so that a large step down still averages its pixels. */
    static BufferedImage toGray(BufferedImage source, double scale) {
        int width = Math.max(1, (int) Math.round(source.getWidth() * scale));
        int height = Math.max(1, (int) Math.round(source.getHeight() * scale));
        BufferedImage gray = new BufferedImage(source.getWidth(), source.getHeight(), BufferedImage.TYPE_BYTE_GRAY);
        Graphics2D g = gray.createGraphics();
        g.drawImage(source, 0, 0, null);
        g.dispose();
        return scale >= 1 ? gray : scaledTo(gray, scale);
    }

    /**
     * Where the paper is ({x0, y0, x1, y1} in the image's pixels), found on a copy of at most 400 px:
     * the largest connected region brighter than Otsu's threshold is the lit paper; the paper in a
     * shadow is darker, but rarely below 40% of the lit paper's brightness, so the largest region above
     * that is the whole sheet, unless the table is as bright (then the lit paper's box, with a wide
     * margin). Null when no region stands out: a scan, or paper on a table as light as it.
     */
    static int[] paper(BufferedImage gray) {
        Paper paper = findPaper(gray);
        return paper == null ? null : paper.box();
    }

    /**
     * The paper's box in the image; {@code whole} when it is the whole sheet's, false when only the
     * lit part of the paper could be told from the table and the box is that part's.
     */
    record Paper(int[] box, boolean whole) {
    }

    static Paper findPaper(BufferedImage gray) {
        int w = gray.getWidth();
        int h = gray.getHeight();
        double s = Math.min(1, 400.0 / Math.max(w, h));
        BufferedImage small = scaledTo(gray, s);
        int sw = small.getWidth();
        int sh = small.getHeight();
        byte[] pixels = new byte[sw * sh];
        small.getRaster().getDataElements(0, 0, sw, sh, pixels);
        int threshold = otsu(pixels);
        Region lit = largestRegion(pixels, sw, sh, threshold);
        if (lit == null || lit.share() > 0.9 || lit.share() < 0.06 || lit.fill() < 0.5) {
            return null;
        }
        Region sheet = largestRegion(pixels, sw, sh, (int) (lit.brightness() * 0.4));
        int[] box;
        double margin;
        boolean whole = false;
        // the sheet is the lit paper and what a shadow darkens of it: a filled, paper-shaped region not much bigger
        // than the lit part's box; a region that ran out into a grey table is none of that
        double litBox = (double) (lit.box()[2] - lit.box()[0]) * (lit.box()[3] - lit.box()[1]);
        if (sheet != null && sheet.share() <= 0.9 && sheet.size() >= lit.size() && sheet.fill() >= 0.75
                && sheet.share() * sw * sh <= litBox * 2.2) {
            box = sheet.box();
            margin = 0.06;
            whole = true;
        } else {
            // only the lit part is known: its width is the paper's (a shadow rarely cuts a receipt lengthwise), not its box
            box = lit.box();
            margin = 0;
        }
        int marginX = (int) Math.ceil((box[2] - box[0]) * margin) + 2;
        int marginY = (int) Math.ceil((box[3] - box[1]) * margin) + 2;
        return new Paper(new int[] {Math.max(0, (int) ((box[0] - marginX) / s)), Math.max(0, (int) ((box[1] - marginY) / s)),
                Math.min(w, (int) Math.ceil((box[2] + marginX) / s)), Math.min(h, (int) Math.ceil((box[3] + marginY) / s))},
                whole);
    }

    private static boolean[] erode(boolean[] mask, int w, int h, int r) {
        boolean[] inverse = new boolean[mask.length];
        for (int i = 0; i < mask.length; i++) {
            inverse[i] = !mask[i];
        }
        boolean[] grown = dilate(inverse, w, h, r);
        boolean[] out = new boolean[mask.length];
        for (int i = 0; i < mask.length; i++) {
            out[i] = !grown[i];
        }
        return out;
    }

    /** A connected region of pixels: its size, box, mean brightness, and how much of the image and of its box it fills. */
    private record Region(int size, int[] box, double brightness, double share, double fill) {
    }

    /** The largest 4-connected region brighter than the threshold (closed a little, so print does not split the paper). */
    private static Region largestRegion(byte[] pixels, int sw, int sh, int threshold) {
        boolean[] bright = new boolean[pixels.length];
        for (int i = 0; i < pixels.length; i++) {
            bright[i] = (pixels[i] & 0xff) > threshold;
        }
        bright = dilate(bright, sw, sh, 2);
        boolean[] seen = new boolean[pixels.length];
        int[] stack = new int[pixels.length];
        Region best = null;
        for (int start = 0; start < pixels.length; start++) {
            if (!bright[start] || seen[start]) {
                continue;
            }
            int size = 0;
            long sum = 0;
            int x0 = sw;
            int y0 = sh;
            int x1 = 0;
            int y1 = 0;
            int top = 0;
            stack[top++] = start;
            seen[start] = true;
            while (top > 0) {
                int p = stack[--top];
                int x = p % sw;
                int y = p / sw;
                size++;
                sum += pixels[p] & 0xff;
                x0 = Math.min(x0, x);
                y0 = Math.min(y0, y);
                x1 = Math.max(x1, x);
                y1 = Math.max(y1, y);
                if (x > 0 && bright[p - 1] && !seen[p - 1]) {
                    seen[p - 1] = true;
                    stack[top++] = p - 1;
                }
                if (x < sw - 1 && bright[p + 1] && !seen[p + 1]) {
                    seen[p + 1] = true;
                    stack[top++] = p + 1;
                }
                if (y > 0 && bright[p - sw] && !seen[p - sw]) {
                    seen[p - sw] = true;
                    stack[top++] = p - sw;
                }
                if (y < sh - 1 && bright[p + sw] && !seen[p + sw]) {
                    seen[p + sw] = true;
                    stack[top++] = p + sw;
                }
            }
            if (best == null || size > best.size()) {
                double boxArea = (double) (x1 - x0 + 1) * (y1 - y0 + 1);
                best = new Region(size, new int[] {x0, y0, x1 + 1, y1 + 1}, (double) sum / size, boxArea / ((double) sw * sh),
                        size / boxArea);
            }
        }
        return best;
    }

    private static boolean[] dilate(boolean[] mask, int w, int h, int r) {
        boolean[] across = new boolean[mask.length];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                boolean any = false;
                for (int dx = -r; dx <= r && !any; dx++) {
                    int xx = x + dx;
                    any = xx >= 0 && xx < w && mask[y * w + xx];
                }
                across[y * w + x] = any;
            }
        }
        boolean[] out = new boolean[mask.length];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                boolean any = false;
                for (int dy = -r; dy <= r && !any; dy++) {
                    int yy = y + dy;
                    any = yy >= 0 && yy < h && across[yy * w + x];
                }
                out[y * w + x] = any;
            }
        }
        return out;
    }

    /** Otsu's threshold of 8-bit pixels: the level that best splits them into a dark and a bright class. */
    static int otsu(byte[] pixels) {
        long[] histogram = new long[256];
        for (byte p : pixels) {
            histogram[p & 0xff]++;
        }
        long total = pixels.length;
        double sum = 0;
        for (int i = 0; i < 256; i++) {
            sum += i * (double) histogram[i];
        }
        double sumBelow = 0;
        long below = 0;
        double bestVariance = -1;
        int best = 128;
        for (int t = 0; t < 256; t++) {
            below += histogram[t];
            if (below == 0) {
                continue;
            }
            long above = total - below;
            if (above == 0) {
                break;
            }
            sumBelow += t * (double) histogram[t];
            double meanBelow = sumBelow / below;
            double meanAbove = (sum - sumBelow) / above;
            double variance = (double) below * above * (meanBelow - meanAbove) * (meanBelow - meanAbove);
            if (variance > bestVariance) {
                bestVariance = variance;
                best = t;
            }
        }
        return best;
    }

    private static BufferedImage crop(BufferedImage gray, int[] box) {
        if (box[0] == 0 && box[1] == 0 && box[2] == gray.getWidth() && box[3] == gray.getHeight()) {
            return gray;
        }
        int w = box[2] - box[0];
        int h = box[3] - box[1];
        byte[] pixels = new byte[w * h];
        gray.getRaster().getDataElements(box[0], box[1], w, h, pixels);
        BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_BYTE_GRAY);
        out.getRaster().setDataElements(0, 0, w, h, pixels);
        return out;
    }

    /**
     * Each pixel divided by the brightness of the paper around it (a closing: the brightest within
     * about two text lines, then the darkest of those), then the contrast stretched so the darkest print is near black: a
     * shadow, light falling off across the bill and faded print all end up black on white.
     */
    static BufferedImage evenlyLit(BufferedImage gray) {
        int w = gray.getWidth();
        int h = gray.getHeight();
        byte[] pixels = new byte[w * h];
        gray.getRaster().getDataElements(0, 0, w, h, pixels);
        int step = 4;
        int bw = (w + step - 1) / step;
        int bh = (h + step - 1) / step;
        int[] small = new int[bw * bh];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int i = (y / step) * bw + x / step;
                small[i] = Math.max(small[i], pixels[y * w + x] & 0xff);
            }
        }
        int radius = Math.max(4, PAPER_WIDTH / 60 / step * 2);
        // a closing (the brightest around, then the darkest of that): print filled in, while the sharp edge of a
        // shadow or of the table stays where it is; a blur where it would leave steps
        int[] light = boxBlur(minFilter(maxFilter(small, bw, bh, radius), bw, bh, radius), bw, bh, 2);
        int[] histogram = new int[256];
        float[] ratio = new float[w * h];
        for (int y = 0; y < h; y++) {
            double fy = Math.min(bh - 1.001, Math.max(0, (y + 0.5) / step - 0.5));
            int y0 = (int) fy;
            double ay = fy - y0;
            for (int x = 0; x < w; x++) {
                double fx = Math.min(bw - 1.001, Math.max(0, (x + 0.5) / step - 0.5));
                int x0 = (int) fx;
                double ax = fx - x0;
                double l = (light[y0 * bw + x0] * (1 - ax) + light[y0 * bw + x0 + 1] * ax) * (1 - ay)
                        + (light[(y0 + 1) * bw + x0] * (1 - ax) + light[(y0 + 1) * bw + x0 + 1] * ax) * ay;
                float r = (float) Math.min(1, (pixels[y * w + x] & 0xff) / Math.max(24, l));
                ratio[y * w + x] = r;
                histogram[(int) (r * 255)]++;
            }
        }
        // the darkest 0.5% is print: it becomes black, whatever its shade of grey
        long count = 0;
        int dark = 0;
        while (dark < 255 && count + histogram[dark] < w * (long) h * 0.005) {
            count += histogram[dark++];
        }
        double low = Math.min(dark / 255.0, 0.75);
        double span = Math.max(0.25, 0.97 - low);
        byte[] out = new byte[w * h];
        for (int i = 0; i < out.length; i++) {
            out[i] = (byte) (int) Math.max(0, Math.min(255, Math.round((ratio[i] - low) / span * 255)));
        }
        BufferedImage result = new BufferedImage(w, h, BufferedImage.TYPE_BYTE_GRAY);
        result.getRaster().setDataElements(0, 0, w, h, out);
        return result;
    }

    private static int[] maxFilter(int[] in, int w, int h, int r) {
        int[] across = new int[in.length];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int m = 0;
                for (int xx = Math.max(0, x - r); xx <= Math.min(w - 1, x + r); xx++) {
                    m = Math.max(m, in[y * w + xx]);
                }
                across[y * w + x] = m;
            }
        }
        int[] out = new int[in.length];
        for (int x = 0; x < w; x++) {
            for (int y = 0; y < h; y++) {
                int m = 0;
                for (int yy = Math.max(0, y - r); yy <= Math.min(h - 1, y + r); yy++) {
                    m = Math.max(m, across[yy * w + x]);
                }
                out[y * w + x] = m;
            }
        }
        return out;
    }

    private static int[] minFilter(int[] in, int w, int h, int r) {
        int[] across = new int[in.length];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int m = 255;
                for (int xx = Math.max(0, x - r); xx <= Math.min(w - 1, x + r); xx++) {
                    m = Math.min(m, in[y * w + xx]);
                }
                across[y * w + x] = m;
            }
        }
        int[] out = new int[in.length];
        for (int x = 0; x < w; x++) {
            for (int y = 0; y < h; y++) {
                int m = 255;
                for (int yy = Math.max(0, y - r); yy <= Math.min(h - 1, y + r); yy++) {
                    m = Math.min(m, across[yy * w + x]);
                }
                out[y * w + x] = m;
            }
        }
        return out;
    }

    private static int[] boxBlur(int[] in, int w, int h, int r) {
        int[] across = new int[in.length];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int sum = 0;
                int n = 0;
                for (int xx = Math.max(0, x - r); xx <= Math.min(w - 1, x + r); xx++) {
                    sum += in[y * w + xx];
                    n++;
                }
                across[y * w + x] = sum / n;
            }
        }
        int[] out = new int[in.length];
        for (int x = 0; x < w; x++) {
            for (int y = 0; y < h; y++) {
                int sum = 0;
                int n = 0;
                for (int yy = Math.max(0, y - r); yy <= Math.min(h - 1, y + r); yy++) {
                    sum += across[yy * w + x];
                    n++;
                }
                out[y * w + x] = sum / n;
            }
        }
        return out;
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
    /** A 3×3 binomial blur: joins a dot-matrix printer's dots into strokes and softens speckle. */
    static BufferedImage smooth(BufferedImage gray) {
        int w = gray.getWidth();
        int h = gray.getHeight();
        byte[] in = new byte[w * h];
        gray.getRaster().getDataElements(0, 0, w, h, in);
        byte[] out = in.clone();
        for (int y = 1; y < h - 1; y++) {
            for (int x = 1; x < w - 1; x++) {
                int i = y * w + x;
                int sum = 4 * (in[i] & 0xff) + 2 * ((in[i - 1] & 0xff) + (in[i + 1] & 0xff) + (in[i - w] & 0xff) + (in[i + w] & 0xff))
                        + (in[i - w - 1] & 0xff) + (in[i - w + 1] & 0xff) + (in[i + w - 1] & 0xff) + (in[i + w + 1] & 0xff);
                out[i] = (byte) ((sum + 8) / 16);
            }
        }
        BufferedImage result = new BufferedImage(w, h, BufferedImage.TYPE_BYTE_GRAY);
        result.getRaster().setDataElements(0, 0, w, h, out);
        return result;
    }

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

    /** Turns the page clockwise by quarter turns: receipts photographed sideways. */
    static BufferedImage quarterTurns(BufferedImage image, int turns) {
        int t = ((turns % 4) + 4) % 4;
        BufferedImage gray = image;
        if (image.getType() != BufferedImage.TYPE_BYTE_GRAY) {
            gray = new BufferedImage(image.getWidth(), image.getHeight(), BufferedImage.TYPE_BYTE_GRAY);
            Graphics2D g = gray.createGraphics();
            g.drawImage(image, 0, 0, null);
            g.dispose();
        }
        if (t == 0) {
            return gray;
        }
        int w = gray.getWidth();
        int h = gray.getHeight();
        byte[] in = new byte[w * h];
        gray.getRaster().getDataElements(0, 0, w, h, in);
        int ow = t % 2 == 0 ? w : h;
        int oh = t % 2 == 0 ? h : w;
        byte[] out = new byte[w * h];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int target = switch (t) {
                    case 1 -> x * ow + (h - 1 - y);
                    case 2 -> (h - 1 - y) * ow + (w - 1 - x);
                    default -> (w - 1 - x) * ow + y;
                };
                out[target] = in[y * w + x];
            }
        }
        BufferedImage turned = new BufferedImage(ow, oh, BufferedImage.TYPE_BYTE_GRAY);
        turned.getRaster().setDataElements(0, 0, ow, oh, out);
        return turned;
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
        if (scale == 1) {
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
