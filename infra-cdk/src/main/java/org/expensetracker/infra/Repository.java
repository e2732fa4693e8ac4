package org.expensetracker.infra;

import java.nio.file.Files;
import java.nio.file.Path;
import org.expensetracker.core.config.Functions;

/**
 * Where the deployable artifacts are: the function zips the function modules build at package
 * ({@code functions/<module>/target/<module>.zip}) and the static site ({@code web/}). The CDK CLI
 * runs the app in {@code infra-cdk/}, Maven runs the tests there too; the root is found by walking
 * up from the working directory, so it also works from the repository root.
 */
public record Repository(Path root) {

    public Repository {
        root = root.toAbsolutePath().normalize();
        if (!isRoot(root)) {
            throw new IllegalArgumentException(root + " is not the repository root (no functions/ and infra-cdk/ there)");
        }
    }

    /** The repository that contains the working directory. */
    public static Repository locate() {
        return locate(Path.of(""));
    }

    static Repository locate(Path start) {
        for (Path dir = start.toAbsolutePath().normalize(); dir != null; dir = dir.getParent()) {
            if (isRoot(dir)) {
                return new Repository(dir);
            }
        }
        throw new IllegalStateException("no repository root (a directory with functions/ and infra-cdk/) at or above "
                + start.toAbsolutePath());
    }

    private static boolean isRoot(Path dir) {
        return Files.isDirectory(dir.resolve("functions")) && Files.isDirectory(dir.resolve("infra-cdk"))
                && Files.isRegularFile(dir.resolve("pom.xml"));
    }

    /** The function's deployment package; it must exist at synth, so a missing zip fails early and says why. */
    public Path functionZip(Functions function) {
        Path zip = root.resolve("functions").resolve(function.module()).resolve("target").resolve(function.module() + ".zip");
        if (!Files.isRegularFile(zip)) {
            throw new IllegalStateException(zip + " does not exist: package the functions first"
                    + " (mvn -B install -DskipTests in " + root + ")");
        }
        return zip;
    }

    /** A library the site serves from web/vendor/ (installed there by npm ci at build time, not kept in git). */
    static final String QR_LIBRARY = "vendor/qrcode.js";

    /**
     * The static site deployed to the site bucket; its vendored libraries must be installed, so a site
     * without them fails early and says why.
     */
    public Path webDirectory() {
        Path web = root.resolve("web");
        if (!Files.isDirectory(web)) {
            throw new IllegalStateException(web + " does not exist");
        }
        if (!Files.isRegularFile(web.resolve(QR_LIBRARY))) {
            throw new IllegalStateException(web.resolve(QR_LIBRARY) + " does not exist: install the site's libraries first"
                    + " (npm ci in " + web + ", which Maven runs when it builds infra-cdk or local)");
        }
        return web;
    }
}
