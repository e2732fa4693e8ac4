package org.expensetracker.receiptindexer.content;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class ContentTypeTest {

    private static byte[] bytes(int... values) {
        byte[] b = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            b[i] = (byte) values[i];
        }
        return b;
    }

    @Test
    void givenJpegMagic_whenSniffed_thenJpeg() {
        assertThat(ContentType.sniff(bytes(0xFF, 0xD8, 0xFF, 0xE0, 0, 0x10))).contains(ContentType.JPEG);
        assertThat(ContentType.sniff(Fixtures.jpeg(8, 8))).contains(ContentType.JPEG);
    }

    @Test
    void givenPngMagic_whenSniffed_thenPng() {
        assertThat(ContentType.sniff(bytes(0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 0x0D)))
                .contains(ContentType.PNG);
        assertThat(ContentType.sniff(Fixtures.png(8, 8))).contains(ContentType.PNG);
    }

    @Test
    void givenPngMagicWithAModifiedLineEnding_whenSniffed_thenNotRecognised() {
        // the \r\n in the PNG signature exists precisely to catch text-mode transfer damage
        assertThat(ContentType.sniff(bytes(0x89, 0x50, 0x4E, 0x47, 0x0A, 0x1A, 0x0A, 0, 0))).isEmpty();
    }

    @Test
    void givenRiffWebpHeaderBuiltByHand_whenSniffed_thenWebp() {
        assertThat(ContentType.sniff(Fixtures.webpVp8x(640, 480))).contains(ContentType.WEBP);
    }

    @Test
    void givenRiffOfAnotherKind_whenSniffed_thenNotRecognised() {
        byte[] wav = "RIFF\u0024\0\0\0WAVEfmt ".getBytes(StandardCharsets.ISO_8859_1);
        assertThat(ContentType.sniff(wav)).isEmpty();
    }

    @Test
    void givenFtypBoxWithHeicMajorBrand_whenSniffed_thenHeic() {
        assertThat(ContentType.sniff(Fixtures.ftyp("heic", "mif1", "heic"))).contains(ContentType.HEIC);
        assertThat(ContentType.sniff(Fixtures.ftyp("heix"))).contains(ContentType.HEIC);
        assertThat(ContentType.sniff(Fixtures.ftyp("hevc", "msf1"))).contains(ContentType.HEIC);
    }

    @Test
    void givenFtypBoxWithHeicOnlyAmongCompatibleBrands_whenSniffed_thenHeic() {
        assertThat(ContentType.sniff(Fixtures.ftyp("isom", "mp41", "heic"))).contains(ContentType.HEIC);
        assertThat(ContentType.sniff(Fixtures.ftyp("mif1", "miaf"))).contains(ContentType.HEIC);
    }

    @Test
    void givenFtypBoxOfAnMp4OrAvif_whenSniffed_thenNotRecognised() {
        assertThat(ContentType.sniff(Fixtures.ftyp("isom", "iso2", "mp41"))).isEmpty();
        assertThat(ContentType.sniff(Fixtures.ftyp("avif", "mif1", "miaf"))).isEmpty();
    }

    @Test
    void givenHeicBrandOnlyInTheMinorVersionField_whenSniffed_thenNotRecognised() {
        byte[] box = Fixtures.ftyp("isom", "mp41");
        System.arraycopy("heic".getBytes(StandardCharsets.US_ASCII), 0, box, 12, 4);
        assertThat(ContentType.sniff(box)).isEmpty();
    }

    @Test
    void givenFtypBoxCutShort_whenSniffed_thenNoException() {
        byte[] box = Fixtures.ftyp("heic", "mif1");
        for (int len = 0; len <= box.length; len++) {
            ContentType.sniff(box, len);
        }
        assertThat(ContentType.sniff(box, 11)).isEmpty();
        assertThat(ContentType.sniff(box, 12)).contains(ContentType.HEIC);
    }

    @Test
    void givenPdfHeaderAtTheStart_whenSniffed_thenPdf() {
        assertThat(ContentType.sniff("%PDF-1.7\n%\u00e2\u00e3".getBytes(StandardCharsets.ISO_8859_1)))
                .contains(ContentType.PDF);
    }

    @Test
    void givenPdfHeaderAfterJunkWithinTheFirstKilobyte_whenSniffed_thenPdf() {
        byte[] head = new byte[2048];
        Arrays.fill(head, (byte) ' ');
        byte[] magic = "%PDF-1.4".getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(magic, 0, head, 1024 - 5, magic.length);
        assertThat(ContentType.sniff(head)).contains(ContentType.PDF);
    }

    @Test
    void givenPdfHeaderBeyondTheFirstKilobyte_whenSniffed_thenNotRecognised() {
        byte[] head = new byte[2048];
        Arrays.fill(head, (byte) ' ');
        byte[] magic = "%PDF-1.4".getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(magic, 0, head, 1024 - 4, magic.length);
        assertThat(ContentType.sniff(head)).isEmpty();
    }

    @Test
    void givenTextGifOrNothing_whenSniffed_thenEmpty() {
        assertThat(ContentType.sniff("hello, world".getBytes(StandardCharsets.US_ASCII))).isEmpty();
        assertThat(ContentType.sniff("GIF89a".getBytes(StandardCharsets.US_ASCII))).isEmpty();
        assertThat(ContentType.sniff(new byte[0])).isEmpty();
        assertThat(ContentType.sniff(bytes(0xFF, 0xD8))).isEmpty();
    }

    @Test
    void givenDeclaredTypesWithParametersCaseAndAliases_whenMapped_thenTheCanonicalType() {
        assertThat(ContentType.fromMimeType("image/JPEG")).contains(ContentType.JPEG);
        assertThat(ContentType.fromMimeType("image/jpg")).contains(ContentType.JPEG);
        assertThat(ContentType.fromMimeType(" application/pdf ; name=x.pdf")).contains(ContentType.PDF);
        assertThat(ContentType.fromMimeType("image/heif")).contains(ContentType.HEIC);
        assertThat(ContentType.fromMimeType("image/gif")).isEmpty();
        assertThat(ContentType.fromMimeType(null)).isEmpty();
        assertThat(ContentType.WEBP.mimeType()).isEqualTo("image/webp");
    }
}
