package org.expensetracker.local.textract;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.expensetracker.core.document.PrintedValues;

/**
 * What AnalyzeExpense finds on a receipt, found in its lines the way a person reads one: the
 * merchant is the first line near the top that reads like a name; the date the first that parses
 * as one; the total the amount on the last line a total keyword leads (TOTAL, GRAND TOTAL, AMOUNT
 * DUE, NET PAYABLE, TOTAL TTC …, never SUBTOTAL, TOTAL TAX or a tax line); the currency the symbol
 * or code printed most (twice as much on a total line); the line items the lines above the total
 * that end in an amount. Values are the text as printed, as Textract's are; confidences (0-100) are
 * the OCR's for the line, lowered where a field was a guess.
 */
final class ReceiptFields {
    private static final Pattern TOTAL_KEY = Pattern.compile(
            "\\b(GRAND\\s*TOTAL|TOTAL|AMOUNT\\s*(?:DUE|PAYABLE|PAID)|NET\\s*(?:PAYABLE|AMOUNT|TOTAL|TO\\s*PAY)|BALANCE\\s*DUE"
                    + "|TO\\s*PAY|SUMME|MONTANT|GESAMT|BILL\\s*AMOUNT)\\b",
            Pattern.CASE_INSENSITIVE);
    /** Labels with a total keyword that are not the total, judged on the label (the text before the amount). */
    private static final Pattern NOT_TOTAL = Pattern.compile(
            "\\bSUB\\s*-?\\s*TOTAL|\\bTOTAL\\s*(?:TAX|GST|VAT|ITEMS?|QTY|QUANTITY|SAVINGS?|DISCOUNT)\\b"
                    + "|^\\W*(?:TAX|GST|VAT|CGST|SGST|IGST|TVA|MWST|CHANGE|CASH|TENDER(?:ED)?|DISCOUNT|ROUND\\s*OFF|TIP)\\b",
            Pattern.CASE_INSENSITIVE);
    private static final Pattern TAX_KEY = Pattern.compile(
            "\\b(TOTAL\\s*TAX|SALES\\s*TAX|TAX|GST|VAT|TVA|MWST|CGST|SGST|IGST)\\b", Pattern.CASE_INSENSITIVE);
    private static final Pattern SUBTOTAL_KEY = Pattern.compile("\\bSUB\\s*-?\\s*TOTAL\\b", Pattern.CASE_INSENSITIVE);
    private static final Pattern NO_ITEM = Pattern.compile(
            "\\b(TOTAL|SUB\\s*-?\\s*TOTAL|TAX|GST|VAT|TVA|CASH|CHANGE|CARD|VISA|MASTERCARD|BALANCE|AMOUNT|TENDER|DATE|TIME|TEL"
                    + "|PHONE|INVOICE|BILL\\s*NO|RECEIPT\\s*NO|ROUND|DISCOUNT|THANK)\\b",
            Pattern.CASE_INSENSITIVE);
    private static final Pattern PRINTED_AMOUNT = Pattern.compile(
            "(?:₹|€|£|\\$|Rs\\.?\\s?)?\\s?\\d{1,3}(?:[,.]\\d{3})*(?:[.,]\\d{1,2})?|(?:₹|€|£|\\$|Rs\\.?\\s?)?\\s?\\d+(?:[.,]\\d{1,2})?");

    private ReceiptFields() {
    }

    /** A line of text with the OCR's confidence (0-100). */
    record Line(String text, float confidence) {
    }

    /** A summary field: Textract's type, the label and value as printed, the confidence, the currency (amounts only). */
    record Field(String type, String label, String value, float confidence, String currency) {
    }

    record LineItem(String description, String price, float confidence) {
    }

    record Found(List<Field> summary, List<LineItem> items) {
        Optional<Field> field(String type) {
            return summary.stream().filter(f -> f.type().equals(type)).findFirst();
        }
    }

