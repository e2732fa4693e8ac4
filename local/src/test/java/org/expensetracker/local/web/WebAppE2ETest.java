package org.expensetracker.local.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import org.expensetracker.local.LocalStack;
import org.expensetracker.local.api.Receipts;
import org.expensetracker.local.api.TestStack;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;

/**
 * The web app end to end in a real headless Chromium against the local stack, through the ids
 * and classes of docs/web-dom-contract.md only: sign up and log in, add an income and an expense with
 * a PDF receipt uploaded straight to S3, wait for the receipt to be indexed, find the expense by a
 * word that is only inside the PDF, check the totals, edit, delete and undo, the trash, a CSV
 * export, log out. Screens are saved at phone and desktop width into target/screenshots.
 */
class WebAppE2ETest {
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final String PASSWORD = "Correct-horse-9";
    private static final String CSV_HEADER = "Date,Type,Debit,Credit,Currency,Category,Description,Receipts,Entry ID";
    private static final String RECEIPT_FILE = "taxi-receipt.pdf";
    private static final String REFUSED_FILE = "notes.txt";
    private static final List<String> VIEWS = List.of("entries", "edit", "trash", "exports");

    private static LocalStack stack;
    private static Browser browser;

    @TempDir
    Path files;

    @BeforeAll
    static void startBrowserAndStack() throws IOException {
        Browser.assumeInstalled();
        stack = TestStack.get();
        browser = new Browser();
    }

    @AfterAll
    static void closeBrowser() {
        if (browser != null) {
            System.out.println("Screenshots in " + browser.screenshotsDirectory() + ":");
            browser.savedScreenshots().forEach(s -> System.out.println("  " + s));
            browser.close();
        }
    }

    /**
     * Outside a secure context (the local stack opened from a phone by the laptop's address) there is
     * no crypto.subtle; the app's own SHA-256 must then give exactly the digest S3 checks.
     */
    @Test
    void givenNoSubtleCrypto_whenAReceiptIsHashed_thenTheAppsSha256AgreesWithTheBrowsers() {
        browser.driver.get(stack.webUrl().toString());
        Object mismatches = browser.js("""
                return (async () => {
                  const { sha256HexOf } = await import('/js/sha256.js');
                  const bad = [];
                  for (const n of [0, 1, 55, 56, 63, 64, 65, 1000, 300000]) {
                    const bytes = new Uint8Array(n).map((_, i) => (i * 31 + 7) & 255);
                    const digest = await crypto.subtle.digest('SHA-256', bytes);
                    const expected = Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, '0')).join('');
                    if (sha256HexOf(bytes) !== expected) bad.push(n);
                  }
                  return bad;
                })();""");
        assertThat((List<?>) mismatches).isEmpty();
    }

    /**
     * Access tokens live five minutes: the app must renew them before they expire, without the user
     * noticing. A session whose token is within the refresh margin of its expiry (as after four
     * minutes of use) is renewed as soon as the app holds it, and the list keeps working.
     */
    @Test
    void givenATokenAboutToExpire_whenTheAppHoldsIt_thenItIsRenewedSilentlyAndTheListStillLoads() {
        Browser b = browser;
        b.driver.get(stack.webUrl().toString());
        b.js("sessionStorage.clear(); return null;");
        b.driver.navigate().refresh();
        try {
            signUpAndLogIn("refresh-" + UUID.randomUUID() + "@example.com");
            String first = (String) b.js("return JSON.parse(sessionStorage.getItem('expenses.session')).accessToken;");
            b.js("""
                    const s = JSON.parse(sessionStorage.getItem('expenses.session'));
                    s.expiresAt = Date.now() + 20000;
                    sessionStorage.setItem('expenses.session', JSON.stringify(s));
                    return null;""");

            b.driver.navigate().refresh();

            b.await("a renewed access token", d -> {
                Object now = b.js("return JSON.parse(sessionStorage.getItem('expenses.session') ?? '{}').accessToken;");
                return now != null && !first.equals(now);
            });
            Number expiresIn = (Number) b.js(
                    "return JSON.parse(sessionStorage.getItem('expenses.session')).expiresAt - Date.now();");
            assertThat(expiresIn.longValue()).as("the renewed token's lifetime, in ms")
                    .isBetween(240_000L, 300_000L);
            assertThat(b.shown(By.id("app"))).isTrue();
            assertThat(b.shown(By.id("auth"))).isFalse();
            assertNoBanner();
        } finally {
            b.js("sessionStorage.clear(); return null;");
            b.driver.navigate().refresh();
        }
    }

