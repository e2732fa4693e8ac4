package org.expensetracker.local.s3;

import jakarta.servlet.DispatcherType;
import java.io.IOException;
import java.lang.reflect.Field;
import java.util.EnumSet;
import java.io.UncheckedIOException;
import java.lang.System.Logger.Level;
import java.net.URI;
import java.nio.file.Files;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;
import org.expensetracker.core.config.ReceiptsCors;
import org.gaul.s3proxy.CrossOriginResourceSharing;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.auth.AuthenticationType;
import org.gaul.s3proxy.blobstore.BlobStore;
import org.gaul.s3proxy.nio2blob.FilesystemNio2BlobStore;
import org.gaul.shaded.org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.gaul.shaded.org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.gaul.shaded.org.eclipse.jetty.server.Server;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * S3 on 127.0.0.1: an embedded S3Proxy over its filesystem blob store in {@code <dataDir>/s3}, so objects
 * survive restarts. Requests must be signed (SigV4, or V2) with access key {@value #ACCESS_KEY} and secret
 * {@value #SECRET_KEY}, as the local stack's {@code aws.accessKeyId}/{@code aws.secretAccessKey} are, so
 * unmodified SDK clients, presigned URLs and the AWS CLI work; with a 127.0.0.1 endpoint they use path-style
 * URLs ({@code http://127.0.0.1:<port>/<bucket>/<key>}). Browsers of the configured origins may call it (CORS),
 * and created objects are announced on SQS as S3 event notifications do.
 *
 * <p>What S3Proxy 4.1.0 checks of a presigned URL by itself (verified by LocalS3PresignedUrlTest): the
 * signature over the method, path, query and every signed header (Host, Content-Type, Content-Length,
 * x-amz-checksum-sha256, ...) — a different value is refused with 403 SignatureDoesNotMatch; expiry
 * (X-Amz-Date + X-Amz-Expires in the past, or more than 7 days) — 403 AccessDenied "Request has expired";
 * and that the body matches x-amz-checksum-sha256 — 400 BadDigest. Nothing had to be added in front of it.
 *
 * <p>What the deployed bucket enforces and S3Proxy does not is checked in front of it by
 * {@link BucketPolicyFilter}: ACLs disabled (400 AccessControlListNotSupported), no anonymous access
 * (403), and presigned requests carrying only headers they signed (403 AccessDenied with
 * HeadersNotSigned). The CORS rule is {@link ReceiptsCors#BROWSER_TRANSFERS}, the CDK bucket's.
 *
 * <p>Where the filesystem store differs from S3: {@code x-amz-acl: bucket-owner-full-control}, which S3
 * accepts on a bucket without ACLs, is answered 501 NotImplemented by S3Proxy (nothing here sends it); a
 * request carrying {@code x-amz-server-side-encryption}
 * is answered 501 NotImplemented (rely on the bucket's default encryption, as S3 applies it anyway); and
 * since keys are paths, one key cannot also be the "directory" of others ({@code a} and {@code a/b}):
 * the second write fails with 500.
 */
public final class LocalS3 implements AutoCloseable {
    public static final String ACCESS_KEY = "local";
    public static final String SECRET_KEY = "local";
    private static final System.Logger LOG = System.getLogger(LocalS3.class.getName());

    private final S3Proxy proxy;
    private final BlobStore blobStore;
    private final LocalS3Options options;

    private LocalS3(S3Proxy proxy, BlobStore blobStore, LocalS3Options options) {
        this.proxy = proxy;
        this.blobStore = blobStore;
        this.options = options;
    }

    /** Starts without notifications' queue client: {@code options.notifications()} must be empty. */
    public static LocalS3 start(LocalS3Options options) {
        return start(options, null);
    }

    /**
     * Starts serving and creates the missing buckets. {@code sqs} sends the event notifications (it is not
     * closed here); it may be null when there are no notification rules.
     */
    public static LocalS3 start(LocalS3Options options, SqsClient sqs) {
        Objects.requireNonNull(options, "options");
        BlobStore store;
        try {
            Files.createDirectories(options.storageDir());
            store = new NotifyingBlobStore(new FilesystemNio2BlobStore(options.storageDir().toString()),
                    options.notifications(), sqs);
        } catch (IOException e) {
            throw new UncheckedIOException("could not create " + options.storageDir(), e);
        }
        for (String bucket : options.buckets()) {
            if (!store.containerExists(bucket)) {
                store.createContainer(bucket);
            }
        }
        S3Proxy proxy = S3Proxy.builder()
                .blobStore(store)
                .endpoint(URI.create("http://127.0.0.1:" + options.port()))
                .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, ACCESS_KEY, SECRET_KEY)
                .corsRules(cors(options.corsOrigins()))
                // Tests and Ctrl-C: do not wait for idle keep-alive connections.
                .stopTimeout(0)
                .build();
        LocalS3 s3 = new LocalS3(proxy, store, options);
        installBucketPolicy(proxy, options);
        try {
            proxy.start();
        } catch (Exception e) {
            s3.close();
            throw new IllegalStateException("could not start the local S3 on port " + options.port(), e);
        }
        LOG.log(Level.INFO, "S3 on {0} with buckets {1}", s3.url(), options.buckets());
        return s3;
    }

    /**
     * The receipts bucket's one CORS rule ({@link ReceiptsCors#BROWSER_TRANSFERS}, which the CDK
     * bucket is built from too) for the configured origins. S3Proxy matches origins as regular
     * expressions; ours are exact origins.
     */
    private static CrossOriginResourceSharing cors(List<String> origins) {
        if (origins.isEmpty()) {
            return CrossOriginResourceSharing.disabled();
        }
        ReceiptsCors rule = ReceiptsCors.BROWSER_TRANSFERS;
        return new CrossOriginResourceSharing(origins.stream().map(Pattern::quote).toList(), rule.methods(),
                rule.allowedHeaders(), rule.exposedHeaders(), "");
    }

    /**
     * Puts {@link BucketPolicyFilter} in front of S3Proxy's servlet. S3Proxy offers no hook for
     * it, so its (shaded) Jetty server is taken from the private field it is kept in; a release
     * that renames the field fails here, at start, not silently.
     */
    private static void installBucketPolicy(S3Proxy proxy, LocalS3Options options) {
        try {
            Field field = S3Proxy.class.getDeclaredField("server");
            field.setAccessible(true);
            Server server = (Server) field.get(proxy);
            ServletContextHandler context = server.getDescendant(ServletContextHandler.class);
            if (context == null) {
                throw new IllegalStateException("S3Proxy has no servlet context to filter");
            }
            context.addFilter(new FilterHolder(new BucketPolicyFilter(options.corsOrigins(),
                    ReceiptsCors.BROWSER_TRANSFERS.exposedHeaders())), "/*", EnumSet.of(DispatcherType.REQUEST));
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot put the bucket policy in front of this S3Proxy version", e);
        }
    }

    /** http://127.0.0.1:port, for {@code aws.endpointUrlS3} or {@code --endpoint-url}. */
    public URI url() {
        return URI.create("http://127.0.0.1:" + port());
    }

    public int port() {
        return proxy.getPort();
    }

    public LocalS3Options options() {
        return options;
    }

    @Override
    public void close() {
        try {
            proxy.stop();
        } catch (Exception e) {
            LOG.log(Level.WARNING, "while stopping the local S3: " + e);
        } finally {
            blobStore.close();
        }
    }
}
