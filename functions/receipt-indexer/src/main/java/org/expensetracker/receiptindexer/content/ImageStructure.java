package org.expensetracker.receiptindexer.content;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Set;

/**
 * A cheap walk over the chunk/box lengths of an image before metadata-extractor sees it.
 * metadata-extractor allocates a buffer of whatever length a chunk claims before reading it
 * (it turns the OutOfMemoryError into "end of data", but with a large heap the 2 GB
 * allocation succeeds and takes seconds), so a 100-byte file claiming a 2 GB chunk is
 * refused here: every length must fit in the file (or in its parent box).
 * JPEG needs no walk (segment lengths are 16-bit).
 */
final class ImageStructure {

    /** ISO BMFF boxes metadata-extractor descends into (meta is a full box: 4 more header bytes). */
    private static final Set<String> HEIF_CONTAINERS = Set.of("meta", "iprp", "ipco");
    private static final int MAX_DEPTH = 8;
    private static final int MAX_ITEMS = 1_000_000;

    private final FileChannel file;
    private final long size;
    private int items;

    private ImageStructure(FileChannel file) throws IOException {
        this.file = file;
        this.size = file.size();
    }

    /** {@code false} when some length points past the end of the file (or the walk found nonsense). */
    static boolean plausible(Path image, ContentType type) throws IOException {
        try (FileChannel channel = FileChannel.open(image, StandardOpenOption.READ)) {
            ImageStructure walk = new ImageStructure(channel);
            switch (type) {
                case PNG:
                    return walk.pngChunksFit();
                case WEBP:
                    return walk.riffFits();
                case HEIC:
                    return walk.boxesFit(0, walk.size, 0);
                default:
                    return true;
            }
        }
    }

    /** PNG: 8-byte signature, then chunks of length (4, big-endian), type (4), data, CRC (4), up to IEND. */
    private boolean pngChunksFit() throws IOException {
        long offset = 8;
        while (offset + 8 <= size) {
            ByteBuffer header = read(offset, 8, ByteOrder.BIG_ENDIAN);
            long length = header.getInt() & 0xFFFFFFFFL;
            String type = fourCc(header);
            long end = offset + 12 + length;
            if (length > Integer.MAX_VALUE || end > size || ++items > MAX_ITEMS) {
                return false;
            }
            if (type.equals("IEND")) {
                return true;
            }
            offset = end;
        }
        return true; // no IEND: a truncated image; nothing lies about its length
    }

    /** RIFF: the size in the header bounds every chunk length metadata-extractor accepts. */
    private boolean riffFits() throws IOException {
        if (size < 12) {
            return false;
        }
        long riffSize = read(4, 4, ByteOrder.LITTLE_ENDIAN).getInt() & 0xFFFFFFFFL;
        if (riffSize + 8 > size) {
            return false;
        }
        long offset = 12;
        while (offset + 8 <= size) {
            ByteBuffer header = read(offset, 8, ByteOrder.LITTLE_ENDIAN);
            fourCc(header);
            long length = header.getInt() & 0xFFFFFFFFL;
            long end = offset + 8 + length + (length & 1);
            if (offset + 8 + length > size || ++items > MAX_ITEMS) {
                return false;
            }
            offset = end;
        }
        return true;
    }

    /** ISO BMFF boxes: size (4) + type (4) [+ largesize (8)]; size 0 = to the end of the parent. */
    private boolean boxesFit(long start, long end, int depth) throws IOException {
        if (depth > MAX_DEPTH) {
            return false;
        }
        long offset = start;
        while (offset + 8 <= end) {
            ByteBuffer header = read(offset, 8, ByteOrder.BIG_ENDIAN);
            long boxSize = header.getInt() & 0xFFFFFFFFL;
            String type = fourCc(header);
            long headerSize = 8;
            if (boxSize == 1) {
                if (offset + 16 > end) {
                    return false;
                }
                boxSize = read(offset + 8, 8, ByteOrder.BIG_ENDIAN).getLong();
                headerSize = 16;
            } else if (boxSize == 0) {
                boxSize = end - offset;
            }
            if (boxSize < headerSize || boxSize > end - offset || ++items > MAX_ITEMS) {
                return false;
            }
            if (HEIF_CONTAINERS.contains(type)) {
                long childrenStart = offset + headerSize + (type.equals("meta") ? 4 : 0);
                if (childrenStart > offset + boxSize || !boxesFit(childrenStart, offset + boxSize, depth + 1)) {
                    return false;
                }
            }
            offset += boxSize;
        }
        return true;
    }

    private ByteBuffer read(long position, int length, ByteOrder order) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(length).order(order);
        while (buffer.hasRemaining()) {
            if (file.read(buffer, position + buffer.position()) < 0) {
                throw new java.io.EOFException();
            }
        }
        return buffer.flip();
    }

    private static String fourCc(ByteBuffer buffer) {
        byte[] code = new byte[4];
        buffer.get(code);
        return new String(code, StandardCharsets.ISO_8859_1);
    }
}
