package org.expensetracker.local.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import javax.imageio.ImageIO;
import org.expensetracker.local.LocalStack;
import org.junit.jupiter.api.Test;

/**
 * What a list and a viewer show of a receipt: a small JPEG preview instead of the 12 MP original,
 * and a URL that shows the receipt in the browser instead of downloading it.
 */
class ReceiptPreviewTest {
    private static final LocalStack STACK = TestStack.get();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @Test
    void givenATwelveMegapixelPhoto_whenAccepted_thenItsPreviewIsASmallJpegAndItsViewUrlShowsTheOriginalInline() throws Exception {
        ApiClient user = ApiClient.newUser();
        String entryId = user.create("2026-11-21", "DEBIT", "1250.00", "Travel", "Cab").path("id").asText();
        byte[] photo = photo(3024, 4032);
        JsonNode document = ReceiptsApiTest.upload(user, entryId, "IMG_2041.jpg", "image/jpeg", photo, true);

        JsonNode indexed = ReceiptsApiTest.awaitIndexed(user, document.path("id").asText());

        assertThat(indexed.path("status").asText()).isEqualTo("AVAILABLE");
        HttpResponse<byte[]> preview = get(indexed.path("previewUrl").asText());
        assertThat(preview.statusCode()).isEqualTo(200);
        assertThat(preview.headers().firstValue("Content-Type")).hasValue("image/jpeg");
        BufferedImage small = ImageIO.read(new ByteArrayInputStream(preview.body()));
        assertThat(small.getHeight()).isEqualTo(640);
        assertThat(small.getWidth()).isEqualTo(480); // the photo's 3:4 kept
        assertThat(preview.body().length).isLessThan(photo.length / 5).isLessThan(100_000);

        HttpResponse<byte[]> view = get(indexed.path("viewUrl").asText());
        assertThat(view.statusCode()).isEqualTo(200);
        assertThat(view.body()).isEqualTo(photo);
        assertThat(view.headers().firstValue("Content-Type")).hasValue("image/jpeg");
        assertThat(view.headers().firstValue("Content-Disposition").orElse("")).startsWith("inline").contains("IMG_2041.jpg");
        assertThat(get(indexed.path("downloadUrl").asText()).headers().firstValue("Content-Disposition").orElse(""))
                .startsWith("attachment");

        // the entry's own view lists the same preview
        JsonNode onEntry = user.get("/entries/" + entryId).body().path("documents").get(0);
        assertThat(onEntry.path("previewUrl").asText()).contains(".preview.jpg");
    }

    @Test
    void givenAPdfReceipt_whenAccepted_thenItsPreviewIsItsFirstPage() throws Exception {
        ApiClient user = ApiClient.newUser();
        String entryId = user.create("2026-11-21", "DEBIT", "86.00", "Travel", "Hotel").path("id").asText();
        JsonNode document = ReceiptsApiTest.upload(user, entryId, "hotel.pdf", "application/pdf",
                Receipts.pdf("HOTEL LUBECK invoice", "second page"), true);

        JsonNode indexed = ReceiptsApiTest.awaitIndexed(user, document.path("id").asText());

        HttpResponse<byte[]> preview = get(indexed.path("previewUrl").asText());
        BufferedImage page = ImageIO.read(new ByteArrayInputStream(preview.body()));
        assertThat(page.getHeight()).isEqualTo(640); // US Letter is taller than wide
        assertThat(page.getWidth()).isBetween(490, 500);
        assertThat(get(indexed.path("viewUrl").asText()).headers().firstValue("Content-Type")).hasValue("application/pdf");
    }

    @Test
    void givenAReceiptWithAPreview_whenTheReceiptIsDeleted_thenThePreviewIsGoneToo() throws Exception {
        ApiClient user = ApiClient.newUser();
        String entryId = user.create("2026-11-21", "DEBIT", "10.00", "Food", "Lunch").path("id").asText();
        JsonNode document = ReceiptsApiTest.upload(user, entryId, "lunch.png", "image/png", Receipts.png(800, 600), true);
        JsonNode indexed = ReceiptsApiTest.awaitIndexed(user, document.path("id").asText());
        String prefix = "receipts/" + ReceiptsApiTest.sub(user) + "/";
        assertThat(indexed.has("previewUrl")).isTrue();
        assertThat(S3Probe.keysUnder(STACK, prefix)).hasSize(2).anyMatch(key -> key.endsWith(".preview.jpg"));

        assertThat(user.delete("/documents/" + document.path("id").asText()).status()).isEqualTo(204);

        assertThat(S3Probe.keysUnder(STACK, prefix)).isEmpty();
    }

    /** A phone photo of a bill: big, mostly paper, a few printed lines. */
    private static byte[] photo(int width, int height) throws Exception {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setPaint(new java.awt.GradientPaint(0, 0, new Color(120, 110, 100), width, height, new Color(200, 195, 190)));
        g.fillRect(0, 0, width, height);
        g.setColor(Color.WHITE);
        g.fillRect(width / 6, height / 10, width * 2 / 3, height * 4 / 5);
        g.setColor(Color.DARK_GRAY);
        g.setFont(new Font(Font.MONOSPACED, Font.BOLD, 90));
        String[] lines = {"BLUE CAB CO.", "21/11/2026", "TOTAL Rs 1,250.00"};
        for (int i = 0; i < lines.length; i++) {
            g.drawString(lines[i], width / 6 + 80, height / 10 + 200 + i * 140);
        }
        g.dispose();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(image, "jpg", out);
        return out.toByteArray();
    }

    private static HttpResponse<byte[]> get(String url) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofByteArray());
    }
}
