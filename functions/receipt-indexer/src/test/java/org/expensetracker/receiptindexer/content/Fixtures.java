package org.expensetracker.receiptindexer.content;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import javax.imageio.ImageIO;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.encryption.AccessPermission;
import org.apache.pdfbox.pdmodel.encryption.StandardProtectionPolicy;
import org.apache.pdfbox.pdmodel.font.PDType1Font;
import org.apache.pdfbox.pdmodel.font.Standard14Fonts;

/** Receipt inputs generated at run time (no binary fixtures in the repository). */
final class Fixtures {

    private Fixtures() {
    }

    /** A PDF with one page per entry, each page showing its lines in Helvetica. */
    static byte[] pdf(List<List<String>> pages) {
        return pdf(pages, null, null, null);
    }

    /**
     * @param title         document information title, or null
     * @param userPassword  null = not encrypted; "" = encrypted with an owner password only (opens without one)
     */
    static byte[] pdf(List<List<String>> pages, String title, String userPassword, String author) {
        try (PDDocument document = new PDDocument()) {
            PDType1Font helvetica = new PDType1Font(Standard14Fonts.FontName.HELVETICA);
            for (List<String> lines : pages) {
                PDPage page = new PDPage(PDRectangle.A4);
                document.addPage(page);
                try (PDPageContentStream content = new PDPageContentStream(document, page)) {
                    content.beginText();
                    content.setFont(helvetica, 12);
                    content.setLeading(16);
                    content.newLineAtOffset(72, 770);
                    for (String line : lines) {
                        content.showText(line);
                        content.newLine();
                    }
                    content.endText();
                }
            }
            if (title != null) {
                document.getDocumentInformation().setTitle(title);
            }
            if (author != null) {
                document.getDocumentInformation().setAuthor(author);
            }
            if (userPassword != null) {
                StandardProtectionPolicy policy =
                        new StandardProtectionPolicy("owner-secret", userPassword, new AccessPermission());
                policy.setEncryptionKeyLength(128);
                document.protect(policy);
            }
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            document.save(out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static byte[] image(String format, int width, int height) {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        try {
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, width, height);
            g.setColor(Color.BLACK);
            g.drawString("TOTAL 1250.00", 5, height / 2);
        } finally {
            g.dispose();
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            if (!ImageIO.write(image, format, out)) {
                throw new IllegalStateException("no ImageIO writer for " + format);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    static byte[] jpeg(int width, int height) {
        return image("jpeg", width, height);
    }

    static byte[] png(int width, int height) {
        return image("png", width, height);
    }

    /**
     * Inserts an APP1 Exif segment right after SOI: TIFF header (big-endian), IFD0 holding only the
     * ExifIFD pointer (0x8769), and an Exif IFD holding DateTimeOriginal (0x9003, ASCII).
     */
    static byte[] withExifDateTimeOriginal(byte[] jpeg, String exifDateTime) {
        byte[] ascii = (exifDateTime + "\0").getBytes(StandardCharsets.US_ASCII);
        int ifd0Offset = 8;
        int exifIfdOffset = ifd0Offset + 2 + 12 + 4;
        int dateOffset = exifIfdOffset + 2 + 12 + 4;
        ByteBuffer tiff = ByteBuffer.allocate(dateOffset + ascii.length).order(ByteOrder.BIG_ENDIAN);
        tiff.put((byte) 'M').put((byte) 'M').putShort((short) 42).putInt(ifd0Offset);
        // IFD0: 1 entry, ExifIFDPointer LONG 1 -> exif IFD
        tiff.putShort((short) 1);
        tiff.putShort((short) 0x8769).putShort((short) 4).putInt(1).putInt(exifIfdOffset);
        tiff.putInt(0);
        // Exif IFD: 1 entry, DateTimeOriginal ASCII n -> offset
        tiff.putShort((short) 1);
        tiff.putShort((short) 0x9003).putShort((short) 2).putInt(ascii.length).putInt(dateOffset);
        tiff.putInt(0);
        tiff.put(ascii);

        byte[] exifHeader = {'E', 'x', 'i', 'f', 0, 0};
        int segmentLength = 2 + exifHeader.length + tiff.capacity();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(jpeg, 0, 2); // SOI
        out.write(0xFF);
        out.write(0xE1);
        out.write(segmentLength >> 8);
        out.write(segmentLength & 0xFF);
        out.writeBytes(exifHeader);
        out.writeBytes(tiff.array());
        out.write(jpeg, 2, jpeg.length - 2);
        return out.toByteArray();
    }

    /** A minimal lossless-extended WebP: RIFF header + VP8X chunk carrying the canvas size. */
    static byte[] webpVp8x(int width, int height) {
        ByteBuffer b = ByteBuffer.allocate(30).order(ByteOrder.LITTLE_ENDIAN);
        b.put("RIFF".getBytes(StandardCharsets.US_ASCII)).putInt(22);
        b.put("WEBP".getBytes(StandardCharsets.US_ASCII));
        b.put("VP8X".getBytes(StandardCharsets.US_ASCII)).putInt(10);
        b.put((byte) 0).put((byte) 0).put((byte) 0).put((byte) 0); // flags + reserved
        putUint24(b, width - 1);
        putUint24(b, height - 1);
        return b.array();
    }

    private static void putUint24(ByteBuffer b, int value) {
        b.put((byte) value).put((byte) (value >> 8)).put((byte) (value >> 16));
    }

    /** An ISO BMFF {@code ftyp} box: major brand, minor version 0, compatible brands. */
    static byte[] ftyp(String majorBrand, String... compatibleBrands) {
        int size = 16 + 4 * compatibleBrands.length;
        ByteBuffer b = ByteBuffer.allocate(size).order(ByteOrder.BIG_ENDIAN);
        b.putInt(size).put("ftyp".getBytes(StandardCharsets.US_ASCII));
        b.put(majorBrand.getBytes(StandardCharsets.US_ASCII)).putInt(0);
        for (String brand : compatibleBrands) {
            b.put(brand.getBytes(StandardCharsets.US_ASCII));
        }
        return b.array();
    }

    /** An ISO BMFF box: 32-bit size, type, payload. */
    static byte[] box(String type, byte[]... payload) {
        byte[] body = concat(payload);
        return ByteBuffer.allocate(8 + body.length).order(ByteOrder.BIG_ENDIAN)
                .putInt(8 + body.length).put(type.getBytes(StandardCharsets.US_ASCII)).put(body).array();
    }

    /** An ISO BMFF full box: box with version 0 and flags 0 before the payload. */
    static byte[] fullBox(String type, byte[]... payload) {
        return box(type, concat(new byte[4], concat(payload)));
    }

    static byte[] uint32(long value) {
        return ByteBuffer.allocate(4).order(ByteOrder.BIG_ENDIAN).putInt((int) value).array();
    }

    /**
     * A minimal HEIC: ftyp, then meta { hdlr 'pict', pitm, iprp { ipco { ispe width x height } } }
     * (no image data; enough for a metadata reader).
     */
    static byte[] heic(int width, int height) {
        byte[] hdlr = fullBox("hdlr", new byte[4], "pict".getBytes(StandardCharsets.US_ASCII), new byte[12], new byte[1]);
        byte[] pitm = fullBox("pitm", new byte[] {0, 1});
        byte[] ispe = fullBox("ispe", uint32(width), uint32(height));
        byte[] iprp = box("iprp", box("ipco", ispe));
        return concat(ftyp("heic", "mif1", "heic"), fullBox("meta", hdlr, pitm, iprp));
    }

    static String sha256Hex(byte[] bytes) {
        return HexFormat.of().formatHex(sha256().digest(bytes));
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }

    /**
     * Streams {@code prefix}, then {@code paddingLength} generated bytes, then {@code suffix}, without
     * ever holding the padding in memory; hashes and counts what it hands out.
     */
    static final class GeneratedStream extends InputStream {
        private final byte[] prefix;
        private final long paddingLength;
        private final byte paddingByte;
        private final byte[] suffix;
        private final MessageDigest digest = sha256();
        private long position;

        GeneratedStream(byte[] prefix, long paddingLength, byte paddingByte, byte[] suffix) {
            this.prefix = prefix;
            this.paddingLength = paddingLength;
            this.paddingByte = paddingByte;
            this.suffix = suffix;
        }

        long length() {
            return prefix.length + paddingLength + suffix.length;
        }

        long bytesHandedOut() {
            return position;
        }

        String sha256Hex() {
            return HexFormat.of().formatHex(digest.digest());
        }

        @Override
        public int read() {
            byte[] one = new byte[1];
            int n = read(one, 0, 1);
            return n < 0 ? -1 : one[0] & 0xFF;
        }

        @Override
        public int read(byte[] b, int off, int len) {
            if (len == 0) {
                return 0;
            }
            if (position >= length()) {
                return -1;
            }
            int n = 0;
            while (n < len && position < length()) {
                long paddingLeft = prefix.length + paddingLength - position;
                if (position >= prefix.length && paddingLeft > 0) {
                    int run = (int) Math.min(len - n, paddingLeft);
                    java.util.Arrays.fill(b, off + n, off + n + run, paddingByte);
                    n += run;
                    position += run;
                } else {
                    b[off + n] = byteAt(position);
                    n++;
                    position++;
                }
            }
            digest.update(b, off, n);
            return n;
        }

        private byte byteAt(long p) {
            if (p < prefix.length) {
                return prefix[(int) p];
            }
            long q = p - prefix.length;
            if (q < paddingLength) {
                return paddingByte;
            }
            return suffix[(int) (q - paddingLength)];
        }
    }

    /** A PDF of one page showing {@code text}, with an unused stream object of {@code paddingLength} bytes. */
    static GeneratedStream pdfWithPaddingStream(String text, long paddingLength) {
        String content = "BT /F1 12 Tf 72 720 Td (" + text + ") Tj ET";
        StringBuilder head = new StringBuilder("%PDF-1.7\n");
        long[] offsets = new long[7];
        offsets[1] = head.length();
        head.append("1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n");
        offsets[2] = head.length();
        head.append("2 0 obj\n<< /Type /Pages /Kids [3 0 R] /Count 1 >>\nendobj\n");
        offsets[3] = head.length();
        head.append("3 0 obj\n<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R"
                + " /Resources << /Font << /F1 5 0 R >> >> >>\nendobj\n");
        offsets[4] = head.length();
        head.append("4 0 obj\n<< /Length ").append(content.length()).append(" >>\nstream\n")
                .append(content).append("\nendstream\nendobj\n");
        offsets[5] = head.length();
        head.append("5 0 obj\n<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>\nendobj\n");
        offsets[6] = head.length();
        head.append("6 0 obj\n<< /Length ").append(paddingLength).append(" >>\nstream\n");
        byte[] prefix = head.toString().getBytes(StandardCharsets.US_ASCII);

        StringBuilder tail = new StringBuilder("\nendstream\nendobj\n");
        long xref = prefix.length + paddingLength + tail.length();
        tail.append("xref\n0 7\n0000000000 65535 f \n");
        for (int i = 1; i <= 6; i++) {
            tail.append(String.format("%010d 00000 n \n", offsets[i]));
        }
        tail.append("trailer\n<< /Size 7 /Root 1 0 R >>\nstartxref\n").append(xref).append("\n%%EOF\n");
        return new GeneratedStream(prefix, paddingLength, (byte) 'x', tail.toString().getBytes(StandardCharsets.US_ASCII));
    }
}
