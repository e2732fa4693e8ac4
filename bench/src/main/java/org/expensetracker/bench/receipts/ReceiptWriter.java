package org.expensetracker.bench.receipts;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import org.expensetracker.bench.receipts.Receipt.Align;
import org.expensetracker.bench.receipts.Receipt.Cell;
import org.expensetracker.bench.receipts.Receipt.Line;

/**
 * Writes a receipt as a till would, from a seed: a shop of one of five regions, its header (logo,
 * name, address, phone, tax number), the bill's date and number, items in one of four layouts,
 * subtotal, discount, tax, round-off, the total under one of the region's words, then how it was
 * paid (cash with change, card) and a footer. The same seed writes the same receipt.
 */
final class ReceiptWriter {
    private static final LocalDate FIRST_DAY = LocalDate.of(2024, 1, 1);
    private static final int DAYS = 3 * 365;

    private final Random random;
    private final Region region;
    private final Receipt.Print print;
    /** Whether amounts carry the currency: 0 only the total, 1 every amount, 2 none on the total (a heading says it). */
    private final int symbolUse;
    private final String symbol;
    private final boolean thousands;

    private ReceiptWriter(long seed) {
        this.random = ReceiptSet.random(seed);
        this.region = pickRegion();
        this.print = pickPrint();
        this.symbolUse = chance(0.65) ? 0 : chance(0.6) ? 1 : 2;
        this.symbol = pick(region.symbols);
        this.thousands = chance(0.8);
    }

    static Receipt write(int number, long seed) {
        return new ReceiptWriter(seed).receipt(number);
    }

    private Region pickRegion() {
        double r = random.nextDouble();
        return r < 0.30 ? Region.INDIA : r < 0.50 ? Region.US : r < 0.65 ? Region.UK : r < 0.83 ? Region.FRANCE : Region.GERMANY;
    }

    private Receipt.Print pickPrint() {
        Receipt.Font font = pick(List.of(Receipt.Font.MONO, Receipt.Font.MONO, Receipt.Font.MONO_BOLD, Receipt.Font.SANS_CONDENSED,
                Receipt.Font.SANS, Receipt.Font.SERIF));
        Receipt.Mode mode = chance(0.45) ? Receipt.Mode.SMOOTH : chance(0.7) ? Receipt.Mode.THERMAL : Receipt.Mode.DOTS;
        int columns = pick(List.of(32, 40, 42, 42, 48));
        int paper = columns <= 32 ? 58 : 80;
        int ink = 10 + random.nextInt(70);
        double fade = chance(0.2) ? 0.25 + random.nextDouble() * 0.25 : random.nextDouble() * 0.15;
        double streaks = chance(0.3) ? random.nextDouble() * 0.35 : 0;
        double spacing = 1.15 + random.nextDouble() * 0.35;
        return new Receipt.Print(font, mode, columns, paper, ink, fade, streaks, spacing);
    }

