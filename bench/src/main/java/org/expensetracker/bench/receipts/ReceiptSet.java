package org.expensetracker.bench.receipts;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The benchmark's receipts, made from one seed: receipt {@code i} of every set has the same
 * content (written from {@code seed + i}), so a scan and a photo of the same bill can be compared.
 */
final class ReceiptSet {
    /** A receipt with its file. */
    record Sample(String set, Receipt receipt, Camera.Shot shot) {
        String size() {
            return shot.contentType().equals("image/png") || set.equals("clean") ? "scan " + Camera.megapixels(shot.width(),
                    shot.height()).replace(" MP", "") + " MP " + (shot.contentType().endsWith("png") ? "PNG" : "JPEG")
                    : "photo " + Camera.megapixels(shot.width(), shot.height());
        }
    }

    /** Photo sizes of the phone-like set: 12 MP (a phone camera's own), 8 MP, and 3 MP as messengers resend them. */
    private static final int[][] PHOTO_SIZES = {{4032, 3024}, {3264, 2448}, {2016, 1512}};

    private ReceiptSet() {
    }

    /** A generator for one part of one receipt; the seed is scrambled first, as neighbouring seeds start java.util.Random alike. */
    static java.util.Random random(long seed) {
        return new java.util.Random(new java.util.SplittableRandom(seed).nextLong());
    }

    static Receipt receipt(long seed, int number) {
        return ReceiptWriter.write(number, seed + number);
    }

    static BufferedImage paper(long seed, Receipt receipt) {
        return ReceiptPrinter.print(receipt, seed * 31 + receipt.number());
    }

    static Sample clean(long seed, int number) {
        Receipt receipt = receipt(seed, number);
        return new Sample("clean", receipt, Camera.scan(paper(seed, receipt), seed * 17 + number));
    }

    static Sample photo(long seed, int number) {
        Receipt receipt = receipt(seed, number);
        int[] size = PHOTO_SIZES[number % PHOTO_SIZES.length];
        return new Sample("photo", receipt, Camera.photograph(paper(seed, receipt), size[0], size[1], seed * 13 + number));
    }

    /** A photo of a given size (for latency): the content of receipt {@code number} of the seed. */
    static Sample photo(long seed, int number, int longSide, int shortSide, String set) {
        Receipt receipt = receipt(seed, number);
        return new Sample(set, receipt, Camera.photograph(paper(seed, receipt), longSide, shortSide, seed * 13 + number));
    }

    /** Writes the files and their truth to a folder, to look at (never into the repository). */
    static void save(List<Sample> samples, Path dir) throws IOException {
        Files.createDirectories(dir);
        List<String> truth = new ArrayList<>();
        for (Sample s : samples) {
            String name = "%s-%03d.%s".formatted(s.set(), s.receipt().number(), s.shot().contentType().endsWith("png") ? "png" : "jpg");
            Files.write(dir.resolve(name), s.shot().bytes());
            truth.add("%s\t%s\t%s\t%s\t%s\t%s\t%s".formatted(name, s.receipt().merchant(), s.receipt().date(),
                    s.receipt().total().toPlainString(), s.receipt().currency(), s.receipt().print().label(), s.shot().describe()));
            Files.writeString(dir.resolve(name + ".txt"), s.receipt().text());
        }
        Files.write(dir.resolve("truth.tsv"), truth);
    }
}
