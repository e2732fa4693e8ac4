package org.expensetracker.storage;

import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.expensetracker.core.document.ReceiptObjects;
import org.expensetracker.core.document.UploadRequest;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.MetadataDirective;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.Delete;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.ObjectIdentifier;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;
import software.amazon.awssdk.services.s3.presigner.model.PresignedPutObjectRequest;

/**
 * Receipts in a private S3 bucket. The browser never gets credentials, only presigned URLs: an
 * upload URL signs the content type, the length and (when announced) the SHA-256, so S3 itself
 * refuses any other upload; download URLs live for minutes.
 */
public final class S3Receipts implements ReceiptObjects {
    public static final Duration UPLOAD_URL_TTL = Duration.ofMinutes(15);
    public static final Duration DOWNLOAD_URL_TTL = Duration.ofMinutes(5);

    private final Supplier<S3Client> s3Factory;
    private volatile S3Client s3;
    private final S3Presigner presigner;
    private final String bucket;
    private final Clock clock;

    public S3Receipts(S3Client s3, S3Presigner presigner, String bucket, Clock clock) {
        this(() -> s3, presigner, bucket, clock);
    }

    /**
     * With the client built on first use: the API functions mostly only sign URLs, which needs no
     * client, and building one costs ~0.1 s of a cold start.
     */
    public S3Receipts(Supplier<S3Client> s3Factory, S3Presigner presigner, String bucket, Clock clock) {
        this.s3Factory = s3Factory;
        this.presigner = presigner;
        this.bucket = bucket;
        this.clock = clock;
    }

    private S3Client s3() {
        S3Client client = s3;
        if (client == null) {
            synchronized (this) {
                client = s3;
                if (client == null) {
                    client = s3Factory.get();
                    s3 = client;
                }
            }
        }
        return client;
    }

    @Override
    public UploadUrl uploadUrl(String key, UploadRequest request) {
        Instant now = clock.instant();
        PresignedPutObjectRequest presigned = presigner.presignPutObject(put -> put
                .signatureDuration(UPLOAD_URL_TTL)
                .putObjectRequest(object -> {
                    object.bucket(bucket).key(key).contentType(request.contentType()).contentLength(request.sizeBytes());
                    if (request.sha256Base64() != null) {
                        object.checksumSHA256(request.sha256Base64());
                    }
                }));
        Map<String, String> headers = new LinkedHashMap<>();
        presigned.signedHeaders().forEach((name, values) -> {
            String lower = name.toLowerCase(Locale.ROOT);
            // Host and Content-Length are signed too, but HTTP clients set them from the URL and body.
            if (!lower.equals("host") && !lower.equals("content-length")) {
                headers.put(name, String.join(",", values));
            }
        });
        return new UploadUrl(URI.create(presigned.url().toString()), "PUT", headers, now.plus(UPLOAD_URL_TTL));
    }

    /**
     * Signs an upload and a download URL for a key no receipt uses, and throws them away. Signing
     * is local (nothing is sent), so a SnapStart snapshot taken after this holds a warm presigner.
     */
    public void primeSigning() {
        uploadUrl("priming/receipt.pdf", new UploadRequest(java.util.UUID.randomUUID(), "receipt.pdf", "application/pdf", 1, null));
        downloadUrl("priming/receipt.pdf", "receipt.pdf", "application/pdf");
    }

    @Override
    public URI downloadUrl(String key, String fileName, String contentType) {
        return URI.create(presigner.presignGetObject(get -> get
                .signatureDuration(DOWNLOAD_URL_TTL)
                .getObjectRequest(object -> object.bucket(bucket).key(key)
                        .responseContentType(contentType)
                        .responseContentDisposition(contentDisposition(fileName))))
                .url().toString());
    }

    @Override
    public URI viewUrl(String key, String fileName, String contentType) {
        String safe = contentDisposition(fileName).replaceFirst("^attachment", "inline");
        return URI.create(presigner.presignGetObject(get -> get
                .signatureDuration(DOWNLOAD_URL_TTL)
                .getObjectRequest(object -> object.bucket(bucket).key(key)
                        .responseContentType(contentType)
                        .responseContentDisposition(safe)))
                .url().toString());
    }

