package org.expensetracker.receiptindexer.reading;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.expensetracker.core.document.PrintedValues;
import org.expensetracker.core.document.ReceiptReading;
import software.amazon.awssdk.services.textract.TextractClient;
import software.amazon.awssdk.services.textract.model.AnalyzeExpenseResponse;
import software.amazon.awssdk.services.textract.model.Block;
import software.amazon.awssdk.services.textract.model.BlockType;
import software.amazon.awssdk.services.textract.model.ExpenseDocument;
import software.amazon.awssdk.services.textract.model.ExpenseField;
import software.amazon.awssdk.services.textract.model.GetExpenseAnalysisResponse;
import software.amazon.awssdk.services.textract.model.InvalidJobIdException;
import software.amazon.awssdk.services.textract.model.JobStatus;
import software.amazon.awssdk.services.textract.model.LineItemFields;
import software.amazon.awssdk.services.textract.model.LineItemGroup;
import software.amazon.awssdk.services.textract.model.TextractException;

/**
 * Amazon Textract's AnalyzeExpense on the accepted copy in S3 (Textract reads it with the function's
 * role), or StartExpenseAnalysis and GetExpenseAnalysis for a PDF of several pages, mapped to a
 * {@link ReceiptReading}. Textract gives each field as printed ("₹1,250.00",
 * "21-Nov-2026"); {@link PrintedValues} makes them values. Numeric dates are read day first unless
 * the receipt's currency is the US dollar.
 */
public final class TextractReceiptReader implements ReceiptReader {
    private final TextractClient textract;
    private final String bucket;

    public TextractReceiptReader(TextractClient textract, String bucket) {
        this.textract = textract;
        this.bucket = bucket;
    }

    @Override
    public Result read(String objectKey, String contentType) {
        AnalyzeExpenseResponse response;
        try {
            response = textract.analyzeExpense(b -> b.document(d -> d.s3Object(o -> o.bucket(bucket).name(objectKey))));
        } catch (TextractException e) {
            String type = e.awsErrorDetails() == null ? "" : e.awsErrorDetails().errorCode();
            switch (type) {
                case "UnsupportedDocumentException", "BadDocumentException", "DocumentTooLargeException",
                        "InvalidParameterException" -> {
                    return new Result(ReceiptReading.failed(reason(type)), "");
                }
                default -> throw e; // throttling, a service issue, an expired credential: the delivery is retried
            }
        }
        return map(response);
    }

    @Override
    public Started start(String objectKey, String clientToken) {
        try {
            return new Started(textract.startExpenseAnalysis(b -> b
                    .documentLocation(l -> l.s3Object(o -> o.bucket(bucket).name(objectKey)))
                    .clientRequestToken(clientToken)).jobId(), null);
        } catch (TextractException e) {
            String type = e.awsErrorDetails() == null ? "" : e.awsErrorDetails().errorCode();
            switch (type) {
                case "UnsupportedDocumentException", "BadDocumentException", "DocumentTooLargeException",
                        "InvalidParameterException" -> {
                    return new Started(null, new Result(ReceiptReading.failed(reason(type)), ""));
                }
                default -> throw e;
            }
        }
    }

    @Override
    public Optional<Result> finished(String jobId) {
        List<ExpenseDocument> documents = new ArrayList<>();
        Integer pages = null;
        String next = null;
        do {
            GetExpenseAnalysisResponse page;
            try {
                String token = next;
                page = textract.getExpenseAnalysis(b -> b.jobId(jobId).nextToken(token));
            } catch (InvalidJobIdException e) {
                // results are kept for 7 days; a job older than that is gone
                return Optional.of(new Result(ReceiptReading.failed("The reading of this file was lost; it is not read."), ""));
            }
            JobStatus status = page.jobStatus();
            if (status == JobStatus.IN_PROGRESS) {
                return Optional.empty();
            }
            if (status == JobStatus.FAILED) {
                return Optional.of(new Result(ReceiptReading.failed(page.statusMessage() == null
                        ? "The file could not be read." : "The file could not be read: " + page.statusMessage()), ""));
            }
            if (page.documentMetadata() != null && page.documentMetadata().pages() != null) {
                pages = page.documentMetadata().pages();
            }
            documents.addAll(page.expenseDocuments());
            next = page.nextToken();
        } while (next != null);
        return Optional.of(map(pages == null ? 1 : pages, documents));
    }

    private static String reason(String type) {
        return switch (type) {
            case "UnsupportedDocumentException" -> "This kind of file cannot be read (Textract reads JPEG, PNG and one-page PDFs).";
            case "DocumentTooLargeException" -> "The file is too large to be read.";
            default -> "The file could not be read.";
        };
    }

