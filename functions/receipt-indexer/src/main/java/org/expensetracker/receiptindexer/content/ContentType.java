package org.expensetracker.receiptindexer.content;

import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * The receipt formats the tracker accepts, recognised from the content itself (magic numbers),
 * never from a file name or a declared type.
 */
public enum ContentType {
    JPEG("image/jpeg"),
    PNG("image/png"),
    WEBP("image/webp"),
    HEIC("image/heic"),
    PDF("application/pdf");

    /** How many leading bytes {@link #sniff(byte[], int)} looks at (at most); give it at least this many when available. */
    public static final int SNIFF_LENGTH = 4096;

    /** PDF readers accept the {@code %PDF-} header anywhere in the first 1024 bytes. */
    static final int PDF_HEADER_WINDOW = 1024;

    private static final byte[] JPEG_MAGIC = {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF};
    private static final byte[] PNG_MAGIC = {(byte) 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A};
    private static final byte[] PDF_MAGIC = "%PDF-".getBytes(StandardCharsets.US_ASCII);
    /** HEIF brands that identify HEIC/HEIF still images (and image sequences). */
    private static final Set<String> HEIC_BRANDS =
            Set.of("heic", "heix", "heim", "heis", "hevc", "hevx", "mif1", "msf1");
    /** Brands that prove a HEIF file is really HEVC-coded, whatever else it claims. */
    private static final Set<String> HEVC_BRANDS = Set.of("heic", "heix", "heim", "heis", "hevc", "hevx");
    /** AV1-coded HEIF (AVIF) also lists the generic mif1/msf1 brands, but is not HEIC. */
    private static final Set<String> AVIF_BRANDS = Set.of("avif", "avis");

    private final String mimeType;

    ContentType(String mimeType) {
        this.mimeType = mimeType;
    }

    /** The canonical media type, e.g. {@code image/jpeg}. */
    public String mimeType() {
        return mimeType;
    }

    /** Sniffs the whole array; see {@link #sniff(byte[], int)}. */
    public static Optional<ContentType> sniff(byte[] head) {
        return sniff(head, head.length);
    }

    /**
     * Recognises the content type from the first {@code length} bytes of {@code head}
     * (pass at least {@link #SNIFF_LENGTH} bytes when the content is that long).
     *
     * @return the type, or empty when the bytes are none of the supported receipt formats
     */
    public static Optional<ContentType> sniff(byte[] head, int length) {
        int len = Math.max(0, Math.min(length, head.length));
        if (startsWith(head, len, 0, JPEG_MAGIC)) {
            return Optional.of(JPEG);
        }
        if (startsWith(head, len, 0, PNG_MAGIC)) {
            return Optional.of(PNG);
        }
        if (isWebp(head, len)) {
            return Optional.of(WEBP);
        }
        if (isHeic(head, len)) {
            return Optional.of(HEIC);
        }
        int window = Math.min(len, PDF_HEADER_WINDOW);
        for (int i = 0; i + PDF_MAGIC.length <= window; i++) {
            if (startsWith(head, window, i, PDF_MAGIC)) {
                return Optional.of(PDF);
            }
        }
        return Optional.empty();
    }

    /**
     * Maps a declared media type ({@code Content-Type} header value) to a supported type:
     * case-insensitive, parameters ignored, common aliases ({@code image/jpg}, {@code image/pjpeg},
     * {@code image/heif}, {@code image/x-png}, {@code application/x-pdf}) accepted.
     */
    public static Optional<ContentType> fromMimeType(String declared) {
        if (declared == null) {
            return Optional.empty();
        }
        String essence = declared;
        int semicolon = essence.indexOf(';');
        if (semicolon >= 0) {
            essence = essence.substring(0, semicolon);
        }
        switch (essence.trim().toLowerCase(Locale.ROOT)) {
            case "image/jpeg":
            case "image/jpg":
            case "image/pjpeg":
                return Optional.of(JPEG);
            case "image/png":
            case "image/x-png":
                return Optional.of(PNG);
            case "image/webp":
                return Optional.of(WEBP);
            case "image/heic":
            case "image/heif":
            case "image/heic-sequence":
            case "image/heif-sequence":
                return Optional.of(HEIC);
            case "application/pdf":
            case "application/x-pdf":
                return Optional.of(PDF);
            default:
                return Optional.empty();
        }
    }

    /** {@code RIFF <size> WEBP}. */
    private static boolean isWebp(byte[] b, int len) {
        return len >= 12
                && startsWith(b, len, 0, new byte[] {'R', 'I', 'F', 'F'})
                && startsWith(b, len, 8, new byte[] {'W', 'E', 'B', 'P'});
    }

    /**
     * ISO BMFF: the first box is {@code ftyp}: size (4), "ftyp", major brand (4), minor version (4),
     * compatible brands (4 each) up to the end of the box.
     */
    private static boolean isHeic(byte[] b, int len) {
        if (len < 12 || !startsWith(b, len, 4, new byte[] {'f', 't', 'y', 'p'})) {
            return false;
        }
        long boxSize = readUint32(b, 0);
        int headerSize = 8;
        if (boxSize == 1) {
            // 64-bit "largesize" follows the type
            if (len < 16) {
                return false;
            }
            boxSize = (readUint32(b, 8) << 32) | readUint32(b, 12);
            headerSize = 16;
        } else if (boxSize == 0) {
            boxSize = len; // box extends to the end of the file
        }
        if (boxSize < headerSize + 8L) {
            return false; // no room for major brand + minor version
        }
        int boxEnd = (int) Math.min(boxSize, len);
        if (boxEnd < headerSize + 4) {
            return false;
        }
        boolean heif = false;
        boolean hevc = false;
        boolean avif = false;
        for (int offset = headerSize; offset + 4 <= boxEnd; offset += 4) {
            if (offset == headerSize + 4) {
                continue; // minor version, not a brand
            }
            String brand = new String(b, offset, 4, StandardCharsets.ISO_8859_1);
            heif |= HEIC_BRANDS.contains(brand);
            hevc |= HEVC_BRANDS.contains(brand);
            avif |= AVIF_BRANDS.contains(brand);
        }
        return heif && (hevc || !avif);
    }

    private static long readUint32(byte[] b, int offset) {
        return ((b[offset] & 0xFFL) << 24) | ((b[offset + 1] & 0xFFL) << 16)
                | ((b[offset + 2] & 0xFFL) << 8) | (b[offset + 3] & 0xFFL);
    }

    private static boolean startsWith(byte[] b, int len, int offset, byte[] magic) {
        if (offset < 0 || offset + magic.length > len) {
            return false;
        }
        for (int i = 0; i < magic.length; i++) {
            if (b[offset + i] != magic[i]) {
                return false;
            }
        }
        return true;
    }
}
