package org.expensetracker.local.web;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.openqa.selenium.By;
import org.openqa.selenium.ElementNotInteractableException;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.NoSuchElementException;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.UnexpectedAlertBehaviour;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Debian's headless chromium driven through its own chromedriver (paths given explicitly, so
 * Selenium Manager never downloads anything), with explicit waits, phone/desktop viewports
 * through CDP and screenshots into target/screenshots.
 */
final class Browser implements AutoCloseable {
    static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    static final Duration DEFAULT_WAIT = Duration.ofSeconds(20);

    /** A viewport as CDP's Emulation.setDeviceMetricsOverride takes it. */
    record Viewport(String name, int width, int height, double scale, boolean mobile) {
        Map<String, Object> metrics() {
            return Map.of("width", width, "height", height, "deviceScaleFactor", scale, "mobile", mobile);
        }
    }

    static final Viewport PHONE = new Viewport("phone", 390, 844, 2, true);
    static final Viewport DESKTOP = new Viewport("desktop", 1280, 800, 1, false);

    /** Collects uncaught errors and console.error output of the page, for failure reports. */
    private static final String ERROR_COLLECTOR = """
            window.__e2eErrors = [];
            // (A ResizeObserver loop notice is the browser's, harmless, and follows every viewport switch.)
            window.addEventListener('error', e => { if (!String(e.message).startsWith('ResizeObserver loop')) {
              window.__e2eErrors.push('error: ' + e.message); } });
            window.addEventListener('unhandledrejection', e => window.__e2eErrors.push('unhandled rejection: '
                + (e.reason && e.reason.message ? e.reason.message : String(e.reason))));
            (() => { const original = console.error.bind(console);
              console.error = (...args) => { window.__e2eErrors.push('console.error: ' + args.map(String).join(' '));
                original(...args); }; })();
            """;

    /**
     * Selenium looks for a CDP binding of this chromium's version (selenium-devtools-v*, not a
     * dependency: CDP commands go through chromedriver) and warns when there is none.
     */
    private static final Logger CDP_VERSION_LOG = Logger.getLogger("org.openqa.selenium.devtools.CdpVersionFinder");

    static {
        CDP_VERSION_LOG.setLevel(Level.SEVERE);
    }

    final ChromeDriver driver;
    private final ChromeDriverService service;
    private final Path profile;
    private final Path screenshots;
    private final List<String> saved = new ArrayList<>();
    private Viewport viewport;