    @Test
    void givenANewUser_whenTheyRecordSearchEditDeleteRestoreAndExport_thenEveryScreenShowsIt() throws Exception {
        long started = System.nanoTime();
        Browser b = browser;
        String email = "e2e-" + UUID.randomUUID() + "@example.com";
        // A word only inside the PDF: not in the description, the category or the file name.
        String word = "quokka" + ThreadLocalRandom.current().nextInt(100_000, 1_000_000);
        byte[] pdf = Receipts.pdf("Blue Cab Co. fare 1250.50", "Ride reference " + word);
        Path receipt = Files.write(files.resolve(RECEIPT_FILE), pdf);
        // Chosen with the PDF: a file the API refuses (415). The app returns to the list as soon as
        // every upload is done, so only a failed companion keeps the form (with the PDF done) on
        // screen long enough to check it and take its picture; it also shows the failure UX.
        Path refused = Files.writeString(files.resolve(REFUSED_FILE), "not a receipt\n");
        String today = LocalDate.now().toString();

        try {
            // ---- sign-in screen -----------------------------------------------------------------
            b.driver.get(stack.webUrl().toString());
            b.visible(By.id("auth"));
            assertThat(b.shown(By.id("app"))).as("#app while signed out").isFalse();
            assertThat(b.find(By.id("auth-password")).getDomAttribute("type")).isEqualTo("password");
            assertThat(b.find(By.id("auth-message")).getDomAttribute("role")).isEqualTo("status");
            b.screenshot("01-sign-in");

            signUpAndLogIn(email);

            // ---- two entries: an income without receipt, an expense with a PDF receipt ---------
            String salaryId = addEntry("CREDIT", "Income", "5000.00", "Salary", "Monthly salary", List.of(), today);
            String taxiId = addEntry("DEBIT", "Expense", "1250.50", "Travel", "Taxi to the airport",
                    List.of(receipt, refused), today);

            By taxi = entry(taxiId);
            WebElement document = awaitReceiptAvailable(taxiId);
            assertThat(text(taxi, ".entry-description")).isEqualTo("Taxi to the airport");
            assertThat(text(taxi, ".entry-category")).isEqualTo("Travel");
            assertThat(digits(text(taxi, ".entry-amount"))).contains("1250.50");
            assertThat(text(taxi, ".entry-date")).isNotBlank();
            assertThat(text(entry(salaryId), ".entry-description")).isEqualTo("Monthly salary");
            // The receipt link is the presigned download URL of exactly the uploaded bytes.
            WebElement link = "a".equalsIgnoreCase(document.getTagName()) ? document
                    : document.findElement(By.cssSelector("a[href]"));
            HttpResponse<byte[]> downloaded = get(link.getDomProperty("href"));
            assertThat(downloaded.statusCode()).as("receipt download").isEqualTo(200);
            assertThat(downloaded.body()).as("downloaded receipt").isEqualTo(pdf);

            // ---- totals ---------------------------------------------------------------------------
            awaitText(By.id("total-debit"), "1250.50");
            awaitText(By.id("total-credit"), "5000.00");
            awaitText(By.id("total-net"), "3749.50");
            assertThat(b.present(By.cssSelector("svg#chart"))).as("svg#chart").isTrue();
            assertThat(optionValues(By.id("chart-group"))).contains("month", "category");
            assertThat(b.shown(By.id("more"))).as("#more with everything on one page").isFalse();
            assertNoBanner();
            b.screenshot("02-entries", inEntry(taxiId, ".entry-receipts"));

            // ---- search by a word that exists only inside the PDF ----------------------------------
            b.type(By.id("filter-q"), word);
            b.click(By.id("filter-apply"));
            b.await("exactly the taxi entry for q=" + word, d -> listedIds().equals(List.of(taxiId)));
            assertThat(text(taxi, ".entry-description")).isEqualTo("Taxi to the airport");
            b.screenshot("03-search", taxi);
            clearSearch();
            b.await("both entries without a filter", d -> listedIds().size() == 2);

            // ---- edit: the form opens prefilled, the change shows in the list ----------------------
            b.click(inEntry(taxiId, "button.entry-edit"));
            showsView("edit");
            b.await("the edit form prefilled", d -> "Taxi to the airport".equals(b.value(By.id("entry-description"))));
            assertThat(b.value(By.id("entry-amount"))).isEqualTo("1250.50");
            assertThat(b.value(By.id("entry-category"))).isEqualTo("Travel");
            assertThat(b.value(By.id("entry-type"))).isEqualTo("DEBIT");
            assertThat(b.value(By.id("entry-date"))).isEqualTo(today);
            b.type(By.id("entry-description"), "Taxi to the airport and back");
            b.screenshot("05-edit-form", By.id("entry-description"));
            b.click(By.id("entry-save"));
            showsView("entries");
            b.await("the edited description in the list",
                    d -> "Taxi to the airport and back".equals(text(taxi, ".entry-description")));
            assertThat(b.all(inEntry(taxiId, ".entry-receipts [data-document-id]"))).as("receipts after the edit").hasSize(1);
            assertNoBanner();

            // ---- delete and undo -------------------------------------------------------------------
            b.click(inEntry(taxiId, "button.entry-delete"));
            b.await("the deleted entry leaves the list", d -> !b.present(taxi));
            b.visible(By.id("toast"));
            assertThat(b.find(By.id("toast")).getDomAttribute("role")).isEqualTo("status");
            b.click(By.id("undo"));
            b.await("the entry back after undo", d -> b.present(taxi)
                    && "Taxi to the airport and back".equals(text(taxi, ".entry-description")));
            assertThat(listedIds()).containsExactlyInAnyOrder(taxiId, salaryId);

            // ---- trash: a deleted entry is listed there and can be restored -----------------------
            b.click(inEntry(salaryId, "button.entry-delete"));
            b.await("the deleted salary leaves the list", d -> !b.present(entry(salaryId)));
            b.click(By.id("nav-trash"));
            showsView("trash");
            By trashed = By.cssSelector("#trash-list li.trash-entry[data-id='" + salaryId + "']");
            b.await("the salary in the trash", d -> b.present(trashed));
            assertThat(b.present(By.cssSelector("#trash-list li.trash-entry[data-id='" + taxiId + "']")))
                    .as("the restored taxi entry in the trash").isFalse();
            b.screenshot("06-trash");
            b.click(By.cssSelector("#trash-list li.trash-entry[data-id='" + salaryId + "'] button.trash-restore"));
            b.await("the restored salary leaves the trash", d -> !b.present(trashed));
            b.click(By.id("nav-entries"));
            showsView("entries");
            b.await("both entries listed again", d -> listedIds().size() == 2 && listedIds().contains(salaryId));

            // ---- CSV export ------------------------------------------------------------------------
            b.click(By.id("nav-exports"));
            showsView("exports");
            new Select(b.visible(By.id("export-format"))).selectByValue("csv");
            new Select(b.find(By.id("export-layout"))).selectByValue("debitCredit");
            b.click(By.id("export-start"));
            List<String> statuses = new ArrayList<>();
            WebElement download = b.await(() -> "a#export-download (statuses seen: " + statuses + ")",
                    Duration.ofSeconds(30), d -> {
                        String status = b.textOrNull(By.id("export-status"));
                        if (status != null && !status.isEmpty() && !statuses.contains(status)) {
                            statuses.add(status);
                        }
                        WebElement link2 = d.findElement(By.id("export-download"));
                        String href = link2.getDomAttribute("href");
                        return link2.isDisplayed() && href != null && !href.isBlank() ? link2 : null;
                    });
            assertThat(b.find(By.id("export-status")).getDomAttribute("role")).isEqualTo("status");
            assertThat(statuses).as("#export-status texts").isNotEmpty();
            b.await("the export in #export-list", d -> !b.all(By.cssSelector("#export-list li")).isEmpty());
            assertNoBanner();
            b.screenshot("07-exports", By.id("export-download"));

            HttpResponse<byte[]> csvResponse = get(download.getDomProperty("href"));
            assertThat(csvResponse.statusCode()).as("CSV download").isEqualTo(200);
            byte[] csv = csvResponse.body();
            assertThat(Arrays.copyOf(csv, 3)).as("UTF-8 BOM").containsExactly(0xEF, 0xBB, 0xBF);
            String text = new String(csv, 3, csv.length - 3, StandardCharsets.UTF_8);
            assertThat(text).startsWith(CSV_HEADER + "\r\n")
                    .contains("Taxi to the airport and back").contains("1250.50").contains(taxiId)
                    .contains("Monthly salary").contains("5000.00").contains(salaryId);
            String taxiRow = text.lines().filter(l -> l.contains(taxiId)).findFirst().orElseThrow();
            assertThat(taxiRow).startsWith(today + ",DEBIT,1250.50,,").contains(",Travel,Taxi to the airport and back,");

            // ---- log out -----------------------------------------------------------------------------
            b.click(By.id("log-out"));
            b.await("the sign-in screen after log-out", d -> b.shown(By.id("auth")) && !b.shown(By.id("app")));

            List<String> errors = b.scriptErrors();
            if (!errors.isEmpty()) {
                System.out.println("Script errors reported by the page: " + errors);
            }
        } catch (AssertionError | RuntimeException e) {
            try {
                b.screenshot("99-failure");
            } catch (RuntimeException screenshotFailed) {
                e.addSuppressed(screenshotFailed);
            }
            throw e;
        } finally {
            System.out.printf(Locale.ROOT, "WebAppE2ETest scenario took %.1f s%n", (System.nanoTime() - started) / 1e9);
        }
    }