    private Receipt receipt(int number) {
        String merchant = region.kindFirst() ? pick(region.namesFirst) + " " + pick(region.namesSecond)
                : pick(region.namesFirst) + " " + pick(region.namesSecond);
        LocalDate date = FIRST_DAY.plusDays(random.nextInt(DAYS));
        List<Line> lines = new ArrayList<>();
        boolean centered = chance(0.7);

        // header
        if (chance(0.2)) {
            lines.add(Line.logo(initials(merchant)));
        }
        if (chance(0.2)) {
            lines.add(align(pick(preHeadings()), centered));
        }
        String printedName = chance(0.5) ? merchant.toUpperCase(Locale.ROOT) : merchant;
        Line name = align(printedName, centered).scaled(1.25 + random.nextDouble() * 0.6);
        lines.add(chance(0.7) ? name.inBold() : name);
        if (chance(0.15)) {
            lines.add(align(pick(List.of("Since 1987", "Fresh every day", "Family run", "Est. 2004")), centered));
        }
        if (chance(0.85)) {
            String address = pick(region.addresses);
            int comma = address.indexOf(", ");
            if (comma > 0 && (chance(0.5) || address.length() > print.columns())) {
                lines.add(align(address.substring(0, comma), centered));
                lines.add(align(address.substring(comma + 2), centered));
            } else {
                lines.add(align(address, centered));
            }
        }
        if (chance(0.7)) {
            lines.add(align(phone(), centered));
        }
        if (chance(region == Region.US ? 0.1 : 0.65)) {
            lines.add(align(taxNumber(), centered));
        }
        lines.add(rule());

        // the bill's own lines
        boolean dateOnTop = chance(0.75);
        String printedDate = date.format(DateTimeFormatter.ofPattern(pick(region.datePatterns), Locale.ENGLISH));
        if (dateOnTop) {
            lines.addAll(dateLines(printedDate));
        }
        if (chance(0.6)) {
            lines.add(Line.pair(pick(List.of("Bill No: ", "Receipt #", "Inv No. ", "Ticket ", "Beleg-Nr. ")) + (1000 + random.nextInt(90000)),
                    chance(0.5) ? pick(List.of("Table 4", "Cashier: Priya", "Till 2", "Op: 07", "Kasse 3")) : ""));
        }
        lines.add(rule());

        // items
        int layout = random.nextInt(4);
        if (layout == 1) {
            lines.add(columnHeading());
        }
        BigDecimal subtotal = BigDecimal.ZERO;
        int count = 1 + random.nextInt(chance(0.3) ? 12 : 6);
        boolean bigTicket = chance(0.12);
        int quantities = 0;
        for (int i = 0; i < count; i++) {
            String item = pick(region.goods);
            int quantity = chance(0.7) ? 1 : 2 + random.nextInt(3);
            BigDecimal price = price(bigTicket && i == 0);
            BigDecimal amount = price.multiply(BigDecimal.valueOf(quantity));
            subtotal = subtotal.add(amount);
            quantities += quantity;
            lines.addAll(itemLines(layout, item, quantity, price, amount));
        }
        lines.add(rule());

        // subtotal, discount, tax, round-off, total
        BigDecimal total = subtotal;
        boolean showSubtotal = chance(0.7);
        if (showSubtotal) {
            lines.add(Line.pair(pick(subtotalWords()), amount(subtotal, symbolUse == 1)));
        }
        if (chance(0.15)) {
            BigDecimal discount = subtotal.multiply(BigDecimal.valueOf(5 + 5 * random.nextInt(3))).divide(BigDecimal.valueOf(100),
                    2, RoundingMode.HALF_UP);
            lines.add(Line.pair(pick(discountWords()), "-" + amount(discount, symbolUse == 1)));
            total = total.subtract(discount);
        }
        total = taxes(lines, total);
        if (region.roundsOff && chance(0.6)) {
            BigDecimal rounded = total.setScale(0, RoundingMode.HALF_UP).setScale(2, RoundingMode.UNNECESSARY);
            BigDecimal off = rounded.subtract(total);
            if (off.signum() != 0) {
                lines.add(Line.pair("Round Off", (off.signum() > 0 ? "+" : "") + number(off)));
                total = rounded;
            }
        }
        lines.addAll(totalLines(total));
        if (chance(0.3)) {
            lines.add(Line.pair(pick(List.of("Total Items", "Total Qty", "No. of items", "Items")) + ":",
                    String.valueOf(chance(0.5) ? count : quantities)));
        }
        lines.add(rule());

        // paid
        double payment = random.nextDouble();
        if (payment < 0.4) {
            BigDecimal tendered = tendered(total);
            lines.add(Line.pair(pick(region.cashWords), amount(tendered, symbolUse == 1)));
            lines.add(Line.pair(pick(region.changeWords), amount(tendered.subtract(total), symbolUse == 1)));
        } else if (payment < 0.85) {
            lines.add(Line.pair(pick(region.cardWords) + (chance(0.6) ? " **** " + (1000 + random.nextInt(9000)) : ""),
                    amount(total, symbolUse == 1)));
            if (chance(0.4)) {
                lines.add(Line.text("AUTH CODE " + (100000 + random.nextInt(900000))));
            }
        }
        if (chance(0.1)) {
            BigDecimal saved = total.multiply(BigDecimal.valueOf(0.08)).setScale(2, RoundingMode.HALF_UP);
            lines.add(Line.centered(pick(List.of("You saved ", "Total Savings ")) + amount(saved, true)));
        }
        if (!dateOnTop) {
            lines.add(Line.blank());
            lines.addAll(dateLines(printedDate));
        }
        lines.add(Line.blank());
        lines.add(Line.centered(pick(thanks())));
        if (chance(0.4)) {
            lines.add(Line.centered(pick(List.of("www.shop-example.com", "Visit again", "Follow us @localshop",
                    "Goods once sold will not be taken back", "Keep this receipt", "Returns within 30 days"))));
        }
        if (chance(0.25)) {
            lines.add(Line.barcode());
        }
        return new Receipt(number, region, merchant, date, total, region.currency, List.copyOf(lines), print);
    }

    // ------------------------------------------------------------------ parts