    /** Skips the test when chromium or chromedriver is missing, except on CI (CI=true), where that is a failure. */
    static void assumeInstalled() {
        boolean installed = Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER);
        String why = CHROMIUM + " and " + CHROMEDRIVER + " are needed (apt-get install chromium chromium-driver)";
        if (!installed && "true".equalsIgnoreCase(System.getenv("CI"))) {
            fail("On CI the browser test must run: " + why);
        }
        assumeTrue(installed, why);
    }

    Browser() throws IOException {
        profile = Files.createTempDirectory("e2e-chromium-profile");
        screenshots = screenshotDirectory();
        Files.createDirectories(screenshots);
        try (Stream<Path> old = Files.list(screenshots)) {
            // Pictures of an earlier run would pass for this one's.
            old.filter(p -> p.getFileName().toString().endsWith(".png")).forEach(p -> p.toFile().delete());
        }

        service = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile())
                .usingAnyFreePort()
                .withSilent(true)
                .build();
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--no-first-run", "--no-default-browser-check", "--window-size=1280,800",
                "--user-data-dir=" + profile.toAbsolutePath());
        // Files are fetched with java.net.http from the links the page shows: no browser downloads.
        // A confirm() before deleting is accepted, as a person would.
        options.setUnhandledPromptBehaviour(UnexpectedAlertBehaviour.ACCEPT);
        driver = new ChromeDriver(service, options);
        driver.executeCdpCommand("Page.addScriptToEvaluateOnNewDocument", Map.of("source", ERROR_COLLECTOR));
        use(DESKTOP);
    }

    /** local/target/screenshots, found from the compiled test classes (local/target/test-classes). */
    private static Path screenshotDirectory() {
        try {
            Path classes = Path.of(Browser.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            if (classes.getParent() != null && classes.getParent().getFileName().toString().equals("target")) {
                return classes.getParent().resolve("screenshots");
            }
        } catch (URISyntaxException | RuntimeException e) {
            // fall through to the working directory (the module directory under Maven)
        }
        return Path.of("target", "screenshots").toAbsolutePath();
    }

    void use(Viewport next) {
        driver.executeCdpCommand("Emulation.setDeviceMetricsOverride", next.metrics());
        viewport = next;
    }

    /**
     * Saves what a person sees at phone and at desktop width (NN-name-phone.png, NN-name-desktop.png):
     * the viewport, scrolled to the top or, given an element, with that element in the middle.
     * (Full-page captures would draw the app's fixed header and tab bar in the middle of the page.)
     */
    void screenshot(String name, By focus) {
        Viewport working = viewport;
        for (Viewport target : List.of(PHONE, DESKTOP)) {
            use(target);
            if (focus == null) {
                js("window.scrollTo(0, 0);");
            } else {
                js("arguments[0].scrollIntoView({block: 'center', inline: 'nearest'});", find(focus));
            }
            Map<String, Object> shot = driver.executeCdpCommand("Page.captureScreenshot", Map.of("format", "png"));
            save(name + "-" + target.name(), Base64.getDecoder().decode((String) shot.get("data")));
        }
        use(working);
    }

    void screenshot(String name) {
        screenshot(name, null);
    }

    private void save(String name, byte[] png) {
        try {
            Path file = screenshots.resolve(name + ".png");
            Files.write(file, png);
            saved.add(file.toString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    // ---- accessibility ------------------------------------------------------------------------

    /** axe-core, installed with the web app's dev dependencies (npm ci in web/), read once. */
    private static String axeSource;

    private static synchronized String axeSource() {
        if (axeSource == null) {
            Path web = org.expensetracker.local.api.TestStack.repositoryWebDirectory();
            Path axe = web == null ? null : web.resolve("node_modules/axe-core/axe.min.js");
            if (axe == null || !Files.isRegularFile(axe)) {
                fail("axe-core is missing: run npm ci in web/ (the Maven build does unless -Dskip.npm)");
            }
            try {
                axeSource = Files.readString(axe);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return axeSource;
    }

    /**
     * axe-core's serious and critical findings on the page as shown (hidden views are not looked at),
     * each as "rule: help (where)". axe is put into the page the first time after each load.
     */
    List<String> seriousAccessibilityFindings() {
        if (!Boolean.TRUE.equals(js("return typeof window.axe === 'object';"))) {
            js(axeSource() + "\n;return null;");
        }
        Object found = js("""
                return window.axe.run(document, {resultTypes: ['violations']}).then((results) => results.violations
                  .filter((v) => v.impact === 'serious' || v.impact === 'critical')
                  .map((v) => v.id + ': ' + v.help + ' (' + v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join('; ')
                    + (v.nodes.length > 3 ? '; …' : '') + ')'));""");
        List<String> out = new ArrayList<>();
        if (found instanceof List<?> list) {
            list.forEach(f -> out.add(String.valueOf(f)));
        }
        return out;
    }

    List<String> savedScreenshots() {
        return List.copyOf(saved);
    }

    Path screenshotsDirectory() {
        return screenshots;
    }

    // ---- waiting and reading the page -------------------------------------------------------

    <T> T await(String what, Function<WebDriver, T> condition) {
        return await(what, DEFAULT_WAIT, condition);
    }

    <T> T await(String what, Duration timeout, Function<WebDriver, T> condition) {
        return wait(timeout).withMessage(() -> what + pageState()).until(condition);
    }

    /** As {@link #await(String, Function)}, with a message computed when the wait gives up. */
    <T> T await(Supplier<String> what, Duration timeout, Function<WebDriver, T> condition) {
        return wait(timeout).withMessage(() -> what.get() + pageState()).until(condition);
    }

    private WebDriverWait wait(Duration timeout) {
        WebDriverWait wait = new WebDriverWait(driver, timeout, Duration.ofMillis(50));
        wait.ignoring(StaleElementReferenceException.class);
        wait.ignoring(NoSuchElementException.class);
        return wait;
    }

    /** What a failure message should tell: the banner, the auth message and the page's script errors. */
    String pageState() {
        try {
            return " [banner=" + quoted(textOrNull(By.id("banner"))) + ", auth-message="
                    + quoted(textOrNull(By.id("auth-message"))) + ", script errors=" + scriptErrors() + "]";
        } catch (RuntimeException e) {
            return " [page state unavailable: " + e.getMessage() + "]";
        }
    }

    private static String quoted(String text) {
        return text == null ? "none" : "\"" + text + "\"";
    }

    List<String> scriptErrors() {
        Object errors = js("return window.__e2eErrors || [];");
        List<String> out = new ArrayList<>();
        if (errors instanceof List<?> list) {
            list.forEach(e -> out.add(String.valueOf(e)));
        }
        return out;
    }

    Object js(String script, Object... args) {
        return ((JavascriptExecutor) driver).executeScript(script, args);
    }

    WebElement find(By by) {
        return driver.findElement(by);
    }

    List<WebElement> all(By by) {
        return driver.findElements(by);
    }

    boolean present(By by) {
        return !driver.findElements(by).isEmpty();
    }

    boolean shown(By by) {
        List<WebElement> found = driver.findElements(by);
        return !found.isEmpty() && found.get(0).isDisplayed();
    }

    WebElement visible(By by) {
        return await("visible: " + by, d -> {
            WebElement element = d.findElement(by);
            return element.isDisplayed() ? element : null;
        });
    }

    String textOrNull(By by) {
        List<WebElement> found = driver.findElements(by);
        return found.isEmpty() ? null : found.get(0).getText().trim();
    }

    String value(By by) {
        return find(by).getDomProperty("value");
    }

    void type(By by, String text) {
        WebElement input = visible(by);
        input.clear();
        if (!input.getDomProperty("value").isEmpty()) {
            // Some inputs keep their value through clear(); empty them as a person would.
            js("arguments[0].value = ''; arguments[0].dispatchEvent(new Event('input', {bubbles: true}));", input);
        }
        input.sendKeys(text);
    }

    /** Clicks once the element can take the click (scrolled into view, not covered by a toast). */
    void click(By by) {
        await("clickable: " + by, d -> {
            WebElement element = d.findElement(by);
            if (!element.isDisplayed() || !element.isEnabled()) {
                return false;
            }
            try {
                element.click();
                return true;
            } catch (ElementNotInteractableException e) {
                js("arguments[0].scrollIntoView({block: 'center'});", element);
                return false;
            }
        });
    }

    @Override
    public void close() {
        try {
            driver.quit();
        } finally {
            service.stop();
            deleteQuietly(profile);
        }
    }

    private static void deleteQuietly(Path dir) {
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException | RuntimeException e) {
            // a temp directory left behind is harmless
        }
    }
}