    /**
     * Signs up the AWS way: the app shows #confirm-form after sign-up; a new code is asked for with
     * #confirm-resend, the newest code is read from the local mailbox and entered, and the app signs in.
     */
    private void signUpAndLogIn(String email) {
        Browser b = browser;
        b.type(By.id("auth-email"), email);
        b.type(By.id("auth-password"), PASSWORD);
        b.click(By.id("sign-up"));
        b.await("the confirmation form after sign-up", d -> b.shown(By.id("confirm-form"))
                && b.find(By.id("confirm-submit")).isEnabled());
        assertThat(b.shown(By.id("app"))).as("signed in before confirming").isFalse();
        assertThat(b.textOrNull(By.id("auth-message"))).contains("Check your email");
        String first = mailedCodes(email).get(0);

        b.click(By.id("confirm-resend"));
        b.await("a new code sent", d -> mailedCodes(email).size() == 2
                && b.textOrNull(By.id("auth-message")).contains("A new code is on its way")
                && b.find(By.id("confirm-submit")).isEnabled());
        List<String> codes = mailedCodes(email);
        String newest = codes.get(codes.size() - 1);
        assertThat(newest).matches("[0-9]{6}");

        // The resent code replaced the first one: the first is refused now (unless both came out the same).
        String stale = !first.equals(newest) ? first : newest.equals("000000") ? "000001" : "000000";
        b.type(By.id("confirm-code"), stale);
        b.click(By.id("confirm-submit"));
        b.await("the stale code refused", d -> b.find(By.id("confirm-submit")).isEnabled()
                && b.textOrNull(By.id("auth-message")).contains("That code is not right"));
        assertThat(b.shown(By.id("app"))).isFalse();
        b.type(By.id("confirm-code"), newest);
        b.click(By.id("confirm-submit"));
        b.await("signed in", d -> b.shown(By.id("app")) && !b.shown(By.id("auth")));
        b.visible(By.id("log-out"));
        assertNoBanner();
    }

