package org.expensetracker.ratesupdater;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import org.expensetracker.core.rates.EcbRatesXml;
import org.expensetracker.core.rates.EuroRate;
import org.expensetracker.core.rates.RatesFileException;

/**
 * The ECB's public rates file over HTTPS, with the JDK's own client (no SDK: it is not an AWS service).
 * A Lambda outside a VPC reaches the internet directly, which is how every function here runs.
 */
final class RatesFeed {
    /** The 90-day file is ≈ 100 KB; the full history ≈ 6 MB. Anything far larger is not the ECB's file. */
    static final int MAX_BYTES = 16 * 1024 * 1024;

    private final HttpClient http;
    private final URI url;

    RatesFeed(HttpClient http, URI url) {
        this.http = http;
        this.url = url;
    }

    URI url() {
        return url;
    }

    /** Every rate in the file; an answer other than 200 with the ECB's XML fails the run (and is retried). */
    List<EuroRate> fetch() {
        HttpRequest request = HttpRequest.newBuilder(url).timeout(Duration.ofSeconds(30))
                .header("Accept", "application/xml, text/xml").GET().build();
        try {
            HttpResponse<InputStream> response = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
            try (InputStream body = response.body()) {
                if (response.statusCode() != 200) {
                    throw new IllegalStateException("the rates feed " + url + " answered HTTP " + response.statusCode());
                }
                return EcbRatesXml.read(new BoundedInputStream(body, MAX_BYTES));
            }
        } catch (RatesFileException e) {
            throw new IllegalStateException("the rates feed " + url + " sent no usable rates: " + e.getMessage(), e);
        } catch (IOException e) {
            throw new UncheckedIOException("could not fetch the rates feed " + url, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while fetching " + url, e);
        }
    }

    /** Fails the read past {@code limit} bytes, so an endless or huge answer cannot fill the function's memory. */
    private static final class BoundedInputStream extends InputStream {
        private final InputStream in;
        private long left;

        BoundedInputStream(InputStream in, long limit) {
            this.in = in;
            this.left = limit;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) == -1 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            int read = in.read(buffer, offset, (int) Math.min(length, left + 1));
            if (read > 0) {
                left -= read;
                if (left < 0) {
                    throw new IOException("the rates file is larger than " + MAX_BYTES + " bytes");
                }
            }
            return read;
        }
    }
}