    private List<String> preHeadings() {
        return switch (region) {
            case INDIA -> List.of("TAX INVOICE", "CASH MEMO", "RECEIPT", "Welcome to");
            case US -> List.of("Welcome to", "RECEIPT", "Thank you for shopping at");
            case UK -> List.of("Welcome to", "RECEIPT", "VAT RECEIPT");
            case FRANCE -> List.of("Bienvenue", "TICKET", "FACTURE");
            case GERMANY -> List.of("Willkommen", "KASSENBON", "Rechnung");
        };
    }

    private String phone() {
        String digits = String.valueOf(1000000 + random.nextInt(9000000));
        return switch (region) {
            case INDIA -> pick(List.of("Tel: ", "Ph: ", "Mob: ")) + "+91 98" + digits.substring(0, 3) + " " + digits.substring(3) + "0";
            case US -> pick(List.of("Tel ", "Phone: ", "")) + "(" + (200 + random.nextInt(700)) + ") " + digits.substring(0, 3) + "-"
                    + digits.substring(3);
            case UK -> pick(List.of("Tel: ", "T: ")) + "01" + digits.substring(0, 3) + " " + digits.substring(1) + "1";
            case FRANCE -> "Tél : 01 " + digits.substring(0, 2) + " " + digits.substring(2, 4) + " " + digits.substring(4, 6) + " 1"
                    + digits.charAt(6);
            case GERMANY -> "Tel. 030 " + digits;
        };
    }

    private String taxNumber() {
        String digits = String.valueOf(100000000L + random.nextInt(900000000));
        return switch (region) {
            case INDIA -> "GSTIN: 29" + "ABCDE".substring(0, 5) + digits.substring(0, 4) + "F1Z" + digits.charAt(5);
            case US -> "Store #" + digits.substring(0, 4);
            case UK -> "VAT Reg No: GB " + digits.substring(0, 3) + " " + digits.substring(3, 7) + " " + digits.substring(7);
            case FRANCE -> pick(List.of("SIRET ", "SIRET : ")) + digits.substring(0, 3) + " " + digits.substring(3, 6) + " "
                    + digits.substring(6) + " 00012";
            case GERMANY -> "St.-Nr. " + digits.substring(0, 2) + "/" + digits.substring(2, 5) + "/" + digits.substring(5);
        };
    }

    private List<Line> dateLines(String printedDate) {
        String time = chance(region == Region.US ? 0.6 : 0.2)
                ? (1 + random.nextInt(12)) + ":" + two(random.nextInt(60)) + (chance(0.5) ? " PM" : " AM")
                : two(7 + random.nextInt(15)) + ":" + two(random.nextInt(60)) + (chance(0.3) ? ":" + two(random.nextInt(60)) : "");
        String dateWord = switch (region) {
            case FRANCE -> pick(List.of("Date : ", "Le ", ""));
            case GERMANY -> pick(List.of("Datum: ", "", ""));
            default -> pick(List.of("Date: ", "Date ", "Bill Date: ", "", "Dt: "));
        };
        return switch (random.nextInt(4)) {
            case 0 -> List.of(Line.text(dateWord + printedDate + "  " + time));
            case 1 -> List.of(Line.pair(dateWord + printedDate, (region == Region.GERMANY ? "Uhrzeit: " : "Time: ") + time));
            case 2 -> List.of(Line.pair(printedDate, time));
            default -> List.of(Line.text(dateWord + printedDate));
        };
    }

    private Line columnHeading() {
        return switch (region) {
            case FRANCE -> Line.columns(new Cell("Article", 0, Align.LEFT), new Cell("Qté", 0.55, Align.RIGHT),
                    new Cell("Prix", 0.76, Align.RIGHT), new Cell("Montant", 1, Align.RIGHT));
            case GERMANY -> Line.columns(new Cell("Artikel", 0, Align.LEFT), new Cell("Mg", 0.55, Align.RIGHT),
                    new Cell("Preis", 0.76, Align.RIGHT), new Cell("Betrag", 1, Align.RIGHT));
            default -> Line.columns(new Cell("Item", 0, Align.LEFT), new Cell("Qty", 0.55, Align.RIGHT),
                    new Cell(region == Region.INDIA ? "Rate" : "Price", 0.76, Align.RIGHT), new Cell("Amount", 1, Align.RIGHT));
        };
    }

