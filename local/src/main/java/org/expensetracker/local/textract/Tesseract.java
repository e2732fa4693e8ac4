package org.expensetracker.local.textract;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;

/**
 * The Tesseract command line (Debian's tesseract-ocr with its English data), asked for TSV so every
 * word comes with its confidence, grouped here into lines. One process per page; a page that takes
 * longer than {@link #TIMEOUT_SECONDS} is given up.
 */
final class Tesseract {
    static final int TIMEOUT_SECONDS = 60;
    private final String executable;

    private Tesseract(String executable) {
        this.executable = executable;
    }

    /** The installed Tesseract with English data, or empty (with the reason printed by the caller). */
    static Optional<Tesseract> find() {
        String executable = System.getenv().getOrDefault("TESSERACT", "tesseract");
        try {
            Process process = new ProcessBuilder(executable, "--list-langs").redirectErrorStream(true).start();
            String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(20, TimeUnit.SECONDS) || process.exitValue() != 0 || !out.lines().anyMatch("eng"::equals)) {
                return Optional.empty();
            }
            return Optional.of(new Tesseract(executable));
        } catch (IOException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }

    /**
     * One OpenMP thread per Tesseract unless told otherwise: on a small page its threads cost more
     * than they give (0.5 s instead of 0.8-1.6 s for a receipt on 2 busy cores), and the stand-in
     * already reads as many receipts at once as there are cores.
     */
    private static ProcessBuilder oneThread(ProcessBuilder builder) {
        builder.environment().putIfAbsent("OMP_THREAD_LIMIT", "1");
        return builder;
    }

    /**
     * A recognized line: its words joined by single spaces, the mean word confidence, its box, and
     * the confidence of its least sure word with a digit in it (an amount's own), else the mean.
     */
    record OcrLine(String text, float confidence, int left, int top, int width, int height, float digits) {
        OcrLine(String text, float confidence, int left, int top, int width, int height) {
            this(text, confidence, left, top, width, height, confidence);
        }
    }

    /** Reads a prepared (grayscale or black-and-white) page; lines in reading order. */
    List<OcrLine> read(BufferedImage page) {
        return read(page, 4);
    }

    /**
     * Reads a page with the given page segmentation: 4, one column of text of varying sizes (a
     * receipt), or 11, sparse text, which also finds what psm 4 passes over (double-height lines).
     */
    List<OcrLine> read(BufferedImage page, int psm) {
        Path image = null;
        try {
            image = Files.createTempFile("receipt-", ".png");
            ImageIO.write(page, "png", image.toFile());
            // --dpi stops a guess
            Process process = oneThread(new ProcessBuilder(executable, image.toString(), "stdout", "-l", "eng", "--psm",
                    String.valueOf(psm), "--dpi", "300", "-c", "thresholding_method=2", "tsv"))
                    .redirectError(ProcessBuilder.Redirect.DISCARD).start();
            byte[] out = process.getInputStream().readAllBytes();
            if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException("tesseract took longer than " + TIMEOUT_SECONDS + " s");
            }
            if (process.exitValue() != 0) {
                throw new IllegalStateException("tesseract failed with exit code " + process.exitValue());
            }
            return lines(new String(out, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } finally {
            if (image != null) {
                try {
                    Files.deleteIfExists(image);
                } catch (IOException e) {
                    // a temp file left behind; the OS cleans its temp directory
                }
            }
        }
    }

    /**
     * Tesseract's orientation detection (psm 0, the osd data): the clockwise quarter turns that would
     * make the page upright, or 0 when it is upright or there is too little text to tell.
     */
    int quarterTurnsToUpright(BufferedImage page) {
        Path image = null;
        try {
            image = Files.createTempFile("receipt-osd-", ".png");
            ImageIO.write(page, "png", image.toFile());
            Process process = oneThread(new ProcessBuilder(executable, image.toString(), "stdout", "--psm", "0", "--dpi", "300"))
                    .redirectErrorStream(true).start();
            String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                return 0;
            }
            int rotate = 0;
            double confidence = 0;
            for (String line : out.split("\n")) {
                if (line.startsWith("Rotate:")) {
                    rotate = Integer.parseInt(line.substring(7).strip());
                } else if (line.startsWith("Orientation confidence:")) {
                    confidence = Double.parseDouble(line.substring(23).strip());
                }
            }
            return confidence < 1 ? 0 : rotate / 90;
        } catch (IOException | NumberFormatException e) {
            return 0;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 0;
        } finally {
            if (image != null) {
                try {
                    Files.deleteIfExists(image);
                } catch (IOException e) {
                    // left to the OS's temp clean-up
                }
            }
        }
    }

    /** TSV: level page block par line word left top width height conf text (level 5 rows are words). */
    static List<OcrLine> lines(String tsv) {
        Map<String, List<String[]>> byLine = new LinkedHashMap<>();
        for (String row : tsv.split("\n")) {
            String[] cells = row.split("\t", -1);
            if (cells.length < 12 || !"5".equals(cells[0]) || cells[11].isBlank()) {
                continue;
            }
            byLine.computeIfAbsent(cells[2] + "/" + cells[3] + "/" + cells[4], k -> new ArrayList<>()).add(cells);
        }
        List<OcrLine> lines = new ArrayList<>();
        for (List<String[]> words : byLine.values()) {
            StringBuilder text = new StringBuilder();
            float confidence = 0;
            int left = Integer.MAX_VALUE;
            int top = Integer.MAX_VALUE;
            int right = 0;
            int bottom = 0;
            float digits = Float.MAX_VALUE;
            for (String[] word : words) {
                if (word[11].chars().anyMatch(Character::isDigit)) {
                    digits = Math.min(digits, Math.max(0, Float.parseFloat(word[10])));
                }
                if (!text.isEmpty()) {
                    text.append(' ');
                }
                text.append(word[11].strip());
                confidence += Math.max(0, Float.parseFloat(word[10]));
                int x = Integer.parseInt(word[6]);
                int y = Integer.parseInt(word[7]);
                left = Math.min(left, x);
                top = Math.min(top, y);
                right = Math.max(right, x + Integer.parseInt(word[8]));
                bottom = Math.max(bottom, y + Integer.parseInt(word[9]));
            }
            float mean = confidence / words.size();
            lines.add(new OcrLine(text.toString(), mean, left, top, right - left, bottom - top,
                    digits == Float.MAX_VALUE ? mean : digits));
        }
        return lines;
    }
}
