package org.expensetracker.receiptindexer.content;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SeekableFileInputStreamTest {

    @TempDir
    Path dir;

    private Path file(int length) throws IOException {
        byte[] bytes = new byte[length];
        for (int i = 0; i < length; i++) {
            bytes[i] = (byte) i;
        }
        return Files.write(dir.resolve("f.bin"), bytes);
    }

    @Test
    void givenAMarkFarBehind_whenReset_thenReadingResumesThereWithoutBufferingTheGap() throws IOException {
        try (SeekableFileInputStream in = new SeekableFileInputStream(file(100_000), 16)) {
            assertThat(in.skip(10)).isEqualTo(10);
            in.mark(0);
            assertThat(in.readNBytes(50_000)).hasSize(50_000);
            in.reset();
            assertThat(in.read()).isEqualTo(10);
            assertThat(in.available()).isEqualTo(100_000 - 11);
        }
    }

    @Test
    void givenASkipPastTheEnd_whenSkipped_thenOnlyTheRemainingBytesAreSkipped() throws IOException {
        try (SeekableFileInputStream in = new SeekableFileInputStream(file(300), 64)) {
            assertThat(in.read()).isZero();
            assertThat(in.skip(Integer.MAX_VALUE)).isEqualTo(299);
            assertThat(in.read()).isEqualTo(-1);
            assertThat(in.skip(5)).isZero();
        }
    }

    @Test
    void givenSmallBuffer_whenReadThrough_thenBytesComeInOrder() throws IOException {
        try (SeekableFileInputStream in = new SeekableFileInputStream(file(1000), 7)) {
            byte[] all = in.readAllBytes();
            assertThat(all).hasSize(1000);
            assertThat(all[999]).isEqualTo((byte) 999);
        }
    }
}