    /** The codes the local pool mailed to {@code email}, oldest first ({@code GET {cognito}/_local/mailbox}). */
    private static List<String> mailedCodes(String email) {
        try {
            URI mailbox = URI.create(stack.cognitoUrl() + "/_local/mailbox?to="
                    + java.net.URLEncoder.encode(email, StandardCharsets.UTF_8));
            HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(mailbox).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            List<String> codes = new ArrayList<>();
            new com.fasterxml.jackson.databind.ObjectMapper().readTree(response.body()).path("messages")
                    .forEach(m -> codes.add(m.path("code").asText()));
            return codes;
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Adds an entry through the form and returns its id once the list shows it. */
    private String addEntry(String type, String typeLabel, String amount, String category, String description,
            List<Path> attachments, String today) {
        Browser b = browser;
        b.click(By.id("nav-add"));
        showsView("edit");
        b.visible(By.id("entry-form"));
        assertThat(b.value(By.id("entry-date"))).as("#entry-date defaults to today").isEqualTo(today);
        Select types = new Select(b.find(By.id("entry-type")));
        types.selectByValue(type);
        assertThat(types.getFirstSelectedOption().getText().trim()).isEqualTo(typeLabel);
        b.type(By.id("entry-amount"), amount);
        b.type(By.id("entry-category"), category);
        b.type(By.id("entry-description"), description);

        if (attachments.isEmpty()) {
            b.click(By.id("entry-save"));
        } else {
            WebElement input = b.find(By.id("entry-files"));
            assertThat(input.getDomAttribute("type")).isEqualTo("file");
            assertThat(input.getDomProperty("multiple")).isEqualTo("true");
            recordUploadStatuses();
            input.sendKeys(String.join("\n", attachments.stream().map(f -> f.toAbsolutePath().toString()).toList()));
            for (Path attachment : attachments) {
                b.await("an upload item for " + attachment.getFileName(), d -> b.present(upload(attachment.getFileName().toString())));
            }
            b.click(By.id("entry-save"));
            awaitUploads();
            b.click(By.id("nav-entries"));
        }
        showsView("entries");
        String id = b.await("the new entry \"" + description + "\" in the list", d -> {
            for (WebElement li : b.all(By.cssSelector("#entries li.entry"))) {
                if (description.equals(li.findElement(By.cssSelector(".entry-description")).getText().trim())) {
                    return li.getDomAttribute("data-id");
                }
            }
            return null;
        });
        assertNoBanner();
        return id;
    }

    /** Keeps every data-status an upload item takes (a short-lived "done" is not missed by polling). */
    private void recordUploadStatuses() {
        browser.js("""
                window.__uploadStatuses = [];
                const note = el => { if (el.classList && el.classList.contains('upload')) {
                    window.__uploadStatuses.push(el.getAttribute('data-file') + '=' + el.getAttribute('data-status')); } };
                new MutationObserver(records => records.forEach(r => {
                    if (r.type === 'attributes') { note(r.target); }
                    r.addedNodes.forEach(n => { note(n); if (n.querySelectorAll) { n.querySelectorAll('.upload').forEach(note); } });
                })).observe(document.body, {subtree: true, childList: true, attributes: true, attributeFilter: ['data-status']});
                """);
    }

    @SuppressWarnings("unchecked")
    private List<String> uploadStatuses() {
        Object statuses = browser.js("return window.__uploadStatuses || [];");
        return statuses instanceof List<?> list ? (List<String>) list : List.of();
    }

    /**
     * The PDF uploads (data-status done, progress full) and the refused file fails with a retry
     * button; the entry is saved, so the form stays up with both outcomes visible.
     */
    private void awaitUploads() {
        Browser b = browser;
        By pdf = upload(RECEIPT_FILE);
        By refused = upload(REFUSED_FILE);
        b.await(() -> "the uploads to finish (statuses seen: " + uploadStatuses() + ")", Duration.ofSeconds(30),
                d -> "done".equals(b.find(pdf).getDomAttribute("data-status"))
                        && "failed".equals(b.find(refused).getDomAttribute("data-status")));
        assertThat(uploadStatuses()).as("statuses the PDF upload went through")
                .contains(RECEIPT_FILE + "=uploading", RECEIPT_FILE + "=done").doesNotContain(RECEIPT_FILE + "=failed");
        assertThat(b.shown(By.id("view-edit"))).as("the form stays while an upload failed").isTrue();
        WebElement progress = b.find(pdf).findElement(By.tagName("progress"));
        assertThat(progress.getDomProperty("value")).as("progress of the done upload").isEqualTo(progress.getDomProperty("max"));
        assertThat(b.find(refused).findElements(By.cssSelector("button.upload-retry"))).as("retry of the failed upload").hasSize(1);
        assertThat(b.find(refused).getText()).as("the failed upload says why").isNotBlank();
        b.screenshot("04-add-form-uploads", By.id("uploads"));
    }

    private static By upload(String fileName) {
        return By.cssSelector("#uploads .upload[data-file='" + fileName + "']");
    }

    /**
     * Waits until the entry shows its receipt as AVAILABLE. Indexing is asynchronous: the app is
     * expected to follow a PENDING receipt by itself; should that stall, the list is refreshed
     * with #filter-apply (as a person would) every 10 s, and the report says so.
     */
    private WebElement awaitReceiptAvailable(String entryId) {
        Browser b = browser;
        By receipt = inEntry(entryId, ".entry-receipts [data-document-id]");
        long[] lastRefresh = {System.nanoTime()};
        int[] refreshes = {0};
        WebElement available = b.await(() -> "the receipt of " + entryId + " AVAILABLE (status: "
                + statusOf(receipt) + ", refreshes: " + refreshes[0] + ")", Duration.ofSeconds(30), d -> {
                    List<WebElement> found = b.all(receipt);
                    String status = found.isEmpty() ? null : found.get(0).getDomAttribute("data-status");
                    if ("AVAILABLE".equals(status)) {
                        return found.get(0);
                    }
                    assertThat(status).as("receipt status").isNotEqualTo("REJECTED");
                    if (System.nanoTime() - lastRefresh[0] > Duration.ofSeconds(10).toNanos()) {
                        b.click(By.id("filter-apply"));
                        lastRefresh[0] = System.nanoTime();
                        refreshes[0]++;
                    }
                    return null;
                });
        if (refreshes[0] > 0) {
            System.out.println("The receipt showed AVAILABLE after " + refreshes[0] + " list refresh(es).");
        }
        assertThat(b.all(receipt)).as("receipts of the entry").hasSize(1);
        return available;
    }

    private String statusOf(By by) {
        String status = null;
        try {
            List<WebElement> found = browser.all(by);
            status = found.isEmpty() ? "no receipt element" : found.get(0).getDomAttribute("data-status");
        } catch (RuntimeException e) {
            status = e.getClass().getSimpleName();
        }
        return status;
    }

    private void clearSearch() {
        browser.type(By.id("filter-q"), "");
        browser.click(By.id("filter-apply"));
    }

    /** The one visible view is section#view-{name}; the others carry the hidden attribute. */
    private void showsView(String name) {
        browser.await("section#view-" + name + " shown, the other views hidden", d -> {
            for (String view : VIEWS) {
                WebElement section = d.findElement(By.id("view-" + view));
                boolean hidden = "true".equals(section.getDomProperty("hidden"));
                if (view.equals(name) == hidden) {
                    return false;
                }
            }
            return d.findElement(By.id("view-" + name)).isDisplayed();
        });
    }

    private void awaitText(By by, String expected) {
        browser.await(() -> by + " to read \"" + expected + "\" (reads \"" + browser.textOrNull(by) + "\")",
                Browser.DEFAULT_WAIT, d -> expected.equals(browser.textOrNull(by)));
    }

    private void assertNoBanner() {
        By banner = By.id("banner");
        if (browser.shown(banner)) {
            assertThat(browser.textOrNull(banner)).as("#banner (role=alert) text").isEmpty();
        }
    }

    private List<String> listedIds() {
        List<String> ids = new ArrayList<>();
        for (WebElement li : browser.all(By.cssSelector("#entries li.entry"))) {
            ids.add(li.getDomAttribute("data-id"));
        }
        return ids;
    }

    private List<String> optionValues(By select) {
        return new Select(browser.find(select)).getOptions().stream().map(o -> o.getDomAttribute("value")).toList();
    }

    private static By entry(String id) {
        return By.cssSelector("#entries li.entry[data-id='" + id + "']");
    }

    private static By inEntry(String id, String css) {
        return By.cssSelector("#entries li.entry[data-id='" + id + "'] " + css);
    }

    private String text(By parent, String css) {
        return browser.find(parent).findElement(By.cssSelector(css)).getText().trim();
    }

    /** The amount without currency symbols or grouping: "₹1,250.50" → "1250.50". */
    private static String digits(String amount) {
        return amount.replaceAll("[^0-9.]", "");
    }

    private static HttpResponse<byte[]> get(String url) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30)).build(),
                HttpResponse.BodyHandlers.ofByteArray());
    }
}
