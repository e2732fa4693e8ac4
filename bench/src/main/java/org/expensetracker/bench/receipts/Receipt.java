package org.expensetracker.bench.receipts;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;

/**
 * One generated receipt: what a reader should find on it (merchant, date, total, currency) and what
 * is printed, line by line, with how the till prints it.
 */
record Receipt(int number, Region region, String merchant, LocalDate date, BigDecimal total, String currency,
               List<Line> lines, Print print) {

    enum Align { LEFT, RIGHT, CENTER }

    /** Text at a place on the line: {@code at} is the fraction of the printable width (0 left edge, 1 right edge). */
    record Cell(String text, double at, Align align) {
    }

    enum Kind { TEXT, RULE, BLANK, LOGO, BARCODE }

    /**
     * A printed line. {@code leader} fills the gap between the first and the last cell with dots;
     * {@code scale} is the font size against the body's, {@code tall} a double-height line.
     */
    record Line(Kind kind, List<Cell> cells, double scale, boolean bold, boolean tall, boolean leader, char rule) {
        static Line text(String text) {
            return new Line(Kind.TEXT, List.of(new Cell(text, 0, Align.LEFT)), 1, false, false, false, ' ');
        }

        static Line centered(String text) {
            return new Line(Kind.TEXT, List.of(new Cell(text, 0.5, Align.CENTER)), 1, false, false, false, ' ');
        }

        static Line pair(String left, String right) {
            return new Line(Kind.TEXT, List.of(new Cell(left, 0, Align.LEFT), new Cell(right, 1, Align.RIGHT)), 1, false,
                    false, false, ' ');
        }

        static Line columns(Cell... cells) {
            return new Line(Kind.TEXT, List.of(cells), 1, false, false, false, ' ');
        }

        static Line rule(char c) {
            return new Line(Kind.RULE, List.of(), 1, false, false, false, c);
        }

        static Line blank() {
            return new Line(Kind.BLANK, List.of(), 1, false, false, false, ' ');
        }

        static Line logo(String initials) {
            return new Line(Kind.LOGO, List.of(new Cell(initials, 0.5, Align.CENTER)), 2.6, true, false, false, ' ');
        }

        static Line barcode() {
            return new Line(Kind.BARCODE, List.of(), 2.2, false, false, false, ' ');
        }

        Line scaled(double value) {
            return new Line(kind, cells, value, bold, tall, leader, rule);
        }

        Line inBold() {
            return new Line(kind, cells, scale, true, tall, leader, rule);
        }

        Line doubleHeight() {
            return new Line(kind, cells, scale, bold, true, leader, rule);
        }

        Line withLeader() {
            return new Line(kind, cells, scale, bold, tall, true, rule);
        }

        String text() {
            return String.join("  ", cells.stream().map(Cell::text).toList());
        }
    }

    enum Font { MONO, MONO_BOLD, SANS_CONDENSED, SANS, SERIF }

    /** SMOOTH: an outline font, anti-aliased; THERMAL: a 203 dpi print head's square dots; DOTS: a dot-matrix printer's round ones. */
    enum Mode { SMOOTH, THERMAL, DOTS }

    /**
     * How the till prints: font, how many characters fit across, paper width, ink (0 black … 255
     * white), fading (0 none … 1 gone) and the print head's uneven streaks.
     */
    record Print(Font font, Mode mode, int columns, int paperMillimetres, int ink, double fade, double streaks,
                 double lineSpacing) {
        String label() {
            return font.name().toLowerCase(java.util.Locale.ROOT).replace('_', '-') + "/" + mode.name().toLowerCase(java.util.Locale.ROOT)
                    + "/" + columns + "col" + (fade > 0.25 ? "/faded" : "");
        }
    }

    String text() {
        return String.join("\n", lines.stream().map(Line::text).toList());
    }
}