    static Found find(List<Line> lines, boolean dayFirst) {
        List<Field> summary = new ArrayList<>();
        String currency = currency(lines);
        merchant(lines).ifPresent(summary::add);
        for (Line line : lines) {
            Optional<String> date = printedDate(line.text(), dayFirst);
            if (date.isPresent()) {
                summary.add(new Field("INVOICE_RECEIPT_DATE", "Date", date.get(), line.confidence(), null));
                break;
            }
        }
        int totalLine = -1;
        for (int i = lines.size() - 1; i >= 0 && totalLine < 0; i--) {
            String text = lines.get(i).text();
            String label = label(text);
            Matcher key = TOTAL_KEY.matcher(label);
            if (!key.find() || NOT_TOTAL.matcher(label).find()) {
                continue;
            }
            Optional<String> amount = lastPrintedAmount(text.substring(label.length()));
            if (amount.isEmpty() && i + 1 < lines.size() && !TOTAL_KEY.matcher(lines.get(i + 1).text()).find()) {
                amount = lastPrintedAmount(lines.get(i + 1).text()); // printed below its label
            }
            if (amount.isPresent()) {
                summary.add(new Field("TOTAL", label.strip(), amount.get(), lines.get(i).confidence(), currency));
                totalLine = i;
            }
        }
        if (totalLine < 0) {
            // No total keyword survived the OCR: the largest amount with cents, as a low-confidence guess.
            BigDecimal best = null;
            String printed = null;
            for (int i = 0; i < lines.size(); i++) {
                String text = lines.get(i).text();
                if (isDateOrContactLine(text)) {
                    continue;
                }
                Matcher m = PRINTED_AMOUNT.matcher(text);
                while (m.find()) {
                    String token = m.group().strip();
                    Optional<BigDecimal> value = PrintedValues.lastAmount(token);
                    if (value.isPresent() && token.matches(".*[.,]\\d{2}$") && (best == null || value.get().compareTo(best) > 0)) {
                        best = value.get();
                        printed = token;
                        totalLine = i;
                    }
                }
            }
            if (printed != null) {
                summary.add(new Field("TOTAL", "", printed, lines.get(totalLine).confidence() * 0.5f, currency));
            }
        }
        for (Line line : lines) {
            String label = label(line.text());
            Matcher tax = TAX_KEY.matcher(label);
            if (tax.find() && (!TOTAL_KEY.matcher(label).find() || NOT_TOTAL.matcher(label).find())
                    && !SUBTOTAL_KEY.matcher(label).find()) {
                Optional<String> amount = lastPrintedAmount(line.text().substring(label.length()));
                if (amount.isPresent()) {
                    summary.add(new Field("TAX", label.strip(), amount.get(), line.confidence(), currency));
                    break;
                }
            }
        }
        for (Line line : lines) {
            String label = label(line.text());
            if (SUBTOTAL_KEY.matcher(label).find()) {
                lastPrintedAmount(line.text().substring(label.length())).ifPresent(amount ->
                        summary.add(new Field("SUBTOTAL", label.strip(), amount, line.confidence(), currency)));
                break;
            }
        }
        return new Found(summary, items(lines, totalLine));
    }