    private List<Line> itemLines(int layout, String item, int quantity, BigDecimal price, BigDecimal amount) {
        int room = print.columns() - 12;
        String name = item.length() > room ? item.substring(0, room) : item;
        String printed = amount(amount, symbolUse == 1);
        return switch (layout) {
            case 0 -> List.of(Line.pair(quantity > 1 ? quantity + " " + name : name, printed));
            case 1 -> {
                String shortName = name.length() > print.columns() / 2 - 2 ? name.substring(0, print.columns() / 2 - 2) : name;
                yield List.of(Line.columns(new Cell(shortName, 0, Align.LEFT), new Cell(String.valueOf(quantity), 0.55, Align.RIGHT),
                        new Cell(number(price), 0.76, Align.RIGHT), new Cell(number(amount), 1, Align.RIGHT)));
            }
            case 2 -> quantity == 1 ? List.of(Line.pair(name, printed))
                    : List.of(Line.text(name), Line.pair("  " + quantity + " x " + number(price), printed));
            default -> List.of(Line.pair(quantity > 1 ? name + " x" + quantity : name, printed).withLeader());
        };
    }

    private List<String> subtotalWords() {
        return switch (region) {
            case FRANCE -> List.of("Sous-total", "SOUS TOTAL", "Sub Total");
            case GERMANY -> List.of("Zwischensumme", "Sub Total", "ZWISCHENSUMME");
            default -> List.of("Subtotal", "Sub Total", "SUBTOTAL", "Sub-Total");
        };
    }

    private List<String> discountWords() {
        return switch (region) {
            case FRANCE -> List.of("Remise", "REMISE FIDELITE");
            case GERMANY -> List.of("Rabatt", "RABATT");
            default -> List.of("Discount", "Member Discount", "DISCOUNT");
        };
    }

    /** The region's tax lines; the total with them (added where prices are net, included where they are gross). */
    private BigDecimal taxes(List<Line> lines, BigDecimal total) {
        switch (region) {
            case INDIA -> {
                int rate = pick(List.of(5, 12, 18));
                BigDecimal half = percent(total, rate / 2.0);
                if (chance(0.7)) {
                    lines.add(Line.pair("CGST " + trim(rate / 2.0) + "%", number(half)));
                    lines.add(Line.pair("SGST " + trim(rate / 2.0) + "%", number(half)));
                } else {
                    lines.add(Line.pair(pick(List.of("GST ", "IGST ")) + rate + "%", number(half.add(half))));
                }
                return total.add(half).add(half);
            }
            case US -> {
                double rate = pick(List.of(6.0, 6.25, 7.0, 8.25, 8.875, 9.5));
                BigDecimal tax = percent(total, rate);
                lines.add(Line.pair(pick(List.of("Sales Tax ", "TAX ", "Tax ")) + trim(rate) + "%", number(tax)));
                return total.add(tax);
            }
            case UK -> {
                if (chance(0.7)) {
                    BigDecimal vat = total.multiply(BigDecimal.valueOf(20)).divide(BigDecimal.valueOf(120), 2, RoundingMode.HALF_UP);
                    lines.add(Line.pair(pick(List.of("VAT 20% incl.", "Incl. VAT @ 20%", "VAT included")), number(vat)));
                }
                return total;
            }
            case FRANCE -> {
                int rate = pick(List.of(5, 10, 20));
                String shown = rate == 5 ? "5,5" : String.valueOf(rate);
                BigDecimal vat = total.multiply(BigDecimal.valueOf(rate == 5 ? 5.5 : rate))
                        .divide(BigDecimal.valueOf(100 + (rate == 5 ? 5.5 : rate)), 2, RoundingMode.HALF_UP);
                if (chance(0.5)) {
                    lines.add(Line.pair("TVA " + shown + "%", number(vat)));
                } else {
                    lines.add(Line.columns(new Cell("TVA", 0, Align.LEFT), new Cell(shown + "%", 0.3, Align.LEFT),
                            new Cell("HT " + number(total.subtract(vat)), 0.72, Align.RIGHT), new Cell(number(vat), 1, Align.RIGHT)));
                }
                return total;
            }
            default -> {
                int rate = pick(List.of(7, 19));
                BigDecimal vat = total.multiply(BigDecimal.valueOf(rate)).divide(BigDecimal.valueOf(100 + rate), 2, RoundingMode.HALF_UP);
                if (chance(0.5)) {
                    lines.add(Line.pair("MwSt " + rate + "%", number(vat)));
                } else {
                    lines.add(Line.pair("enth. MwSt " + rate + "% " + number(total.subtract(vat)), number(vat)));
                }
                return total;
            }
        }
    }

