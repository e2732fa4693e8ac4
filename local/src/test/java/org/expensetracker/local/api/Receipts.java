package org.expensetracker.local.api;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import javax.imageio.ImageIO;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.font.PDType1Font;
import org.apache.pdfbox.pdmodel.font.Standard14Fonts;

/** Receipt files made on the fly, so no binary fixture lives in the repository. */
public final class Receipts {
    private Receipts() {
    }

    /** A PDF with a text layer: each argument is one page's lines, printed top down. */
    public static byte[] pdfPages(java.util.List<java.util.List<String>> pages) {
        try (PDDocument document = new PDDocument(); ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            for (java.util.List<String> lines : pages) {
                PDPage page = new PDPage();
                document.addPage(page);
                try (PDPageContentStream content = new PDPageContentStream(document, page)) {
                    content.beginText();
                    content.setFont(new PDType1Font(Standard14Fonts.FontName.COURIER), 11);
                    content.setLeading(16);
                    content.newLineAtOffset(72, 720);
                    for (String line : lines) {
                        content.showText(line);
                        content.newLine();
                    }
                    content.endText();
                }
            }
            document.save(out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A PDF with one text line per page. */
    public static byte[] pdf(String... pages) {
        try (PDDocument document = new PDDocument(); ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            for (String text : pages) {
                PDPage page = new PDPage();
                document.addPage(page);
                try (PDPageContentStream content = new PDPageContentStream(document, page)) {
                    content.beginText();
                    content.setFont(new PDType1Font(Standard14Fonts.FontName.HELVETICA), 12);
                    content.newLineAtOffset(72, 700);
                    content.showText(text);
                    content.endText();
                }
            }
            document.save(out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * A printed receipt, drawn: one text line per argument in a monospaced font, as a thermal printer
     * prints them. As a "photo" it is turned a few degrees, lit unevenly, speckled and saved as JPEG.
     */
    public static byte[] receipt(boolean photo, String... lines) {
        int lineHeight = 44;
        int width = 900;
        int height = 120 + lines.length * lineHeight;
        BufferedImage paper = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        java.awt.Graphics2D g = paper.createGraphics();
        g.setColor(java.awt.Color.WHITE);
        g.fillRect(0, 0, width, height);
        g.setRenderingHint(java.awt.RenderingHints.KEY_TEXT_ANTIALIASING, java.awt.RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setColor(new java.awt.Color(25, 25, 25));
        g.setFont(new java.awt.Font(java.awt.Font.MONOSPACED, java.awt.Font.BOLD, 30));
        for (int i = 0; i < lines.length; i++) {
            g.drawString(lines[i], 60, 80 + i * lineHeight);
        }
        g.dispose();
        if (!photo) {
            return encode(paper, "png");
        }
        int margin = 80;
        BufferedImage shot = new BufferedImage(width + 2 * margin, height + 2 * margin, BufferedImage.TYPE_INT_RGB);
        java.awt.Graphics2D s = shot.createGraphics();
        s.setColor(new java.awt.Color(90, 80, 70)); // the table
        s.fillRect(0, 0, shot.getWidth(), shot.getHeight());
        s.setRenderingHint(java.awt.RenderingHints.KEY_INTERPOLATION, java.awt.RenderingHints.VALUE_INTERPOLATION_BILINEAR);
        s.rotate(Math.toRadians(3.5), shot.getWidth() / 2.0, shot.getHeight() / 2.0);
        s.drawImage(paper, margin, margin, null);
        s.dispose();
        java.util.Random random = new java.util.Random(42);
        for (int y = 0; y < shot.getHeight(); y++) {
            for (int x = 0; x < shot.getWidth(); x++) {
                int rgb = shot.getRGB(x, y);
                double light = 0.72 + 0.28 * x / shot.getWidth(); // a shadow over the left side
                int noise = (int) (random.nextGaussian() * 10);
                int r = clamp((int) (((rgb >> 16) & 0xff) * light) + noise);
                int gr = clamp((int) (((rgb >> 8) & 0xff) * light) + noise);
                int b = clamp((int) ((rgb & 0xff) * light) + noise);
                shot.setRGB(x, y, (r << 16) | (gr << 8) | b);
            }
        }
        return encode(shot, "jpg");
    }

    private static int clamp(int value) {
        return Math.max(0, Math.min(255, value));
    }

    private static byte[] encode(BufferedImage image, String format) {
        try (ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            ImageIO.write(image, format, out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static byte[] png(int width, int height) {
        return image("png", width, height);
    }

    static byte[] jpeg(int width, int height) {
        return image("jpg", width, height);
    }

    private static byte[] image(String format, int width, int height) {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        for (int x = 0; x < width; x++) {
            for (int y = 0; y < height; y++) {
                image.setRGB(x, y, (x * 31 + y * 17) & 0xffffff);
            }
        }
        try (ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            ImageIO.write(image, format, out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
