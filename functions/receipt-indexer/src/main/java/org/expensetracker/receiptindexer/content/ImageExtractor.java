package org.expensetracker.receiptindexer.content;

import com.drew.imaging.FileType;
import com.drew.imaging.ImageMetadataReader;
import com.drew.metadata.Directory;
import com.drew.metadata.Metadata;
import com.drew.metadata.exif.ExifIFD0Directory;
import com.drew.metadata.exif.ExifSubIFDDirectory;
import com.drew.metadata.heif.HeifDirectory;
import com.drew.metadata.jpeg.JpegDirectory;
import com.drew.metadata.png.PngDirectory;
import com.drew.metadata.webp.WebpDirectory;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Width, height, orientation and EXIF capture date of a receipt photo, via metadata-extractor.
 * The reader stops at the image data (JPEG start of scan, PNG IDAT is skipped) and reads through a
 * small seekable buffer, so memory stays small whatever the file size; chunk lengths are checked
 * first ({@link ImageStructure}). Unreadable metadata is not a rejection: the image may still display.
 */
final class ImageExtractor {

    private static final Pattern EXIF_DATE_TIME =
            Pattern.compile("(\\d{4})[:\\-/](\\d{2})[:\\-/](\\d{2})[ T](\\d{2}):(\\d{2}):(\\d{2})");
    private static final DateTimeFormatter ISO_SECONDS = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss");

    LinkedHashMap<String, String> extract(Path image, ContentType type, long size) {
        LinkedHashMap<String, String> facts = new LinkedHashMap<>();
        Metadata metadata;
        try (InputStream in = new SeekableFileInputStream(image, 64 * 1024)) {
            if (!ImageStructure.plausible(image, type)) {
                facts.put(ReceiptAnalyzer.KEY_METADATA, ReceiptAnalyzer.UNREADABLE);
                return facts;
            }
            metadata = ImageMetadataReader.readMetadata(in, size, fileType(type));
        } catch (NoSuchFileException e) {
            throw new UncheckedIOException("the spooled receipt disappeared", e);
        } catch (Exception | StackOverflowError | OutOfMemoryError e) {
            // ImageProcessingException, IOException on a malformed structure, parser bugs, or a huge
            // allocation asked for by a lying chunk length (freed again once unwound)
            facts.put(ReceiptAnalyzer.KEY_METADATA, ReceiptAnalyzer.UNREADABLE);
            return facts;
        }
        try {
            putDimensions(metadata, facts);
            putOrientation(metadata, facts);
            putCaptureDate(metadata, facts);
        } catch (RuntimeException e) {
            // keep whatever was found before the odd directory
        }
        if (!facts.containsKey(ReceiptAnalyzer.KEY_WIDTH) || !facts.containsKey(ReceiptAnalyzer.KEY_HEIGHT)) {
            facts.remove(ReceiptAnalyzer.KEY_WIDTH);
            facts.remove(ReceiptAnalyzer.KEY_HEIGHT);
            facts.put(ReceiptAnalyzer.KEY_METADATA, ReceiptAnalyzer.UNREADABLE);
        }
        return facts;
    }

    private static FileType fileType(ContentType type) {
        switch (type) {
            case JPEG:
                return FileType.Jpeg;
            case PNG:
                return FileType.Png;
            case WEBP:
                return FileType.WebP;
            case HEIC:
                return FileType.Heif;
            default:
                throw new IllegalArgumentException("not an image type: " + type);
        }
    }

    /** Where each format keeps its pixel size, most authoritative first. */
    private record DimensionSource(Class<? extends Directory> type, int widthTag, int heightTag) {
    }

    private static final List<DimensionSource> DIMENSION_SOURCES = List.of(
            new DimensionSource(JpegDirectory.class, JpegDirectory.TAG_IMAGE_WIDTH, JpegDirectory.TAG_IMAGE_HEIGHT),
            new DimensionSource(PngDirectory.class, PngDirectory.TAG_IMAGE_WIDTH, PngDirectory.TAG_IMAGE_HEIGHT),
            new DimensionSource(WebpDirectory.class, WebpDirectory.TAG_IMAGE_WIDTH, WebpDirectory.TAG_IMAGE_HEIGHT),
            new DimensionSource(HeifDirectory.class, HeifDirectory.TAG_IMAGE_WIDTH, HeifDirectory.TAG_IMAGE_HEIGHT),
            new DimensionSource(ExifSubIFDDirectory.class,
                    ExifSubIFDDirectory.TAG_EXIF_IMAGE_WIDTH, ExifSubIFDDirectory.TAG_EXIF_IMAGE_HEIGHT));

    private static void putDimensions(Metadata metadata, LinkedHashMap<String, String> facts) {
        for (DimensionSource source : DIMENSION_SOURCES) {
            for (Directory directory : metadata.getDirectoriesOfType(source.type())) {
                Integer width = positive(directory, source.widthTag());
                Integer height = positive(directory, source.heightTag());
                if (width != null && height != null) {
                    facts.put(ReceiptAnalyzer.KEY_WIDTH, width.toString());
                    facts.put(ReceiptAnalyzer.KEY_HEIGHT, height.toString());
                    return;
                }
            }
        }
    }

    private static void putOrientation(Metadata metadata, LinkedHashMap<String, String> facts) {
        ExifIFD0Directory ifd0 = metadata.getFirstDirectoryOfType(ExifIFD0Directory.class);
        Integer orientation = positive(ifd0, ExifIFD0Directory.TAG_ORIENTATION);
        if (orientation != null && orientation >= 1 && orientation <= 8) {
            facts.put(ReceiptAnalyzer.KEY_ORIENTATION, orientation.toString());
        }
    }

    private static void putCaptureDate(Metadata metadata, LinkedHashMap<String, String> facts) {
        for (ExifSubIFDDirectory d : metadata.getDirectoriesOfType(ExifSubIFDDirectory.class)) {
            String date = parseExifDateTime(d.getString(ExifSubIFDDirectory.TAG_DATETIME_ORIGINAL));
            if (date != null) {
                facts.put(ReceiptAnalyzer.KEY_EXIF_DATE, date);
                return;
            }
        }
        // some writers put DateTimeOriginal into IFD0
        for (ExifIFD0Directory d : metadata.getDirectoriesOfType(ExifIFD0Directory.class)) {
            String date = parseExifDateTime(d.getString(ExifIFD0Directory.TAG_DATETIME_ORIGINAL));
            if (date != null) {
                facts.put(ReceiptAnalyzer.KEY_EXIF_DATE, date);
                return;
            }
        }
    }

    /** EXIF {@code "YYYY:MM:DD HH:MM:SS"} (local time, no zone) → ISO-8601 local date-time; null when absent or invalid. */
    static String parseExifDateTime(String value) {
        if (value == null) {
            return null;
        }
        Matcher m = EXIF_DATE_TIME.matcher(value.trim());
        if (!m.lookingAt()) {
            return null;
        }
        try {
            LocalDateTime dateTime = LocalDateTime.of(
                    Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)), Integer.parseInt(m.group(3)),
                    Integer.parseInt(m.group(4)), Integer.parseInt(m.group(5)), Integer.parseInt(m.group(6)));
            return ISO_SECONDS.format(dateTime);
        } catch (DateTimeException e) {
            return null; // "0000:00:00 00:00:00" and friends
        }
    }

    private static Integer positive(Directory directory, int tag) {
        if (directory == null || !directory.containsTag(tag)) {
            return null;
        }
        Integer value = directory.getInteger(tag);
        return value != null && value > 0 ? value : null;
    }
}