    /** The total under one of the region's words, now and then bold, larger or double height; rarely its amount below it. */
    private List<Line> totalLines(BigDecimal total) {
        String word = pick(region.totalWords);
        if (region == Region.INDIA && chance(0.1)) {
            word += " (incl. GST)";
        }
        Line line = symbolUse == 2 ? Line.pair(word + " " + region.currency, amount(total, false))
                : Line.pair(word, amount(total, true));
        line = line.scaled(1 + (chance(0.5) ? random.nextDouble() * 0.35 : 0));
        if (chance(0.7)) {
            line = line.inBold();
        }
        if (chance(0.25)) {
            line = line.doubleHeight();
        }
        if (chance(0.08)) {
            Cell label = line.cells().get(0);
            Cell value = line.cells().get(1);
            return List.of(new Line(Receipt.Kind.TEXT, List.of(label), line.scale(), line.bold(), line.tall(), false, ' '),
                    new Line(Receipt.Kind.TEXT, List.of(value), line.scale(), line.bold(), line.tall(), false, ' '));
        }
        return List.of(line);
    }

    private List<String> thanks() {
        return switch (region) {
            case FRANCE -> List.of("Merci de votre visite", "MERCI ET A BIENTOT", "Bonne journée");
            case GERMANY -> List.of("Vielen Dank für Ihren Einkauf", "Danke und bis bald", "Schönen Tag noch");
            case INDIA -> List.of("Thank you! Visit again", "THANK YOU", "Have a nice day");
            default -> List.of("Thank you!", "THANK YOU FOR SHOPPING", "Have a nice day", "Please come again");
        };
    }

    // ------------------------------------------------------------------ amounts

    private BigDecimal price(boolean bigTicket) {
        int low = bigTicket ? region.maxPrice * 2 : region.minPrice;
        int high = bigTicket ? region.maxPrice * 25 : region.maxPrice;
        int whole = low + random.nextInt(Math.max(1, high - low));
        int cents = region == Region.INDIA && chance(0.7) ? 0 : pick(List.of(0, 25, 49, 50, 75, 95, 99, random.nextInt(100)));
        return BigDecimal.valueOf(whole * 100L + cents, 2);
    }

    private BigDecimal tendered(BigDecimal total) {
        int note = region == Region.INDIA ? (total.intValue() > 1000 ? 500 : 100) : total.intValue() > 50 ? 50 : 10;
        return BigDecimal.valueOf((total.intValue() / note + 1) * (long) note).setScale(2, RoundingMode.UNNECESSARY);
    }

    private static BigDecimal percent(BigDecimal value, double rate) {
        return value.multiply(BigDecimal.valueOf(rate)).divide(BigDecimal.valueOf(100), 2, RoundingMode.HALF_UP);
    }

    /** The amount as the region prints it, with the receipt's currency form when asked. */
    private String amount(BigDecimal value, boolean withCurrency) {
        String number = number(value);
        if (!withCurrency) {
            return number;
        }
        return symbol.startsWith(" ") ? number + symbol : symbol + number;
    }

    private String number(BigDecimal value) {
        BigDecimal v = value.setScale(2, RoundingMode.HALF_UP);
        String plain = v.abs().toPlainString();
        String whole = plain.substring(0, plain.indexOf('.'));
        String cents = plain.substring(plain.indexOf('.') + 1);
        char group = region.commaDecimals ? '.' : ',';
        char decimal = region.commaDecimals ? ',' : '.';
        StringBuilder grouped = new StringBuilder();
        for (int i = 0; i < whole.length(); i++) {
            if (thousands && i > 0 && (whole.length() - i) % 3 == 0) {
                grouped.append(group);
            }
            grouped.append(whole.charAt(i));
        }
        return (v.signum() < 0 ? "-" : "") + grouped + decimal + cents;
    }

    // ------------------------------------------------------------------ helpers

    private Line align(String text, boolean centered) {
        return centered ? Line.centered(text) : Line.text(text);
    }

    private Line rule() {
        return chance(0.15) ? Line.blank() : Line.rule(pick(List.of('-', '-', '=', '*', '.')));
    }

    private static String initials(String merchant) {
        StringBuilder out = new StringBuilder();
        for (String word : merchant.split(" ")) {
            if (!word.isEmpty() && Character.isLetter(word.charAt(0)) && out.length() < 2) {
                out.append(Character.toUpperCase(word.charAt(0)));
            }
        }
        return out.toString();
    }

    private static String two(int n) {
        return n < 10 ? "0" + n : String.valueOf(n);
    }

    private static String trim(double rate) {
        return rate == Math.rint(rate) ? String.valueOf((int) rate) : String.valueOf(rate);
    }

    private boolean chance(double p) {
        return random.nextDouble() < p;
    }

    private <T> T pick(List<T> options) {
        return options.get(random.nextInt(options.size()));
    }
}