    /** Stores bytes the function made itself (a receipt's preview). */
    public void put(String key, byte[] bytes, String contentType) {
        s3().putObject(b -> b.bucket(bucket).key(key).contentType(contentType),
                software.amazon.awssdk.core.sync.RequestBody.fromBytes(bytes));
    }

    @Override
    public void delete(String key) {
        s3().deleteObject(b -> b.bucket(bucket).key(key));
    }

    /** Removes many objects with one call per thousand keys. */
    public void deleteAll(Collection<String> keys) {
        List<String> all = List.copyOf(keys);
        for (int start = 0; start < all.size(); start += 1000) {
            List<ObjectIdentifier> batch = all.subList(start, Math.min(all.size(), start + 1000)).stream()
                    .map(key -> ObjectIdentifier.builder().key(key).build()).toList();
            s3().deleteObjects(b -> b.bucket(bucket).delete(Delete.builder().objects(batch).quiet(true).build()));
        }
    }

    /**
     * Removes every object whose key starts with {@code prefix} (one listing and one delete call per
     * thousand keys); returns how many were removed. Running it again after a crash finishes the rest.
     */
    public long deleteAllUnder(String prefix) {
        if (prefix == null || !prefix.endsWith("/") || prefix.length() < 3) {
            throw new IllegalArgumentException("a folder-like prefix such as receipts/<owner>/ is required");
        }
        long removed = 0;
        for (var page : s3().listObjectsV2Paginator(b -> b.bucket(bucket).prefix(prefix).maxKeys(1000))) {
            List<String> keys = page.contents().stream().map(software.amazon.awssdk.services.s3.model.S3Object::key).toList();
            if (!keys.isEmpty()) {
                deleteAll(keys);
                removed += keys.size();
            }
        }
        return removed;
    }

    /** The object's bytes as a stream (the caller closes it), or empty when it no longer exists. */
    public Optional<InputStream> open(String key) {
        return read(key).map(StoredObject::content);
    }

    /**
     * The object's bytes (the caller closes the stream) with the ETag of exactly that version, or empty
     * when it no longer exists.
     */
    public Optional<StoredObject> read(String key) {
        try {
            ResponseInputStream<GetObjectResponse> in = s3().getObject(b -> b.bucket(bucket).key(key));
            return Optional.of(new StoredObject(in, in.response().eTag()));
        } catch (NoSuchKeyException e) {
            return Optional.empty();
        }
    }

    /** Whether an object exists under the key (HeadObject). */
    public boolean exists(String key) {
        try {
            s3().headObject(b -> b.bucket(bucket).key(key));
            return true;
        } catch (NoSuchKeyException e) {
            return false;
        } catch (S3Exception e) {
            if (e.statusCode() == 404) {
                return false;
            }
            throw e;
        }
    }

    /**
     * Copies the object to {@code to}, server-side, only if it is still the version with {@code eTag}:
     * what lands at {@code to} is exactly the bytes that were read. Returns false when the source changed
     * or vanished in the meantime (nothing was copied).
     */
    public boolean copyIfUnchanged(String from, String eTag, String to, String contentType) {
        try {
            s3().copyObject(b -> b.sourceBucket(bucket).sourceKey(from).copySourceIfMatch(eTag)
                    .destinationBucket(bucket).destinationKey(to)
                    .metadataDirective(MetadataDirective.REPLACE).contentType(contentType));
            return true;
        } catch (NoSuchKeyException e) {
            return false;
        } catch (S3Exception e) {
            if (e.statusCode() == 412 || e.statusCode() == 404) {
                return false;
            }
            throw e;
        }
    }

    /** An object's content and the ETag of the version it comes from. */
    public record StoredObject(InputStream content, String eTag) {
    }

    /**
     * Downloads under the original name: an ASCII fallback for old clients and the exact UTF-8
     * name per RFC 6266 / RFC 5987.
     */
    static String contentDisposition(String fileName) {
        String ascii = fileName.replaceAll("[^\\x20-\\x7e]", "_").replace("\\", "_").replace("\"", "_");
        String encoded = URLEncoder.encode(fileName, StandardCharsets.UTF_8).replace("+", "%20");
        return "attachment; filename=\"" + ascii + "\"; filename*=UTF-8''" + encoded;
    }
}
