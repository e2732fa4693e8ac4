package org.expensetracker.receiptindexer.content;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Iterator;
import java.util.Optional;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageReadParam;
import javax.imageio.ImageReader;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.ImageOutputStream;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.io.RandomAccessReadBuffer;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.rendering.ImageType;
import org.apache.pdfbox.rendering.PDFRenderer;

/**
 * The small picture a list shows instead of the original: at most {@value #MAX_SIDE} px on its
 * longer side, JPEG. Photos are decoded subsampled (a 12 MP photo never sits in memory at full
 * size), PDFs show their first page. WebP and HEIC, which the JDK cannot decode, get none.
 */
public final class Previews {
    public static final int MAX_SIDE = 640;

    private Previews() {
    }

    public static Optional<byte[]> of(InputStream content, String contentType) throws IOException {
        BufferedImage picture = switch (contentType) {
            case "image/jpeg", "image/png" -> decodeSubsampled(content);
            case "application/pdf" -> firstPage(content);
            default -> null;
        };
        return picture == null ? Optional.empty() : Optional.of(jpeg(fit(picture)));
    }

    private static BufferedImage decodeSubsampled(InputStream content) throws IOException {
        try (ImageInputStream in = ImageIO.createImageInputStream(content)) {
            Iterator<ImageReader> readers = in == null ? null : ImageIO.getImageReaders(in);
            if (readers == null || !readers.hasNext()) {
                return null;
            }
            ImageReader reader = readers.next();
            try {
                reader.setInput(in, true, true);
                int longSide = Math.max(reader.getWidth(0), reader.getHeight(0));
                ImageReadParam param = reader.getDefaultReadParam();
                int step = Math.max(1, longSide / (MAX_SIDE * 2));
                param.setSourceSubsampling(step, step, 0, 0);
                return reader.read(0, param);
            } finally {
                reader.dispose();
            }
        }
    }

    private static BufferedImage firstPage(InputStream content) throws IOException {
        try (PDDocument pdf = Loader.loadPDF(new RandomAccessReadBuffer(content))) {
            if (pdf.getNumberOfPages() == 0) {
                return null;
            }
            PDRectangle box = pdf.getPage(0).getCropBox();
            float scale = MAX_SIDE / Math.max(box.getWidth(), box.getHeight());
            return new PDFRenderer(pdf).renderImage(0, scale, ImageType.RGB);
        } catch (org.apache.pdfbox.pdmodel.encryption.InvalidPasswordException e) {
            return null;
        }
    }

    private static BufferedImage fit(BufferedImage image) {
        double scale = Math.min(1, (double) MAX_SIDE / Math.max(image.getWidth(), image.getHeight()));
        int width = Math.max(1, (int) Math.round(image.getWidth() * scale));
        int height = Math.max(1, (int) Math.round(image.getHeight() * scale));
        BufferedImage out = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        g.setColor(Color.WHITE); // transparent PNGs on white, as on paper
        g.fillRect(0, 0, width, height);
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
        g.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_QUALITY);
        g.drawImage(image, 0, 0, width, height, null);
        g.dispose();
        return out;
    }

    private static byte[] jpeg(BufferedImage image) throws IOException {
        ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ImageOutputStream out = ImageIO.createImageOutputStream(bytes)) {
            writer.setOutput(out);
            ImageWriteParam param = writer.getDefaultWriteParam();
            param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
            param.setCompressionQuality(0.8f);
            writer.write(null, new IIOImage(image, null, null), param);
        } finally {
            writer.dispose();
        }
        return bytes.toByteArray();
    }
}
