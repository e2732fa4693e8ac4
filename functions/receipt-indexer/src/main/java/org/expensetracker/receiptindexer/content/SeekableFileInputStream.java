package org.expensetracker.receiptindexer.content;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * An {@link InputStream} over a file with a small fixed buffer whose {@code mark}/{@code reset}
 * seek instead of buffering. metadata-extractor's HEIF reader marks with {@code available()}
 * (the whole file) and reads twice; over a {@link java.io.BufferedInputStream} that would
 * hold the whole file in the heap. {@code skip} never goes past the end of the file, so a
 * lying length is noticed as end of data instead of being skipped silently.
 */
final class SeekableFileInputStream extends InputStream {

    private final FileChannel channel;
    private final long size;
    private final ByteBuffer buffer;
    /** File position of {@code buffer}'s first byte. */
    private long bufferStart;
    private long markPosition;

    SeekableFileInputStream(Path file, int bufferSize) throws IOException {
        this.channel = FileChannel.open(file, StandardOpenOption.READ);
        this.size = channel.size();
        this.buffer = ByteBuffer.allocate(bufferSize);
        this.buffer.flip(); // empty
    }

    private long position() {
        return bufferStart + buffer.position();
    }

    private void seek(long position) {
        long target = Math.max(0, Math.min(position, size));
        if (target >= bufferStart && target <= bufferStart + buffer.limit()) {
            buffer.position((int) (target - bufferStart));
        } else {
            bufferStart = target;
            buffer.clear().flip();
        }
    }

    private boolean fill() throws IOException {
        if (buffer.hasRemaining()) {
            return true;
        }
        bufferStart = position();
        buffer.clear();
        int n;
        do {
            n = channel.read(buffer, bufferStart);
        } while (n == 0);
        buffer.flip();
        return n > 0;
    }

    @Override
    public int read() throws IOException {
        return fill() ? buffer.get() & 0xFF : -1;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (len == 0) {
            return 0;
        }
        if (!fill()) {
            return -1;
        }
        int n = Math.min(len, buffer.remaining());
        buffer.get(b, off, n);
        return n;
    }

    @Override
    public long skip(long n) {
        if (n <= 0) {
            return 0;
        }
        long from = position();
        seek(from + Math.min(n, size - from));
        return position() - from;
    }

    @Override
    public int available() {
        return (int) Math.min(Integer.MAX_VALUE, size - position());
    }

    @Override
    public boolean markSupported() {
        return true;
    }

    @Override
    public synchronized void mark(int readLimit) {
        markPosition = position();
    }

    @Override
    public synchronized void reset() {
        seek(markPosition);
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
