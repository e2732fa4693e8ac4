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
    /** TOTAL as OCR reads it now and then: T0TAL, TOTAI, TOTA1. */
    private static final String TOTAL = "T[O0]TA[L1I]E?";
    private static final Pattern TOTAL_KEY = Pattern.compile(
            "\\b(GRAND\\s*" + TOTAL + "|" + TOTAL + "|AMOUNT\\s*(?:DUE|PAYABLE|PAID)|NET\\s*(?:PAYABLE|AMOUNT|TOTAL|TO\\s*PAY)"
                    + "|BALANCE\\s*DUE|TO\\s*PAY|(?:NET\\s*)?[AÀ]\\s*PAYER|SUMME|MONTANT|GESAMT(?:BETRAG)?|ZU\\s*ZAHLEN|BILL\\s*AMOUNT)\\b",
            Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE);
    /** Labels with a total keyword that are not the total, judged on the label (the text before the amount). */
    private static final Pattern NOT_TOTAL = Pattern.compile(
            "\\b(?:SUB|SOUS)\\W*" + TOTAL + "|\\b" + TOTAL + "\\s*(?:TAX|GST|VAT|ITEMS?|[QO0]TY|QUANTITY|SAVINGS?|DISCOUNT|TENDER(?:ED)?|"
                    + "HT|NET)\\b|^\\W*(?:TAX|GST|VAT|CGST|SGST|IGST|TVA|MWST|CHANGE|CASH|TENDER(?:ED)?|DISCOUNT|ROUND\\s*OFF|TIP"
                    + "|RENDU|ESP[EÈ]CES|R[UÜ]CKGELD|ZUR[UÜ]CK|GEGEBEN|BAR|BALANCE\\s*RETURNED)\\b|\\bNO\\.?\\s*OF\\s*ITEMS\\b",
            Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE);
    private static final Pattern TAX_KEY = Pattern.compile(
            "\\b(TOTAL\\s*TAX|SALES\\s*TAX|TAX|GST|VAT|TVA|MWST|IVA|BTW|CGST|SGST|IGST)\\b", Pattern.CASE_INSENSITIVE);
    private static final Pattern SUBTOTAL_KEY = Pattern.compile("\\b(?:SUB|SOUS)\\W*" + TOTAL + "\\b|ZWISCHENSUMME"
            + "|\\bS ?U ?B\\W*T ?[O0] ?T ?A ?[L1I]\\b",
            Pattern.CASE_INSENSITIVE);
    private static final Pattern NO_ITEM = Pattern.compile(
            "\\b(TOTAL|SUB\\s*-?\\s*TOTAL|TAX|GST|VAT|TVA|CASH|CHANGE|CARD|VISA|MASTERCARD|BALANCE|AMOUNT|TENDER|DATE|TIME|TEL"
                    + "|PHONE|INVOICE|BILL\\s*NO|RECEIPT\\s*NO|ROUND|DISCOUNT|THANK)\\b",
            Pattern.CASE_INSENSITIVE);
    /**
     * An amount as printed, with the currency in front where there is one: a run of digits that does
     * not start or end inside a longer number (1455.43 is one amount, not 145 and 5.43).
     */
    private static final Pattern PRINTED_AMOUNT = Pattern.compile(
            "(?:₹|€|£|\\$|Rs\\.?\\s?)?\\s?(?<!\\d)(?<!\\d[.,])(?:\\d{1,3}(?:[,.]\\d{3})+|\\d+)(?:[.,]\\d{1,2})?(?![\\d])");
    /** A column heading: two of the words tills print over their items' columns. */
    private static final Pattern COLUMNS = Pattern.compile("(?i)\\b(ITEM|ARTICLE|ARTIKEL|DESCRIPTION|QTY|QT[EÉ]|MG|MENGE|RATE|PRICE"
            + "|PRIX|PREIS|AMOUNT|AMT|MONTANT|BETRAG)\\b.*\\b(QTY|QT[EÉ]|MG|MENGE|RATE|PRICE|PRIX|PREIS|AMOUNT|AMT|MONTANT|BETRAG)\\b",
            Pattern.UNICODE_CASE);
    /** An address: a street word beside a number, or a postcode or phone number's run of digits. */
    private static final Pattern ADDRESS = Pattern.compile("(?i)\\d{4,}|\\d.*\\b(RUE|ROAD|RD|STREET|ST|AVE|AVENUE|STR|STRASSE|STRAẞE"
            + "|PLACE|QUAI|COURS|SECTOR|SHOP|LANE|HIGH\\s+ST)\\b|\\b(RUE|ROAD|STREET|AVENUE|PLACE|QUAI|COURS)\\b.*\\d",
            Pattern.UNICODE_CASE);
    /** The OCR confidence from which a line that reads like a name is taken as the merchant at once. */
    private static final float SURE_NAME = 60;
    /** Headings printed above a shop's name, which are not the name. */
    private static final Pattern HEADING = Pattern.compile(
            "(?i)^(TAX\\s*INVOICE|INVOICE|(?:VAT\\s*)?RECE[I1L]?[PFR]T?|CASH\\s*MEMO|BILL|TICKET|FACTURE|KASSENBON|RECHNUNG|QUITTUNG"
                    + "|WELCOME.*|BIENVENUE.*|WILLKOMMEN.*|THANK\\s*YOU.*|ORDER.*|.*\\b(?:AT|TO))$", Pattern.UNICODE_CASE);

    private ReceiptFields() {
    }

    /** A line of text with the OCR's confidence (0-100). */
    /** {@code digits}: the confidence of the line's least sure word with a digit (its amount's). */
    record Line(String text, float confidence, float digits) {
        Line(String text, float confidence) {
            this(text, confidence, confidence);
        }
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

    static Found find(List<Line> ocr, boolean dayFirst) {
        List<Line> lines = ocr.stream().map(l -> new Line(spacesInAmounts(l.text()), l.confidence(), l.digits())).toList();
        List<Field> summary = new ArrayList<>();
        String currency = currency(lines);
        merchant(lines).ifPresent(summary::add);
        for (Line line : lines) {
            Optional<String> date = printedDate(line.text(), dayFirst).or(() -> printedDate(compactDate(line.text()), dayFirst))
                    .or(() -> printedDate(repairedDate(compactDate(line.text())), dayFirst));
            if (date.isPresent()) {
                summary.add(new Field("INVOICE_RECEIPT_DATE", "Date", date.get(), line.confidence(), null));
                break;
            }
        }
        int totalLine = -1;
        Field total = null;
        float totalDigits = 0;
        for (int i = lines.size() - 1; i >= 0 && totalLine < 0; i--) {
            String text = lines.get(i).text();
            String label = label(text);
            Matcher key = TOTAL_KEY.matcher(label);
            if (!key.find() || NOT_TOTAL.matcher(label).find()) {
                continue;
            }
            Optional<String> amount = lastPrintedAmount(text.substring(label.length()));
            if (amount.isEmpty() && i + 1 < lines.size() && !TOTAL_KEY.matcher(lines.get(i + 1).text()).find()
                    && label(lines.get(i + 1).text()).chars().filter(Character::isLetter).count() <= 3) {
                // printed below its label, alone on its line (at most a currency code before it: never "ESPECES 250,00")
                amount = lastPrintedAmount(lines.get(i + 1).text());
            }
            if (amount.isPresent()) {
                total = new Field("TOTAL", label.strip(), amount.get(), lines.get(i).confidence(), currency);
                totalLine = i;
                totalDigits = lines.get(i).digits();
            }
        }
        // what the rest of the bill says the total is: the card charged, subtotal and tax, cash less change
        Map<BigDecimal, Integer> votes = new HashMap<>();
        Map<BigDecimal, Integer> voteLine = new HashMap<>();
        List<Confirmation> confirmations = confirmations(lines, currency);
        for (Confirmation c : confirmations) {
            votes.merge(c.amount(), 1, Integer::sum);
            voteLine.putIfAbsent(c.amount(), c.line());
        }
        Optional<Map.Entry<BigDecimal, Integer>> agreed = votes.entrySet().stream().max(Map.Entry.comparingByValue());
        if (total != null) {
            BigDecimal read = PrintedValues.lastAmount(total.value()).orElse(null);
            // two other lines agreeing on another amount outweigh the total line: its digits were misread
            if (agreed.isPresent() && agreed.get().getValue() >= 2 && !agreed.get().getKey().equals(read)
                    && votes.getOrDefault(read, 0) == 0) {
                total = new Field("TOTAL", total.label(), agreed.get().getKey().toPlainString(), total.confidence() * 0.8f, currency);
            } else if (read != null && votes.getOrDefault(read, 0) == 0) {
                // one other line a digit away (0 read for 6, 1 for 7) and read more surely: its digit, not the total line's
                for (Confirmation c : confirmations) {
                    if (c.sure() && oneDigitApart(read, c.amount()) && c.confidence() > totalDigits + 3) {
                        total = new Field("TOTAL", total.label(), c.amount().toPlainString(), c.confidence() * 0.8f, currency);
                        break;
                    }
                }
            }
            summary.add(total);
        } else if (agreed.isPresent()) {
            // no total keyword survived the OCR, but what was paid says it
            totalLine = voteLine.get(agreed.get().getKey());
            summary.add(new Field("TOTAL", "", agreed.get().getKey().toPlainString(),
                    lines.get(totalLine).confidence() * (agreed.get().getValue() >= 2 ? 0.7f : 0.5f), currency));
        } else {
            // No total keyword survived the OCR: the largest amount with cents, as a low-confidence guess.
            BigDecimal best = null;
            String printed = null;
            for (int i = 0; i < lines.size(); i++) {
                String text = lines.get(i).text();
                // what was paid and given back is often more than the total: never a guess
                if (isDateOrContactLine(text) || NOT_TOTAL.matcher(label(text)).find()) {
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

    /** The same number of digits, all but one the same. */
    static boolean oneDigitApart(BigDecimal a, BigDecimal b) {
        String x = a.toPlainString();
        String y = b.toPlainString();
        if (x.length() != y.length()) {
            return false;
        }
        int different = 0;
        for (int i = 0; i < x.length(); i++) {
            if (x.charAt(i) != y.charAt(i)) {
                different++;
            }
        }
        return different == 1;
    }

    private static final Pattern CARD = Pattern.compile("^\\W*(?:CARD|VISA|MASTERCARD|AMEX|DEBIT|CREDIT|UPI|PAYTM|CB|CARTE"
            + "|EC-?KARTE|GIROCARD|KARTE|CONTACTLESS)\\b", Pattern.CASE_INSENSITIVE);
    private static final Pattern CASH = Pattern.compile("^\\W*(?:CASH|TENDER(?:ED)?|ESP[EÈ]CES|BAR|GEGEBEN)\\b",
            Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE);
    private static final Pattern CHANGE = Pattern.compile("^\\W*(?:CHANGE|RENDU|R[UÜ]CKGELD|ZUR[UÜ]CK|BALANCE\\s*RETURNED)\\b",
            Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE);
    private static final Pattern INCLUDED = Pattern.compile("\\b(?:INCL|INCLUDED|ENTH|TTC)\\b", Pattern.CASE_INSENSITIVE);
    /** VAT as Europe prints it: in the prices, shown for the record. */
    private static final Pattern EUROPEAN_TAX = Pattern.compile("\\b(?:VAT|TVA|MWST|IVA|BTW)\\b", Pattern.CASE_INSENSITIVE);
    private static final Pattern DISCOUNT = Pattern.compile("\\b(?:DISCOUNT|REMISE|RABATT)\\b", Pattern.CASE_INSENSITIVE);
    private static final Pattern ROUND_OFF = Pattern.compile("\\bROUND\\W*OFF\\b", Pattern.CASE_INSENSITIVE);

    /** An amount another line gives for the total, and that line. */
    private record Confirmation(BigDecimal amount, int line, float confidence, boolean sure) {
    }

    /**
     * What the bill's other lines make the total: each card payment's amount; the subtotal less
     * discounts plus the taxes added to it and the round-off (VAT, TVA, MwSt are in the prices, as
     * they are on any receipt in euros or pounds); cash tendered less the change.
     */
    private static List<Confirmation> confirmations(List<Line> lines, String currency) {
        List<Confirmation> found = new ArrayList<>();
        BigDecimal subtotal = null;
        int subtotalLine = -1;
        BigDecimal added = BigDecimal.ZERO;
        float sumConfidence = 100;
        // receipts in euros and pounds print prices with VAT in them
        boolean included = "EUR".equals(currency) || "GBP".equals(currency);
        float cashConfidence = 100;
        BigDecimal cash = null;
        BigDecimal change = null;
        int cashLine = -1;
        for (int i = 0; i < lines.size(); i++) {
            String text = lines.get(i).text();
            String label = label(text);
            Optional<BigDecimal> amount = lastPrintedAmount(text.substring(label.length())).filter(a -> a.matches(".*[.,]\\d{2}$"))
                    .flatMap(a -> PrintedValues.lastAmount(a.replaceAll("^\\D+", "")));
            if (amount.isEmpty()) {
                continue;
            }
            if (TAX_KEY.matcher(label).find() && (INCLUDED.matcher(label).find() || EUROPEAN_TAX.matcher(label).find())) {
                included = true;
            }
            if (CARD.matcher(label).find()) {
                found.add(new Confirmation(amount.get(), i, lines.get(i).digits(), true));
            } else if (SUBTOTAL_KEY.matcher(label).find() && subtotal == null) {
                subtotal = amount.get();
                subtotalLine = i;
                sumConfidence = lines.get(i).digits();
            } else if (subtotal != null && DISCOUNT.matcher(label).find()) {
                added = added.subtract(amount.get().abs());
                sumConfidence = Math.min(sumConfidence, lines.get(i).digits());
            } else if (subtotal != null && ROUND_OFF.matcher(label).find()) {
                boolean negative = label.strip().endsWith("-") || text.substring(label.length()).strip().startsWith("-");
                added = negative ? added.subtract(amount.get()) : added.add(amount.get());
                sumConfidence = Math.min(sumConfidence, lines.get(i).digits());
            } else if (subtotal != null && TAX_KEY.matcher(label).find() && !INCLUDED.matcher(label).find()
                    && !EUROPEAN_TAX.matcher(label).find() && !TOTAL_KEY.matcher(label).find()) {
                added = added.add(amount.get());
                sumConfidence = Math.min(sumConfidence, lines.get(i).digits());
            } else if (CASH.matcher(label).find() && cash == null) {
                cash = amount.get();
                cashLine = i;
                cashConfidence = lines.get(i).digits();
            } else if (CHANGE.matcher(label).find() && cash != null && change == null) {
                change = amount.get();
                cashConfidence = Math.min(cashConfidence, lines.get(i).digits());
            }
        }
        // nothing added to the subtotal (tax included, as in Europe): it is the total
        if (subtotal != null) {
            // sure of it only when taxes were added or said to be included (a tax line OCR lost would make it wrong)
            found.add(new Confirmation(subtotal.add(added), subtotalLine, sumConfidence, added.signum() != 0 || included));
        }
        if (cash != null && change != null && cash.compareTo(change) > 0) {
            found.add(new Confirmation(cash.subtract(change), cashLine, cashConfidence, true));
        }
        return found;
    }

    /** Whether the lines hold what a reading needs most: a total under its keyword, and a date. */
    static boolean complete(List<Line> lines) {
        Found found = find(lines, true);
        return found.field("INVOICE_RECEIPT_DATE").isPresent()
                && found.field("TOTAL").map(total -> !total.label().isEmpty()).orElse(false);
    }

    /** Without the spaces OCR puts into an amount: "£9 ,49" → "£9,49", "1562, 00" → "1562,00". */
    static String spacesInAmounts(String text) {
        return text.replaceAll("(?<=\\d) (?=[.,]\\d{2}\\b)", "").replaceAll("(?<=\\d[.,]) (?=\\d{2}\\b)", "");
    }

    /** The text before the first digit or currency symbol: "TOTAL (incl. GST) ₹ 1,250.00" → "TOTAL (incl. GST) ". */
    static String label(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            // a digit between letters is OCR's O or I in a word (T0TAL), not an amount
            boolean inWord = i > 0 && i + 1 < text.length() && Character.isLetter(text.charAt(i - 1))
                    && Character.isLetter(text.charAt(i + 1));
            if (Character.isDigit(c) && !inWord || c == '₹' || c == '€' || c == '£' || c == '$') {
                return text.substring(0, i);
            }
        }
        return text;
    }

    /** The first line near the top that reads like a name: mostly letters, not a date, an address label or a heading. */
    private static Optional<Field> merchant(List<Line> lines) {
        int limit = Math.min(lines.size(), 6);
        Field first = null;
        for (int i = 0; i < limit; i++) {
            // without the specks a photo's edge leaves in front ("= 4 BLUE CAB CO." → "BLUE CAB CO.")
            String text = lines.get(i).text().strip().replaceAll("^(?:[^\\p{L}\\s]{1,2}\\s+)+", "")
                    .replaceAll("^[^\\p{L}\\d]+|[^\\p{L}\\d.)&']+$", "");
            long letters = text.chars().filter(Character::isLetter).count();
            // a word of four letters, or a short name read surely (KFC): dotted leaders and specks read as "eee ee e" are neither
            boolean word = lines.get(i).confidence() >= 85
                    || java.util.Arrays.stream(text.split("\\s+")).anyMatch(w -> w.chars().filter(Character::isLetter).count() >= 4);
            if (letters < 3 || !word || letters < text.replace(" ", "").length() * 0.6 || isDateOrContactLine(text)
                    || HEADING.matcher(text).matches() || COLUMNS.matcher(text).find() || ADDRESS.matcher(text).find()
                    || text.matches("(?i)^(GSTIN|VAT|TIN|TEL|PH|ADDR|WWW|HTTP).*")) {
                continue;
            }
            Field candidate = new Field("VENDOR_NAME", "", text, lines.get(i).confidence() * (i == 0 ? 1f : 0.9f), null);
            // a logo or a heading read as letters is read unsurely: a surer name further down is the merchant
            if (lines.get(i).confidence() >= SURE_NAME) {
                return Optional.of(candidate);
            }
            if (first == null) {
                first = candidate;
            }
        }
        return Optional.ofNullable(first);
    }

    /** The line without the spaces OCR puts into a date: "2025 -09-12" → "2025-09-12", "05/1 8/2024" → "05/18/2024". */
    static String compactDate(String text) {
        return text.replaceAll("(?<=\\d) ?([-/.]) ?(?=\\d)", "$1").replaceAll("(?<=[-/.]\\d) (?=\\d[-/.])", "");
    }

    private static final Pattern NUMERIC_DATE = Pattern.compile("(?<![\\dA-Za-z])([\\dOolI]{1,4})([-/.])([\\dOolI]{1,2})\\2([\\dOolI]{2,4})(?![\\d])");

    /**
     * A numeric date that cannot be one, with OCR's usual confusions undone, fewest first: O for 0,
     * l and I for 1, and 6, 8 or 9 read for 0 ("29.16.2625" → "29.10.2025", "64/03/2025" → "04/03/2025");
     * the line as it was when no such date is found.
     */
    static String repairedDate(String text) {
        Matcher m = NUMERIC_DATE.matcher(text);
        while (m.find()) {
            String date = m.group().replace('O', '0').replace('o', '0').replace('l', '1').replace('I', '1');
            if (PrintedValues.date(date, true).isPresent()) {
                return text.substring(0, m.start()) + date + text.substring(m.end());
            }
            List<Integer> suspects = new ArrayList<>();
            for (int i = 0; i < date.length(); i++) {
                char c = date.charAt(i);
                if (c == '6' || c == '8' || c == '9') {
                    suspects.add(i);
                }
            }
            if (suspects.size() > 8) {
                continue;
            }
            String best = null;
            int fewest = Integer.MAX_VALUE;
            for (int mask = 1; mask < 1 << suspects.size(); mask++) {
                if (Integer.bitCount(mask) >= fewest) {
                    continue;
                }
                char[] chars = date.toCharArray();
                for (int k = 0; k < suspects.size(); k++) {
                    if ((mask & (1 << k)) != 0) {
                        chars[suspects.get(k)] = '0';
                    }
                }
                String candidate = new String(chars);
                if (PrintedValues.date(candidate, true).isPresent()) {
                    best = candidate;
                    fewest = Integer.bitCount(mask);
                }
            }
            if (best != null) {
                return text.substring(0, m.start()) + best + text.substring(m.end());
            }
        }
        return text;
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

    /**
     * The currency printed most, twice as much on a total line; where none is printed, the one the
     * receipt's tax words belong to (GSTIN, CGST: INR; TVA, MwSt, SIRET: EUR; sales tax: USD; a GB VAT
     * number: GBP); else null.
     */
    static String currency(List<Line> lines) {
        Map<String, Integer> counts = new HashMap<>();
        Map<String, Integer> hints = new HashMap<>();
        for (Line line : lines) {
            String text = symbols(line.text());
            int weight = TOTAL_KEY.matcher(text).find() ? 2 : 1;
            for (String code : PrintedValues.currencies(text)) {
                counts.merge(code, weight, Integer::sum);
            }
            for (Map.Entry<String, Pattern> hint : CURRENCY_HINTS.entrySet()) {
                if (hint.getValue().matcher(text).find()) {
                    hints.merge(hint.getKey(), 1, Integer::sum);
                }
            }
        }
        Optional<Map.Entry<String, Integer>> printed = counts.entrySet().stream().max(Map.Entry.comparingByValue());
        Optional<Map.Entry<String, Integer>> hinted = hints.entrySet().stream().max(Map.Entry.comparingByValue());
        // one sign read once on the total (₹, which Tesseract's English does not know, comes out as ¥) against the
        // tax words of two lines or more: the words are surer
        if (printed.isPresent() && hinted.isPresent() && printed.get().getValue() <= 2 && hinted.get().getValue() >= 2
                && !printed.get().getKey().equals(hinted.get().getKey())) {
            return hinted.get().getKey();
        }
        return printed.or(() -> hinted).map(Map.Entry::getKey).orElse(null);
    }

    private static final Map<String, Pattern> CURRENCY_HINTS = Map.of(
            "INR", Pattern.compile("\\b(GSTIN|CGST|SGST|IGST|FSSAI)\\b", Pattern.CASE_INSENSITIVE),
            "EUR", Pattern.compile("\\b(TVA|MWST|SIRET|UST-?IDNR|ZWISCHENSUMME|SUMME|TTC)\\b", Pattern.CASE_INSENSITIVE),
            "USD", Pattern.compile("\\bSALES\\s*TAX\\b", Pattern.CASE_INSENSITIVE),
            "GBP", Pattern.compile("\\bVAT\\b.*\\bGB\\s?\\d", Pattern.CASE_INSENSITIVE));

    /** Currency signs as OCR misreads them before an amount: § for $. */
    private static String symbols(String text) {
        return text.replaceAll("§(?=\\s?\\d)", "\\$");
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
        // "Rs.2576.00" as "Rs. 2576.00": the dot of Rs. is not the amount's
        return Optional.ofNullable(last).map(a -> a.replaceFirst("^Rs\\.(?=\\d)", "Rs. "));
    }
}