    /** The text before the first digit or currency symbol: "TOTAL (incl. GST) ₹ 1,250.00" → "TOTAL (incl. GST) ". */
    static String label(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isDigit(c) || c == '₹' || c == '€' || c == '£' || c == '$') {
                return text.substring(0, i);
            }
        }
        return text;
    }

    /** The first line near the top that reads like a name: mostly letters, not a date, an address label or a heading. */
    private static Optional<Field> merchant(List<Line> lines) {
        int limit = Math.min(lines.size(), 6);
        for (int i = 0; i < limit; i++) {
            // without the specks a photo's edge leaves in front ("= 4 BLUE CAB CO." → "BLUE CAB CO.")
            String text = lines.get(i).text().strip().replaceAll("^(?:[^\\p{L}\\s]{1,2}\\s+)+", "")
                    .replaceAll("^[^\\p{L}\\d]+|[^\\p{L}\\d.)&']+$", "");
            long letters = text.chars().filter(Character::isLetter).count();
            if (letters < 3 || letters < text.replace(" ", "").length() * 0.6 || isDateOrContactLine(text)
                    || text.matches("(?i)^(TAX\\s*INVOICE|INVOICE|RECEIPT|CASH\\s*MEMO|BILL|WELCOME.*|ORDER.*)$")
                    || text.matches("(?i)^(GSTIN|VAT|TIN|TEL|PH|ADDR|WWW|HTTP).*")) {
                continue;
            }
            return Optional.of(new Field("VENDOR_NAME", "", text, lines.get(i).confidence() * (i == 0 ? 1f : 0.9f), null));
        }
        return Optional.empty();
    }

    /** The date as printed in the line, if the line has one. */
    static Optional<String> printedDate(String text, boolean dayFirst) {
        if (PrintedValues.date(text, dayFirst).isEmpty()) {
            return Optional.empty();
        }
        // the shortest run of the line that still parses: the date itself, as printed
        String[] words = text.split("\\s+");
        for (int length = 1; length <= Math.min(4, words.length); length++) {
            for (int start = 0; start + length <= words.length; start++) {
                String candidate = String.join(" ", java.util.Arrays.copyOfRange(words, start, start + length));
                if (PrintedValues.date(candidate, dayFirst).isPresent()) {
                    return Optional.of(candidate.replaceAll("^[^\\p{L}\\d]+|[^\\p{L}\\d]+$", ""));
                }
            }
        }
        return Optional.of(text.strip());
    }

    /** The currency printed most, twice as much on a total line, or null. */
    static String currency(List<Line> lines) {
        Map<String, Integer> counts = new HashMap<>();
        for (Line line : lines) {
            int weight = TOTAL_KEY.matcher(line.text()).find() ? 2 : 1;
            for (String code : PrintedValues.currencies(line.text())) {
                counts.merge(code, weight, Integer::sum);
            }
        }
        return counts.entrySet().stream().max(Map.Entry.comparingByValue()).map(Map.Entry::getKey).orElse(null);
    }

    private static List<LineItem> items(List<Line> lines, int totalLine) {
        List<LineItem> items = new ArrayList<>();
        int end = totalLine < 0 ? lines.size() : totalLine;
        for (int i = 1; i < end; i++) {
            String text = lines.get(i).text().strip();
            if (NO_ITEM.matcher(text).find() || isDateOrContactLine(text)) {
                continue;
            }
            Matcher m = Pattern.compile("(?:₹|€|£|\\$|Rs\\.?)?\\s?\\d[\\d,.]*[.,]\\d{2}\\s*[A-Z]?$").matcher(text);
            if (!m.find()) {
                continue;
            }
            String description = text.substring(0, m.start()).replaceAll("[\\s.:x×*@-]+$", "")
                    .replaceAll("\\s+\\d+\\s*[x×@]?\\s*[\\d.,]*$", "").strip();
            if (description.chars().filter(Character::isLetter).count() < 2) {
                continue;
            }
            items.add(new LineItem(description, m.group().strip(), lines.get(i).confidence()));
        }
        return items;
    }

    private static boolean isDateOrContactLine(String text) {
        return PrintedValues.date(text, true).isPresent() || text.matches("(?i).*\\b(TEL|PHONE|PH|MOB|GSTIN|FSSAI)\\b.*")
                || text.matches(".*\\d{1,2}:\\d{2}.*");
    }

    private static Optional<String> lastPrintedAmount(String text) {
        Matcher m = PRINTED_AMOUNT.matcher(text);
        String last = null;
        while (m.find()) {
            if (!m.group().isBlank()) {
                last = m.group().strip();
            }
        }
        return Optional.ofNullable(last);
    }
}