    static Result map(AnalyzeExpenseResponse response) {
        int pages = response.documentMetadata() == null || response.documentMetadata().pages() == null ? 1
                : response.documentMetadata().pages();
        return map(pages, response.expenseDocuments());
    }

    /**
     * Textract's expense documents (one per receipt or invoice it found, of one page or several) as
     * one reading: the first document that names a field gives it, the line items and text of all of
     * them are kept.
     */
    static Result map(int pages, List<ExpenseDocument> documents) {
        StringBuilder text = new StringBuilder();
        Map<String, Double> confidence = new LinkedHashMap<>();
        String merchant = null;
        String printedDate = null;
        BigDecimal total = null;
        String currency = null;
        BigDecimal tax = null;
        List<ReceiptReading.LineItem> items = new ArrayList<>();
        for (ExpenseDocument document : documents) {
            for (Block block : document.blocks()) {
                if (block.blockType() == BlockType.LINE && block.text() != null) {
                    text.append(block.text()).append('\n');
                }
            }
            Optional<ExpenseField> vendor = best(document.summaryFields(), "VENDOR_NAME").or(() -> best(document.summaryFields(), "NAME"));
            if (merchant == null && vendor.isPresent()) {
                merchant = vendor.get().valueDetection().text().strip();
                confidence.put("merchant", unit(vendor.get().valueDetection().confidence()));
            }
            Optional<ExpenseField> date = best(document.summaryFields(), "INVOICE_RECEIPT_DATE");
            if (printedDate == null && date.isPresent()) {
                printedDate = date.get().valueDetection().text();
                confidence.put("date", unit(date.get().valueDetection().confidence()));
            }
            Optional<ExpenseField> totalField = best(document.summaryFields(), "TOTAL").or(() -> best(document.summaryFields(), "AMOUNT_DUE"));
            if (total == null && totalField.isPresent()) {
                String printed = totalField.get().valueDetection().text();
                total = PrintedValues.lastAmount(printed).orElse(null);
                confidence.put("total", unit(totalField.get().valueDetection().confidence()));
                if (totalField.get().currency() != null && totalField.get().currency().code() != null) {
                    currency = totalField.get().currency().code().toUpperCase(java.util.Locale.ROOT);
                    confidence.put("currency", unit(totalField.get().currency().confidence()));
                } else {
                    Optional<String> symbol = PrintedValues.currency(printed);
                    if (symbol.isPresent()) {
                        currency = symbol.get();
                        confidence.put("currency", unit(totalField.get().valueDetection().confidence()) * 0.8);
                    }
                }
            }
            Optional<ExpenseField> taxField = best(document.summaryFields(), "TAX");
            if (tax == null && taxField.isPresent()) {
                tax = PrintedValues.lastAmount(taxField.get().valueDetection().text()).orElse(null);
                confidence.put("tax", unit(taxField.get().valueDetection().confidence()));
            }
            for (LineItemGroup group : document.lineItemGroups()) {
                for (LineItemFields item : group.lineItems()) {
                    String description = null;
                    BigDecimal price = null;
                    for (ExpenseField field : item.lineItemExpenseFields()) {
                        String type = field.type() == null ? "" : field.type().text();
                        if ("ITEM".equals(type) && field.valueDetection() != null) {
                            description = field.valueDetection().text().strip();
                        } else if ("PRICE".equals(type) && field.valueDetection() != null) {
                            price = PrintedValues.lastAmount(field.valueDetection().text()).orElse(null);
                        }
                    }
                    if (description != null && !description.isEmpty()) {
                        items.add(new ReceiptReading.LineItem(description, price));
                    }
                }
            }
        }
        LocalDate date = printedDate == null ? null : PrintedValues.date(printedDate, !"USD".equals(currency)).orElse(null);
        if (date == null) {
            confidence.remove("date");
        }
        if (total == null) {
            confidence.remove("total");
        }
        ReceiptReading reading = new ReceiptReading(ReceiptReading.Status.READ, null, merchant, date, total, currency, tax,
                confidence, items, pages);
        return new Result(reading, text.toString().strip());
    }

    private static Optional<ExpenseField> best(List<ExpenseField> fields, String type) {
        return fields.stream()
                .filter(f -> f.type() != null && type.equals(f.type().text()) && f.valueDetection() != null
                        && f.valueDetection().text() != null && !f.valueDetection().text().isBlank())
                .max(Comparator.comparing(f -> f.valueDetection().confidence() == null ? 0f : f.valueDetection().confidence()));
    }

    private static double unit(Float percent) {
        return percent == null ? 0 : Math.round(percent * 10.0) / 1000.0;
    }
}
