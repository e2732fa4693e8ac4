package org.expensetracker.local.textract;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.BiFunction;
import org.expensetracker.local.auth.SigV4Verifier;

/**
 * A local stand-in for Amazon Textract's receipt reading, speaking its JSON protocol
 * ({@code X-Amz-Target: Textract.AnalyzeExpense} / {@code Textract.DetectDocumentText}, and for PDFs
 * of several pages {@code StartExpenseAnalysis} / {@code GetExpenseAnalysis}, SigV4-signed
 * with the stack's credentials), so the receipt indexer and {@code aws textract analyze-expense
 * --endpoint-url} work against it unchanged. Documents come inline ({@code Document.Bytes}) or from
 * the local S3 ({@code Document.S3Object}). The reading is Tesseract's ({@link DocumentReader}); the
 * fields are found by {@link ReceiptFields}. Without Tesseract the endpoint still answers, with
 * Textract's own error for a service that cannot do the work, so receipts stay AVAILABLE unread.
 */
public final class LocalTextract implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(LocalTextract.class.getName());
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String TARGET_PREFIX = "Textract.";
    /** Smithy RPC v2 CBOR, which the AWS SDK for Java uses for Textract: POST /service/Textract/operation/&lt;Operation&gt;. */
    private static final String RPC_V2_PREFIX = "/service/Textract/operation/";
    private static final ObjectMapper CBOR = new com.fasterxml.jackson.dataformat.cbor.databind.CBORMapper();
    /** Textract's synchronous limits: 10 MB from S3, 5 MB inline. */
    static final int MAX_S3_BYTES = 10 * 1024 * 1024;
    static final int MAX_INLINE_BYTES = 5 * 1024 * 1024;

    private final HttpServer server;
    private final ExecutorService workers;
    private final SigV4Verifier signatures;
    private final BiFunction<String, String, Optional<byte[]>> s3;
    private final Optional<DocumentReader> reader;
    /** Started expense analyses by job id and by client token, and the one thread that runs them in turn. */
    private final Map<String, Job> jobs = new java.util.concurrent.ConcurrentHashMap<>();
    private final Map<String, Job> jobsByToken = new java.util.concurrent.ConcurrentHashMap<>();
    private final ExecutorService background = Executors.newSingleThreadExecutor(runnable -> {
        Thread thread = new Thread(runnable, "local-textract-jobs");
        thread.setDaemon(true);
        return thread;
    });

    private LocalTextract(int port, SigV4Verifier signatures, BiFunction<String, String, Optional<byte[]>> s3,
            Optional<Tesseract> tesseract) throws IOException {
        this.signatures = signatures;
        this.s3 = s3;
        this.reader = tesseract.map(DocumentReader::new);
        this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 0);
        // OCR is CPU-bound: as many readings at once as there are cores
        this.workers = Executors.newFixedThreadPool(Math.max(2, Runtime.getRuntime().availableProcessors()), runnable -> {
            Thread thread = new Thread(runnable, "local-textract");
            thread.setDaemon(true);
            return thread;
        });
        server.setExecutor(workers);
        server.createContext("/", this::handle);
    }

    /**
     * @param s3 reads {@code (bucket, key)} from the local S3, empty when there is no such object
     */
    public static LocalTextract start(int port, String accessKey, String secretKey,
            BiFunction<String, String, Optional<byte[]>> s3) throws IOException {
        Optional<Tesseract> tesseract = Tesseract.find();
        if (tesseract.isEmpty()) {
            System.out.println("WARNING receipts will not be read: Tesseract with English data is not installed"
                    + " (Debian/Ubuntu: apt-get install tesseract-ocr tesseract-ocr-eng). Receipts still become AVAILABLE.");
        }
        LocalTextract textract = new LocalTextract(port,
                new SigV4Verifier(key -> key.equals(accessKey) ? secretKey : null, "textract"), s3, tesseract);
        textract.server.start();
        LOG.log(System.Logger.Level.INFO, "Textract on {0}{1}", textract.url(),
                tesseract.isPresent() ? "" : " (no Tesseract: reading answers an error)");
        return textract;
    }

    public URI url() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    public boolean canRead() {
        return reader.isPresent();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            byte[] raw;
            try (InputStream in = exchange.getRequestBody()) {
                raw = in.readNBytes(MAX_S3_BYTES * 2);
            }
            String path = exchange.getRequestURI().getPath();
            boolean cbor = path.startsWith(RPC_V2_PREFIX);
            String target = cbor ? TARGET_PREFIX + path.substring(RPC_V2_PREFIX.length())
                    : exchange.getRequestHeaders().getFirst("X-Amz-Target");
            ObjectMapper protocol = cbor ? CBOR : JSON;
            try {
                if (!"POST".equals(exchange.getRequestMethod()) || target == null || !target.startsWith(TARGET_PREFIX)) {
                    throw new TextractException("UnknownOperationException", 400, "Unknown operation");
                }
                Map<String, String> headers = new LinkedHashMap<>();
                exchange.getRequestHeaders().forEach((name, values) -> headers.put(name, String.join(",", values)));
                try {
                    signatures.verify(exchange.getRequestMethod(), exchange.getRequestURI(), headers, raw, Instant.now());
                } catch (SigV4Verifier.Rejected e) {
                    throw new TextractException(e.errorType(), e.status(), e.getMessage());
                }
                JsonNode request = raw.length == 0 ? JSON.createObjectNode() : protocol.readTree(raw);
                ObjectNode response = switch (target.substring(TARGET_PREFIX.length())) {
                    case "AnalyzeExpense" -> analyzeExpense(request);
                    case "DetectDocumentText" -> detectDocumentText(request);
                    case "StartExpenseAnalysis" -> startExpenseAnalysis(request);
                    case "GetExpenseAnalysis" -> getExpenseAnalysis(request);
                    default -> throw new TextractException("UnknownOperationException", 400,
                            "Operation " + target + " is not supported by the local Textract");
                };
                send(exchange, 200, response, protocol);
            } catch (TextractException e) {
                ObjectNode error = JSON.createObjectNode().put("__type", e.type).put("message", e.getMessage());
                exchange.getResponseHeaders().set("x-amzn-ErrorType", e.type);
                send(exchange, e.status, error, protocol);
            } catch (IOException e) {
                send(exchange, 400, JSON.createObjectNode().put("__type", "SerializationException")
                        .put("message", "Request body could not be read"), protocol);
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.ERROR, "local Textract failed", e);
                send(exchange, 500, JSON.createObjectNode().put("__type", "InternalServerError")
                        .put("message", "Amazon Textract experienced a service issue. Try your call again."), protocol);
            }
        }
    }

    private ObjectNode analyzeExpense(JsonNode request) {
        List<DocumentReader.Page> pages = read(request);
        List<ReceiptFields.Line> lines = DocumentReader.textLines(pages);
        ReceiptFields.Found found = ReceiptFields.find(lines, true);
        return TextractJson.analyzeExpense(pages, found);
    }

    /**
     * StartExpenseAnalysis: reads a document of any number of pages from the local S3 in the
     * background. As on AWS, the same ClientRequestToken returns the same job, with another document
     * it is an IdempotentParameterMismatchException.
     */
    private ObjectNode startExpenseAnalysis(JsonNode request) {
        JsonNode object = request.path("DocumentLocation").path("S3Object");
        String bucket = object.path("Bucket").asText("");
        String name = object.path("Name").asText("");
        if (bucket.isEmpty() || name.isEmpty()) {
            throw new TextractException("InvalidParameterException", 400,
                    "Request has invalid parameters: DocumentLocation.S3Object needs Bucket and Name");
        }
        String token = request.path("ClientRequestToken").asText("");
        if (!token.isEmpty() && !token.matches("[a-zA-Z0-9_-]{1,64}")) {
            throw new TextractException("ValidationException", 400,
                    "1 validation error detected: Value at 'clientRequestToken' failed to satisfy constraint");
        }
        if (reader.isEmpty()) {
            throw new TextractException("ServiceUnavailableException", 503,
                    "The local Textract cannot read documents: Tesseract is not installed");
        }
        String location = bucket + "/" + name;
        if (!token.isEmpty()) {
            Job earlier = jobsByToken.get(token);
            if (earlier != null) {
                if (!earlier.location.equals(location)) {
                    throw new TextractException("IdempotentParameterMismatchException", 400,
                            "The ClientRequestToken was used before with other parameters");
                }
                return JSON.createObjectNode().put("JobId", earlier.id);
            }
        }
        byte[] bytes = s3.apply(bucket, name).orElseThrow(() -> new TextractException("InvalidS3ObjectException", 400,
                "Unable to get object metadata from S3. Check object key, region and/or access permissions."));
        Job job = new Job(UUID.randomUUID().toString().replace("-", ""), location);
        if (!token.isEmpty()) {
            Job raced = jobsByToken.putIfAbsent(token, job);
            if (raced != null) {
                return JSON.createObjectNode().put("JobId", raced.id);
            }
        }
        jobs.put(job.id, job);
        background.execute(() -> job.run(() -> {
            List<DocumentReader.Page> pages = reader.get().read(bytes);
            ReceiptFields.Found found = ReceiptFields.find(DocumentReader.textLines(pages), true);
            return TextractJson.analyzeExpense(pages, found);
        }));
        return JSON.createObjectNode().put("JobId", job.id);
    }

    /** GetExpenseAnalysis: the job's status and, once it SUCCEEDED, its expense documents. */
    private ObjectNode getExpenseAnalysis(JsonNode request) {
        String id = request.path("JobId").asText("");
        Job job = jobs.get(id);
        if (job == null) {
            throw new TextractException("InvalidJobIdException", 400, "An invalid job identifier was passed.");
        }
        ObjectNode response = JSON.createObjectNode();
        ObjectNode result = job.result;
        String failure = job.failure;
        if (result != null) {
            response.setAll(result);
            response.put("JobStatus", "SUCCEEDED");
        } else if (failure != null) {
            response.put("JobStatus", "FAILED").put("StatusMessage", failure);
        } else {
            response.put("JobStatus", "IN_PROGRESS");
        }
        response.put("AnalyzeExpenseModelVersion", "1.0");
        return response;
    }

    /** A background reading: IN_PROGRESS until {@code result} or {@code failure} is set. */
    private static final class Job {
        private final String id;
        private final String location;
        private volatile ObjectNode result;
        private volatile String failure;

        Job(String id, String location) {
            this.id = id;
            this.location = location;
        }

        void run(java.util.concurrent.Callable<ObjectNode> reading) {
            try {
                result = reading.call();
            } catch (DocumentReader.UnsupportedDocumentException e) {
                failure = "UNSUPPORTED_DOCUMENT: " + e.getMessage();
            } catch (Exception e) {
                failure = "The document could not be read: " + e.getMessage();
            }
        }
    }

    private ObjectNode detectDocumentText(JsonNode request) {
        return TextractJson.detectDocumentText(read(request));
    }

    private List<DocumentReader.Page> read(JsonNode request) {
        byte[] bytes = documentBytes(request.path("Document"));
        if (reader.isEmpty()) {
            throw new TextractException("ServiceUnavailableException", 503,
                    "The local Textract cannot read documents: Tesseract is not installed");
        }
        try {
            if (DocumentReader.isPdf(bytes) && DocumentReader.pdfPageCount(bytes) > 1) {
                // as on AWS: the synchronous operations take one page; longer PDFs need StartExpenseAnalysis
                throw new TextractException("UnsupportedDocumentException", 400,
                        "Request has unsupported document format: synchronous operations accept single-page documents");
            }
            return reader.get().read(bytes);
        } catch (DocumentReader.UnsupportedDocumentException e) {
            throw new TextractException("UnsupportedDocumentException", 400, e.getMessage());
        } catch (IOException e) {
            throw new TextractException("BadDocumentException", 400, "Textract could not read the document: " + e.getMessage());
        }
    }

    private byte[] documentBytes(JsonNode document) {
        if (document.hasNonNull("Bytes") == document.hasNonNull("S3Object")) {
            throw new TextractException("InvalidParameterException", 400, "Request has invalid parameters:"
                    + " exactly one of Document.Bytes and Document.S3Object is required");
        }
        if (document.hasNonNull("Bytes")) {
            byte[] bytes;
            try {
                JsonNode node = document.path("Bytes");
                // a CBOR byte string, or base64 text in JSON
                bytes = node.isBinary() ? node.binaryValue() : Base64.getDecoder().decode(node.asText());
            } catch (IllegalArgumentException | IOException e) {
                throw new TextractException("InvalidParameterException", 400, "Document.Bytes is not base64");
            }
            if (bytes.length > MAX_INLINE_BYTES) {
                throw new TextractException("DocumentTooLargeException", 400, "Document size exceeds the 5 MB limit");
            }
            return bytes;
        }
        JsonNode object = document.path("S3Object");
        String bucket = object.path("Bucket").asText("");
        String name = object.path("Name").asText("");
        if (bucket.isEmpty() || name.isEmpty()) {
            throw new TextractException("InvalidParameterException", 400, "S3Object needs Bucket and Name");
        }
        byte[] bytes = s3.apply(bucket, name).orElseThrow(() -> new TextractException("InvalidS3ObjectException", 400,
                "Unable to get object metadata from S3. Check object key, region and/or access permissions."));
        if (bytes.length > MAX_S3_BYTES) {
            throw new TextractException("DocumentTooLargeException", 400, "Document size exceeds the 10 MB limit");
        }
        return bytes;
    }

    private static void send(HttpExchange exchange, int status, JsonNode body, ObjectMapper protocol) throws IOException {
        byte[] bytes = protocol.writeValueAsBytes(body);
        if (protocol == CBOR) {
            exchange.getResponseHeaders().set("Content-Type", "application/cbor");
            exchange.getResponseHeaders().set("smithy-protocol", "rpc-v2-cbor");
        } else {
            exchange.getResponseHeaders().set("Content-Type", "application/x-amz-json-1.1");
        }
        exchange.getResponseHeaders().set("x-amzn-RequestId", UUID.randomUUID().toString());
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
    }

    @Override
    public void close() {
        server.stop(0);
        workers.shutdownNow();
        background.shutdownNow();
    }

    /** An answer in Textract's error shape. */
    static final class TextractException extends RuntimeException {
        private final String type;
        private final int status;

        TextractException(String type, int status, String message) {
            super(message, null, false, false);
            this.type = type;
            this.status = status;
        }
    }

}
