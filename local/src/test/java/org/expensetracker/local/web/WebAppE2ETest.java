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
import java.util.Map;
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
import org.openqa.selenium.Keys;
import org.openqa.selenium.WindowType;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.support.ui.Select;

/**
 * The web app end to end in a real headless Chromium against the local stack, through the ids
 * and classes of docs/web-dom-contract.md only: sign up and log in, add an income and an expense with
 * a PDF receipt uploaded straight to S3, wait for the receipt to be indexed, find the expense by a
 * word that is only inside the PDF, check the totals, edit, delete and undo, the trash, a CSV
 * export, log out; entries in three currencies (each currency's totals, the currency filter, the chart's
 * currency, "Did you mean"); the settings (home currency, fiscal year, locale) with entries in another currency
 * that say what they cost at home and the totals in the home currency; an account's whole life (MFA, kept sessions across tabs, password reset and change, sign-out
 * everywhere, deletion); a bill scanned first (read into the form, saved with its receipt, the inbox, the
 * viewer, the check against the receipt, the same bill again); API Gateway's own error answers. Screens are saved
 * at phone and desktop width into target/screenshots.
 */
class WebAppE2ETest {
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final String PASSWORD = "Correct-horse-9";
    private static final String CSV_HEADER = "Date,Type,Debit,Credit,Currency,Category,Description,Receipts,Entry ID";
    private static final String RECEIPT_FILE = "taxi-receipt.pdf";
    private static final String REFUSED_FILE = "notes.txt";
    private static final List<String> VIEWS = List.of("entries", "edit", "inbox", "recurring", "trash", "exports", "account");
    /** A printed bill, as the local reader (Tesseract) reads it: BLUE CAB CO., 21 Nov 2026, INR 1250.00. */
    private static final String[] BILL = {
            "BLUE CAB CO.", "12 MG Road, Bengaluru", "Date: 21/11/2026", "Fare          1,190.48", "GST 5%           59.52",
            "TOTAL      Rs 1,250.00", "Thank you, ride again"};
    private static final List<String> READ_FIELDS = List.of("date", "amount", "currency", "description");
    private static final String SESSION_KEY = "expenses.session";
    /** The day of the euro reference rates the settings scenario loads: a Tuesday, far from any other test's dates. */
    private static final LocalDate RATE_DAY = LocalDate.of(2025, 6, 10);

    private static LocalStack stack;
    private static Browser browser;

    @TempDir
    Path files;

    /** The views axe-core has looked at in this run: each once, the first time a scenario shows it (it takes a while). */
    private static final java.util.Set<String> accessibilityChecked = java.util.concurrent.ConcurrentHashMap.newKeySet();

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
            // Tapped, the receipt opens in the viewer: the PDF itself, or its first page where it cannot be shown inline.
            b.click(inEntry(taxiId, ".entry-receipts [data-document-id] button.receipt-open"));
            WebElement viewer = b.visible(By.id("receipt-viewer"));
            b.await("the PDF in the viewer", d -> !viewer.findElements(By.cssSelector(
                    "#receipt-viewer-body iframe[src*='inline'], #receipt-viewer-body .viewer-fallback")).isEmpty());
            b.screenshot("14-receipt-viewer-pdf");
            b.click(By.id("receipt-viewer-close"));
            b.await("the viewer closed", d -> !viewer.isDisplayed());

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
            // the receipts follow the list by a request of their own
            b.await("the receipt listed after the edit", d -> b.all(inEntry(taxiId, ".entry-receipts [data-document-id]")).size() == 1);
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
     * Scan first, type later: a printed bill chosen in the Scan receipt input is uploaded to the inbox,
     * checked and read, and the form opens filled in from it (each such field marked), with the receipt's
     * preview beside it; saved with a category, the entry lists the receipt by its preview, the viewer shows
     * the receipt itself and closes with Esc, and the inbox is empty. Edited to another amount, the entry
     * is flagged against its receipt and "Use these" puts the receipt's values back. The same bill scanned
     * again and left unsaved waits in the inbox, flagged as the same file, opens the filled-in form from
     * there, and is deleted.
     */
    @Test
    void givenABillScannedFirst_whenItIsReadAndSaved_thenTheFormTheInboxTheViewerAndTheChecksFollowIt() throws Exception {
        long started = System.nanoTime();
        Browser b = browser;
        byte[] png = Receipts.receipt(false, BILL);
        Path bill = Files.write(files.resolve("blue-cab.png"), png);
        boolean reads = stack.readsReceipts();
        try {
            b.driver.get(stack.webUrl().toString());
            b.js("sessionStorage.clear(); localStorage.clear(); return null;");
            b.driver.navigate().refresh();
            signUpAndLogIn("scan-" + UUID.randomUUID() + "@example.com");

            // ---- scan: the bill goes to the inbox, is read, and fills the form in -----------------------
            assertThat(b.shown(By.id("nav-scan"))).as("#nav-scan").isTrue();
            WebElement scanInput = b.find(By.id("scan-file"));
            assertThat(scanInput.getDomAttribute("type")).isEqualTo("file");
            assertThat(scanInput.getDomAttribute("accept")).isEqualTo("image/*,application/pdf");
            assertThat(scanInput.getDomAttribute("capture")).isEqualTo("environment");
            scanInput.sendKeys(bill.toAbsolutePath().toString());
            showsView("edit");
            b.visible(By.id("scan-receipt"));
            if (reads) {
                awaitFilledInFromTheBill();
                assertThat(b.find(By.cssSelector("#scan-preview img")).getDomProperty("src"))
                        .as("the receipt's preview beside the form").contains(".preview.jpg");
            } else {
                System.out.println("The local stack does not read receipts (no Tesseract): the prefill is not checked.");
                b.await("the receipt checked", Duration.ofSeconds(40),
                        d -> b.textOrNull(By.id("scan-status")).contains("not read"));
                b.type(By.id("entry-date"), "2026-11-21");
                b.type(By.id("entry-amount"), "1250.00");
                b.type(By.id("entry-description"), "BLUE CAB CO.");
            }
            assertThat(b.value(By.id("entry-category"))).as("the category is left to the user").isEmpty();
            assertNoBanner();
            b.screenshot("10-scan-form", By.id("scan-receipt"));
            b.type(By.id("entry-category"), "Travel");
            b.click(By.id("entry-save"));
            showsView("entries");
            String entryId = b.await("the scanned entry in the list", d -> {
                for (WebElement li : b.all(By.cssSelector("#entries li.entry"))) {
                    if ("Travel".equals(li.findElement(By.cssSelector(".entry-category")).getText().trim())) {
                        return li.getDomAttribute("data-id");
                    }
                }
                return null;
            });
            assertThat(text(entry(entryId), ".entry-description")).containsIgnoringCase("blue cab");
            assertThat(digits(text(entry(entryId), ".entry-amount"))).isEqualTo("1250.00");
            assertThat(text(entry(entryId), ".entry-date")).isEqualTo("2026-11-21");

            // ---- the list shows the receipt by its preview; Download is the very file ----------------
            By receipt = inEntry(entryId, ".entry-receipts [data-document-id][data-status='AVAILABLE']");
            WebElement thumb = b.await("the receipt's preview in the list", Duration.ofSeconds(30),
                    d -> d.findElement(receipt).findElement(By.cssSelector("img.thumb")));
            assertThat(thumb.getDomProperty("src")).as("img.thumb src").contains(".preview.jpg");
            assertThat(thumb.getDomAttribute("loading")).isEqualTo("lazy");
            assertThat(thumb.getDomAttribute("width")).isNotBlank();
            assertThat(thumb.getDomAttribute("height")).isNotBlank();
            assertThat(thumb.getDomAttribute("alt")).isNotBlank();
            b.await("the preview loaded", d -> Boolean.TRUE.equals(b.js(
                    "return arguments[0].complete && arguments[0].naturalWidth > 0;", thumb)));
            assertThat(get(b.find(receipt).findElement(By.cssSelector("a[href]")).getDomProperty("href")).body())
                    .as("the receipt's download").isEqualTo(png);

            // ---- the viewer: the receipt itself, Esc closes it and gives the focus back -----------------
            By opener = inEntry(entryId, ".entry-receipts [data-document-id] button");
            b.click(opener);
            WebElement viewer = b.visible(By.cssSelector("dialog#receipt-viewer"));
            WebElement image = b.await("the receipt in the viewer", d -> {
                WebElement img = viewer.findElement(By.cssSelector("img"));
                return Boolean.TRUE.equals(b.js("return arguments[0].complete && arguments[0].naturalWidth > 0;", img))
                        ? img : null;
            });
            String viewUrl = image.getDomProperty("src");
            assertThat(viewUrl).as("the viewer's image is the viewUrl (inline)").contains("inline").doesNotContain(".preview.jpg");
            HttpResponse<byte[]> viewed = get(viewUrl);
            assertThat(viewed.body()).as("what the viewer shows").isEqualTo(png);
            assertThat(viewed.headers().firstValue("Content-Disposition").orElse("")).startsWith("inline");
            assertThat(get(b.find(By.id("receipt-viewer-download")).getDomProperty("href")).body())
                    .as("the viewer's Download").isEqualTo(png);
            assertThat(b.js("return document.getElementById('receipt-viewer').contains(document.activeElement);"))
                    .as("the focus in the viewer").isEqualTo(true);
            b.screenshot("11-receipt-viewer");
            new Actions(b.driver).sendKeys(Keys.ESCAPE).perform();
            b.await("the viewer closed by Esc", d -> !Boolean.TRUE.equals(viewer.getDomProperty("open")) && !viewer.isDisplayed());
            assertThat(b.js("return document.activeElement === arguments[0];", b.find(opener)))
                    .as("the focus back on the receipt").isEqualTo(true);

            // ---- the inbox is empty: the entry took the receipt -----------------------------------------
            b.click(By.id("nav-inbox"));
            showsView("inbox");
            b.await("the empty inbox", d -> b.textOrNull(By.id("inbox-status")).startsWith("Nothing waiting"));
            assertThat(b.all(By.cssSelector("#inbox-list li.inbox-item"))).isEmpty();
            assertThat(b.shown(By.id("inbox-count"))).as("the Inbox tab's count").isFalse();

            // ---- another amount than the receipt's: flagged on the form, "Use these" puts it back --------
            b.click(By.id("nav-entries"));
            showsView("entries");
            b.click(inEntry(entryId, "button.entry-edit"));
            showsView("edit");
            b.await("the receipt on the edit form", d -> b.present(By.cssSelector("#entry-documents li.doc img.thumb")));
            assertThat(b.find(By.cssSelector("#entry-documents img.thumb")).getDomProperty("src")).contains(".preview.jpg");
            assertThat(b.shown(By.id("receipt-mismatch"))).as("#receipt-mismatch while the entry agrees").isFalse();
            b.type(By.id("entry-amount"), "1300.00");
            b.click(By.id("entry-save"));
            showsView("entries");
            b.await("the changed amount listed", d -> "1300.00".equals(digits(text(entry(entryId), ".entry-amount"))));
            b.click(inEntry(entryId, "button.entry-edit"));
            showsView("edit");
            WebElement mismatch = b.visible(By.id("receipt-mismatch"));
            assertThat(mismatch.getText()).contains("1,250.00").contains("2026");
            b.screenshot("12-receipt-mismatch", By.id("receipt-mismatch"));
            b.click(By.id("use-receipt-values"));
            assertThat(b.value(By.id("entry-amount"))).isEqualTo("1250.00");
            assertThat(b.shown(By.id("receipt-mismatch"))).isFalse();
            b.click(By.id("entry-save"));
            showsView("entries");
            b.await("the receipt's amount listed again", d -> "1250.00".equals(digits(text(entry(entryId), ".entry-amount"))));

            // ---- the same bill again, left unsaved: it waits in the inbox, flagged as the same file --------
            b.find(By.id("scan-file")).sendKeys(bill.toAbsolutePath().toString());
            showsView("edit");
            if (reads) {
                awaitFilledInFromTheBill();
            }
            b.await("the same file flagged beside the form", Duration.ofSeconds(30),
                    d -> b.shown(By.cssSelector("#scan-receipt .receipt-duplicate")));
            b.click(By.id("nav-inbox"));
            showsView("inbox");
            By waiting = By.cssSelector("#inbox-list li.inbox-item[data-document-id]");
            WebElement item = b.await("the bill in the inbox", d -> {
                List<WebElement> items = b.all(waiting);
                return items.size() == 1 && !items.get(0).findElements(By.cssSelector("img.thumb")).isEmpty() ? items.get(0) : null;
            });
            assertThat(item.findElement(By.cssSelector("img.thumb")).getDomProperty("src")).contains(".preview.jpg");
            assertThat(item.findElement(By.cssSelector(".receipt-duplicate")).getText()).isEqualTo("Same file as an earlier receipt");
            if (reads) {
                assertThat(item.findElement(By.cssSelector(".inbox-merchant")).getText()).containsIgnoringCase("blue cab");
                assertThat(item.findElement(By.cssSelector(".inbox-total")).getText()).contains("1,250.00");
                assertThat(item.findElement(By.cssSelector(".inbox-date")).getDomAttribute("datetime")).isEqualTo("2026-11-21");
            }
            assertThat(b.textOrNull(By.id("inbox-count"))).as("the Inbox tab's count").startsWith("1");
            b.screenshot("13-inbox", waiting);
            b.click(By.cssSelector("#inbox-list li.inbox-item button.inbox-create"));
            showsView("edit");
            if (reads) {
                awaitFilledInFromTheBill();
            }
            b.click(By.id("nav-inbox"));
            showsView("inbox");
            b.click(By.cssSelector("#inbox-list li.inbox-item button.inbox-delete"));
            b.await("the deleted bill leaves the inbox", d -> b.all(waiting).isEmpty()
                    && b.textOrNull(By.id("inbox-status")).startsWith("Nothing waiting"));
            b.await("no count on the Inbox tab", d -> !b.shown(By.id("inbox-count")));
            b.driver.navigate().refresh();
            showsView("inbox");
            b.await("the inbox empty after a reload", d -> b.textOrNull(By.id("inbox-status")).startsWith("Nothing waiting"));
            assertNoBanner();
            assertThat(b.scriptErrors()).as("script errors").isEmpty();
        } catch (AssertionError | RuntimeException e) {
            try {
                b.screenshot("99-scan-failure");
            } catch (RuntimeException screenshotFailed) {
                e.addSuppressed(screenshotFailed);
            }
            throw e;
        } finally {
            b.js("sessionStorage.clear(); localStorage.clear(); return null;");
            b.driver.navigate().refresh();
            System.out.printf(Locale.ROOT, "Scan-first scenario took %.1f s%n", (System.nanoTime() - started) / 1e9);
        }
    }

    /** The form filled in from the bill, every such field marked as read from the receipt. */
    private void awaitFilledInFromTheBill() {
        Browser b = browser;
        b.await(() -> "the form filled in from the bill (#scan-status: \"" + b.textOrNull(By.id("scan-status")) + "\")",
                Duration.ofSeconds(40), d -> "1250.00".equals(b.value(By.id("entry-amount"))));
        assertThat(b.value(By.id("entry-date"))).isEqualTo("2026-11-21");
        assertThat(b.value(By.id("entry-currency"))).isEqualTo("INR");
        assertThat(b.value(By.id("entry-description"))).containsIgnoringCase("blue cab");
        assertThat(b.value(By.id("entry-type"))).isEqualTo("DEBIT");
        for (String field : READ_FIELDS) {
            By mark = By.cssSelector("#entry-form .prefilled[data-field='" + field + "']");
            assertThat(b.shown(mark)).as("the mark of " + field).isTrue();
            assertThat(b.textOrNull(mark)).as("the mark of " + field).startsWith("Read from the receipt");
        }
    }

    /**
     * Money in three currencies: an INR taxi, a EUR hotel and a USD subscription, created through the API
     * on one day. The list shows them newest first; the totals in INR say what they leave out and every
     * currency's totals are listed (formatted in the reader's locale, never wrapped); a search for "lubeck"
     * finds "Hotel Lübeck" and shows its EUR totals and chart rather than an INR 0.00 alone; EUR in the
     * currency filter turns the totals into EUR; the chart offers each currency and draws the one picked;
     * a search for "airprot" finds nothing and offers "airport", which finds the taxi.
     */
    @Test
    void givenEntriesInThreeCurrencies_whenTheUserSearchesAndFilters_thenEachCurrencysTotalsAndTheSuggestionShow() {
        long started = System.nanoTime();
        Browser b = browser;
        String today = LocalDate.now().toString();
        By eur = currencyTotal("EUR");
        try {
            b.driver.get(stack.webUrl().toString());
            b.js("sessionStorage.clear(); localStorage.clear(); return null;");
            b.driver.navigate().refresh();
            signUpAndLogIn("ledger-" + UUID.randomUUID() + "@example.com");
            showsView("entries");
            List<String> ids = createThroughTheApi(List.of(
                    Map.of("date", today, "type", "DEBIT", "amount", "1250.00", "currency", "INR",
                            "category", "Travel", "description", "Taxi to the airport"),
                    Map.of("date", today, "type", "DEBIT", "amount", "180.00", "currency", "EUR",
                            "category", "Travel", "description", "Hotel Lübeck"),
                    Map.of("date", today, "type", "DEBIT", "amount", "12.99", "currency", "USD",
                            "category", "Subscriptions", "description", "Music subscription")));
            String taxiId = ids.get(0);
            String hotelId = ids.get(1);
            String musicId = ids.get(2);
            b.click(By.id("filter-apply"));
            b.await("the three entries of one day, the one added last first",
                    d -> listedIds().equals(List.of(musicId, hotelId, taxiId)));

            // ---- every currency: the INR totals as returned, the others beside them ---------------------
            awaitText(By.id("total-debit"), "1250.00");
            awaitText(By.id("totals-currency"), "(INR)");
            b.await("three currency totals", d -> b.all(By.cssSelector("#currency-totals .currency-total")).size() == 3);
            assertThat(b.shown(By.id("currency-totals"))).as("#currency-totals").isTrue();
            assertThat(b.textOrNull(By.id("totals-other"))).as("#totals-other")
                    .contains("2 entries").contains("EUR").contains("USD").contains("not in these totals");
            assertThat(text(currencyTotal("INR"), ".currency-total-debit")).as("INR spent").contains("1,250.00");
            assertThat(text(currencyTotal("USD"), ".currency-total-debit")).as("USD spent").contains("$").contains("12.99");
            assertThat(text(currencyTotal("USD"), ".currency-total-count")).isEqualTo("1 entry");
            assertThat(optionValues(By.id("filter-currency"))).as("#filter-currency").containsExactly("", "EUR", "INR", "USD");
            assertThat(b.shown(By.id("chart-currency"))).as("#chart-currency with three currencies").isTrue();
            assertThat(optionValues(By.id("chart-currency"))).containsExactlyInAnyOrder("EUR", "INR", "USD");
            assertThat(b.value(By.id("chart-currency"))).as("the chart's currency on a tie: the totals'").isEqualTo("INR");
            awaitChart("INR", "1250.00");
            b.screenshot("20-currencies", By.id("currency-totals"));
            b.use(Browser.PHONE);
            assertThat(wrappedAmounts()).as("currency totals drawn on more than one line at phone width").isEmpty();
            b.use(Browser.DESKTOP);

            // ---- a word without its umlaut finds the EUR hotel: its totals and chart, not INR 0.00 --------
            b.type(By.id("filter-q"), "lubeck");
            b.click(By.id("filter-apply"));
            b.await("the hotel found by \"lubeck\"", d -> listedIds().equals(List.of(hotelId)));
            b.await("the EUR totals shown", d -> b.shown(eur));
            assertThat(text(eur, ".currency-total-debit")).as("EUR spent").contains("€").contains("180.00");
            assertThat(text(eur, ".currency-total-count")).isEqualTo("1 entry");
            assertThat(b.all(By.cssSelector("#currency-totals .currency-total"))).hasSize(1);
            awaitText(By.id("total-debit"), "0.00");
            assertThat(b.textOrNull(By.id("totals-other"))).as("#totals-other").contains("1 entry in EUR");
            assertThat(b.shown(By.id("chart-currency"))).as("#chart-currency with one currency").isFalse();
            awaitChart("EUR", "180.00");
            b.screenshot("21-search-in-another-currency", By.id("currency-totals"));

            // ---- EUR in the currency filter: the totals in EUR ------------------------------------------
            new Select(b.find(By.id("filter-currency"))).selectByValue("EUR");
            b.click(By.id("filter-apply"));
            awaitText(By.id("totals-currency"), "(EUR)");
            awaitText(By.id("total-debit"), "180.00");
            awaitText(By.id("total-net"), "-180.00");
            assertThat(b.shown(By.id("totals-other"))).as("#totals-other with the EUR filter").isFalse();
            b.await("the hotel listed in EUR", d -> listedIds().equals(List.of(hotelId)));
            b.type(By.id("filter-q"), "");
            b.click(By.id("filter-apply"));
            b.await("only the hotel in EUR", d -> listedIds().equals(List.of(hotelId))
                    && "180.00".equals(b.textOrNull(By.id("total-debit"))));

            // ---- all currencies again: the chart draws the one picked -----------------------------------
            b.click(By.id("filter-clear"));
            b.await("all three entries after Clear", d -> listedIds().size() == 3);
            awaitText(By.id("total-debit"), "1250.00");
            b.await("#chart-currency offered again", d -> b.shown(By.id("chart-currency")));
            new Select(b.find(By.id("chart-currency"))).selectByValue("USD");
            awaitChart("USD", "12.99");
            new Select(b.find(By.id("chart-group"))).selectByValue("category");
            b.await("the USD chart by category", d -> "Subscriptions".equals(
                    b.find(By.cssSelector("#chart-table tbody th")).getDomProperty("textContent")));
            awaitChart("USD", "12.99");
            awaitText(By.id("total-debit"), "1250.00");

            // ---- "Did you mean": a misspelt word is mended from the user's own words ----------------------
            b.type(By.id("filter-q"), "airprot");
            b.click(By.id("filter-apply"));
            b.visible(By.id("search-suggestion"));
            assertThat(listedIds()).isEmpty();
            assertThat(b.textOrNull(By.id("use-suggestion"))).contains("Did you mean").contains("airport");
            assertThat(b.textOrNull(By.id("list-status"))).contains("airport");
            b.screenshot("22-did-you-mean", By.id("filters"));
            b.click(By.id("use-suggestion"));
            b.await("the taxi found by the suggestion", d -> listedIds().equals(List.of(taxiId)));
            assertThat(b.value(By.id("filter-q"))).isEqualTo("airport");
            assertThat(b.shown(By.id("search-suggestion"))).as("#search-suggestion after using it").isFalse();
            awaitText(By.id("total-debit"), "1250.00");
            assertNoBanner();
            assertThat(b.scriptErrors()).as("script errors").isEmpty();
        } catch (AssertionError | RuntimeException e) {
            try {
                b.screenshot("99-currencies-failure");
            } catch (RuntimeException screenshotFailed) {
                e.addSuppressed(screenshotFailed);
            }
            throw e;
        } finally {
            b.js("sessionStorage.clear(); localStorage.clear(); return null;");
            b.driver.navigate().refresh();
            System.out.printf(Locale.ROOT, "Currencies scenario took %.1f s%n", (System.nanoTime() - started) / 1e9);
        }
    }

    /**
     * The settings of a new user: home currency EUR, a fiscal year from April and German formats, saved in
     * #/account; "Add" then starts in EUR, an entry in INR asks what it cost in EUR (#entry-home-amount), the
     * entries view adds up everything in EUR (formatted for de-DE) and says which entry has no home amount,
     * and editing the entry shows its home amount again.
     */
    @Test
    void givenHomeCurrencyEuroAndGermanFormats_whenBillsInRupeesAreAdded_thenTheHomeTotalsCountWhatTheyCostInEuro()
            throws IOException {
        long started = System.nanoTime();
        Browser b = browser;
        By homeAmount = By.id("entry-home-amount");
        // The euro reference rates of one day long ago, as --rates-file loads them (no other test asks about that day).
        stack.loadRates(Files.writeString(files.resolve("eurofxref.xml"), """
                <?xml version="1.0" encoding="UTF-8"?>
                <gesmes:Envelope xmlns:gesmes="http://www.gesmes.org/xml/2002-08-01" xmlns="http://www.ecb.int/vocabulary/2002-08-01/eurofxref">
                  <gesmes:subject>Reference rates</gesmes:subject>
                  <gesmes:Sender><gesmes:name>European Central Bank</gesmes:name></gesmes:Sender>
                  <Cube><Cube time="%s"><Cube currency="USD" rate="1.1420"/><Cube currency="INR" rate="89.1234"/></Cube></Cube>
                </gesmes:Envelope>
                """.formatted(RATE_DAY)));
        try {
            b.driver.get(stack.webUrl().toString());
            b.js("sessionStorage.clear(); localStorage.clear(); return null;");
            b.driver.navigate().refresh();
            signUpAndLogIn("settings-" + UUID.randomUUID() + "@example.com");
            showsView("entries");

            // ---- the settings: the deployment's defaults first, then EUR, April, de-DE ---------------------
            b.click(By.id("nav-account"));
            showsView("account");
            b.await("the settings loaded", d -> b.find(By.id("settings-save")).isEnabled());
            assertThat(b.value(By.id("settings-home-currency"))).as("home currency before saving").isEqualTo("INR");
            assertThat(b.value(By.id("settings-fiscal-year"))).as("fiscal year before saving").isEqualTo("1");
            assertThat(b.value(By.id("settings-locale"))).as("locale before saving").isEqualTo("en");
            new Select(b.find(By.id("settings-home-currency"))).selectByValue("EUR");
            Select fiscalYear = new Select(b.find(By.id("settings-fiscal-year")));
            fiscalYear.selectByValue("4");
            assertThat(fiscalYear.getFirstSelectedOption().getText().trim()).isEqualTo("April");
            new Select(b.find(By.id("settings-locale"))).selectByValue("de-DE");
            b.click(By.id("settings-save"));
            b.await("the settings saved", d -> String.valueOf(b.textOrNull(By.id("settings-message"))).startsWith("Settings saved"));
            assertThat(b.find(By.id("settings-message")).getDomAttribute("role")).isEqualTo("status");
            assertThat(b.textOrNull(By.id("settings-message"))).contains("EUR").contains("April").contains("1.234.567,89");
            assertThat(b.all(By.cssSelector("#settings-form [data-error-for]")))
                    .as("field error slots of the settings").hasSize(4).allSatisfy(slot -> assertThat(slot.getText()).isEmpty());
            assertThat(b.js("""
                    return (async () => {
                      const { api } = await import('/js/api.js');
                      const { data } = await api('GET', '/settings');
                      return `${data.homeCurrency} ${data.fiscalYearStartMonth} ${data.locale} ${data.lockedThrough}`;
                    })();""")).as("GET /settings after saving").isEqualTo("EUR 4 de-DE null");
            // a closed period: saved from the form, refused on the API with the date, opened again by emptying it
            b.js("const input = document.getElementById('settings-locked-through'); input.value = '2020-12-31';"
                    + " input.dispatchEvent(new Event('input', { bubbles: true }));");
            b.click(By.id("settings-save"));
            b.await("the lock saved", d -> String.valueOf(b.textOrNull(By.id("settings-message"))).contains("are closed"));
            assertThat(b.js("""
                    return (async () => {
                      const { api } = await import('/js/api.js');
                      const settings = (await api('GET', '/settings')).data;
                      try {
                        await api('POST', '/entries', { body: { date: '2020-06-01', type: 'DEBIT', amount: '1.00' } });
                        return 'created';
                      } catch (error) {
                        return `${settings.lockedThrough} ${error.status} ${error.code}`;
                      }
                    })();""")).as("an entry in the closed period").isEqualTo("2020-12-31 409 PERIOD_LOCKED");
            b.js("document.getElementById('settings-locked-through').value = '';");
            b.click(By.id("settings-save"));
            b.await("the lock removed", d -> String.valueOf(b.textOrNull(By.id("settings-message"))).startsWith("Settings saved")
                    && !String.valueOf(b.textOrNull(By.id("settings-message"))).contains("are closed"));
            assertThat(b.js("""
                    return (async () => {
                      const { api } = await import('/js/api.js');
                      return String((await api('GET', '/settings')).data.lockedThrough);
                    })();""")).as("the lock after emptying the field").isEqualTo("null");
            b.screenshot("30-settings", By.id("settings-form"));

            // ---- "Add" starts in EUR; INR asks what it cost in EUR ------------------------------------------
            b.click(By.id("nav-add"));
            showsView("edit");
            assertThat(b.value(By.id("entry-currency"))).as("#entry-currency of a new entry").isEqualTo("EUR");
            assertThat(b.shown(homeAmount)).as("#entry-home-amount for an entry in the home currency").isFalse();
            b.type(By.id("entry-currency"), "INR");
            WebElement cost = b.visible(homeAmount);
            assertThat(cost.getDomAttribute("inputmode")).isEqualTo("decimal");
            assertThat(b.textOrNull(By.cssSelector("label[for='entry-home-amount']"))).isEqualTo("Cost in EUR");
            assertThat(b.present(By.cssSelector("#entry-form [data-error-for='homeAmount']"))).isTrue();
            // a day with a euro reference rate (loaded above): the cost in EUR is suggested, never filled in
            setDate(By.id("entry-date"), RATE_DAY);
            b.type(By.id("entry-amount"), "1250.00");
            By suggestion = By.id("home-amount-suggestion");
            b.await("the home amount suggested from the day's rate", d -> b.shown(suggestion));
            assertThat(b.find(suggestion).getDomAttribute("data-converted")).as("1250 INR in EUR at 89.1234 INR per euro")
                    .isIn("14.02", "14.03");
            assertThat(b.textOrNull(By.id("home-amount-suggestion-text")).replace('\u00a0', ' ')).startsWith("Suggested: 14,0")
                    .contains(" € at 1 INR = 0,01122 EUR (ECB reference rate of ").contains("2025");
            assertThat(b.value(homeAmount)).as("#entry-home-amount while a suggestion is shown").isEmpty();
            assertThat(b.find(By.id("use-home-amount-suggestion")).getText()).isEqualTo("Use it");
            b.screenshot("33-home-amount-suggestion", suggestion);
            b.type(By.id("entry-category"), "Travel");
            b.type(By.id("entry-description"), "Taxi in Bengaluru");
            b.type(homeAmount, "14.20");
            b.await("the suggestion gone once a home amount is typed", d -> !b.shown(suggestion));
            b.screenshot("31-home-amount", homeAmount);
            b.click(By.id("entry-save"));
            showsView("entries");
            String taxiId = b.await("the taxi listed", d -> listedIds().size() == 1 ? listedIds().get(0) : null);

            b.click(By.id("nav-add"));
            showsView("edit");
            assertThat(b.value(By.id("entry-currency"))).isEqualTo("EUR");
            b.type(By.id("entry-currency"), "INR");
            b.visible(homeAmount);
            assertThat(b.value(homeAmount)).as("#entry-home-amount of a new form").isEmpty();
            b.type(By.id("entry-amount"), "80.00");
            b.type(By.id("entry-description"), "Chai");
            setDate(By.id("entry-date"), RATE_DAY);
            b.await("Chai's cost suggested", d -> b.shown(By.id("home-amount-suggestion")));
            setDate(By.id("entry-date"), RATE_DAY.minusYears(5));
            b.await("no suggestion for a day without rates (404)", d -> !b.shown(By.id("home-amount-suggestion"))
                    && b.find(By.id("home-amount-suggestion")).getDomAttribute("data-converted") == null);
            assertThat(b.value(homeAmount)).as("#entry-home-amount, never filled in by itself").isEmpty();
            assertNoBanner();
            b.click(By.id("entry-save"));
            showsView("entries");
            b.await("both entries listed", d -> listedIds().size() == 2);

            // ---- the totals in EUR: 14.20 € counted, the chai named as missing its home amount ---------------
            By home = By.id("home-total");
            b.await("#home-total in EUR with the taxi's cost", d -> b.shown(home)
                    && "14.20".equals(b.find(home).getDomAttribute("data-debit")));
            assertThat(b.find(home).getDomAttribute("data-currency")).isEqualTo("EUR");
            assertThat(b.find(home).getDomAttribute("data-missing")).isEqualTo("1");
            assertThat(b.textOrNull(By.id("home-total-debit")).replace('\u00a0', ' ')).as("spent at home, de-DE")
                    .isEqualTo("14,20 €");
            assertThat(b.textOrNull(By.id("home-total-net")).replace('\u00a0', ' ')).contains("14,20 €");
            assertThat(b.textOrNull(By.id("home-missing"))).as("#home-missing").contains("1 entry has no home amount");
            awaitText(By.id("totals-currency"), "(EUR)");
            awaitText(By.id("total-debit"), "0.00");
            assertThat(text(currencyTotal("INR"), ".currency-total-debit")).as("INR spent, de-DE").contains("1.330,00");
            b.screenshot("32-home-total", home);

            // ---- editing the taxi shows its home amount; the home currency hides the field -----------------
            b.click(inEntry(taxiId, ".entry-edit"));
            showsView("edit");
            b.await("the taxi's home amount prefilled", d -> "14.20".equals(b.value(homeAmount)) && b.shown(homeAmount));
            assertThat(b.value(By.id("entry-currency"))).isEqualTo("INR");
            b.type(By.id("entry-currency"), "EUR");
            b.await("#entry-home-amount hidden in the home currency", d -> !b.shown(homeAmount));
            b.click(By.id("entry-cancel"));
            showsView("entries");
            assertNoBanner();
            assertThat(b.scriptErrors()).as("script errors").isEmpty();
        } catch (AssertionError | RuntimeException e) {
            try {
                b.screenshot("99-settings-failure");
            } catch (RuntimeException screenshotFailed) {
                e.addSuppressed(screenshotFailed);
            }
            throw e;
        } finally {
            b.js("sessionStorage.clear(); localStorage.clear(); return null;");
            b.driver.navigate().refresh();
            System.out.printf(Locale.ROOT, "Settings scenario took %.1f s%n", (System.nanoTime() - started) / 1e9);
        }
    }

    @Test
    void givenTaggedEntries_whenTheUserFiltersSelectsTagsDeletesUndoesAndRenames_thenTheListFollowsEachStep() {
        long started = System.nanoTime();
        Browser b = browser;
        String today = LocalDate.now().toString();
        try {
            b.driver.get(stack.webUrl().toString());
            b.js("sessionStorage.clear(); localStorage.clear(); return null;");
            b.driver.navigate().refresh();
            signUpAndLogIn("tags-" + UUID.randomUUID() + "@example.com");
            showsView("entries");

            // ---- tags on the form: "Trip, work" becomes two chips, sent and shown on the list item ----------
            b.click(By.id("nav-add"));
            showsView("edit");
            b.type(By.id("entry-amount"), "42.00");
            b.type(By.id("entry-category"), "Transport");
            b.type(By.id("entry-description"), "Train to Pune");
            b.type(By.id("entry-tags"), "Trip, work");
            b.find(By.id("entry-tags")).sendKeys(Keys.ENTER);
            b.await("two tag chips", d -> chipTags().equals(List.of("trip", "work")));
            assertThat(b.value(By.id("entry-tags"))).as("#entry-tags once both are chips").isEmpty();
            assertThat(b.present(By.cssSelector("#entry-form [data-error-for='tags']"))).isTrue();
            b.screenshot("40-tags-form", By.id("entry-tag-list"));
            b.click(By.id("entry-save"));
            showsView("entries");
            String train = b.await("the train listed", d -> listedIds().size() == 1 ? listedIds().get(0) : null);
            b.await("the train's tags", d -> tagsOf(train).equals(List.of("trip", "work")));

            List<String> others = createThroughTheApi(List.of(
                    Map.of("date", today, "type", "DEBIT", "amount", "120.00", "category", "Trvel", "description", "Hotel"),
                    Map.of("date", today, "type", "DEBIT", "amount", "9.50", "category", "Food", "description", "Lunch")));
            String hotel = others.get(0);
            String lunch = others.get(1);
            b.click(By.id("filter-apply"));
            b.await("three entries listed", d -> listedIds().size() == 3);

            // ---- the tag filter: only the train; Clear shows all three again --------------------------------
            b.type(By.id("filter-tag"), "trip");
            b.click(By.id("filter-apply"));
            b.await("only the train tagged trip", d -> listedIds().equals(List.of(train)));
            b.click(By.id("filter-clear"));
            b.await("all three after Clear", d -> listedIds().size() == 3);

            // ---- tick two: the bar says 2 selected; tag them q4 --------------------------------------------
            assertThat(b.shown(By.id("bulk-bar"))).as("#bulk-bar with nothing ticked").isFalse();
            b.click(inEntry(train, ".entry-select"));
            b.click(inEntry(hotel, ".entry-select"));
            awaitText(By.id("bulk-count"), "2 selected");
            b.type(By.id("bulk-tag"), "q4");
            b.click(By.id("bulk-add-tag"));
            b.await("both tagged q4", d -> tagsOf(train).contains("q4") && tagsOf(hotel).equals(List.of("q4"))
                    && !tagsOf(lunch).contains("q4"));
            assertThat(b.shown(By.id("bulk-bar"))).as("#bulk-bar after the action (the list reloaded)").isFalse();

            // ---- bulk delete, then Undo brings back exactly those two ----------------------------------------
            b.click(inEntry(train, ".entry-select"));
            b.click(inEntry(hotel, ".entry-select"));
            awaitText(By.id("bulk-count"), "2 selected");
            b.screenshot("41-bulk-bar", By.id("bulk-bar"));
            b.click(By.id("bulk-delete"));
            b.await("both gone", d -> listedIds().equals(List.of(lunch)));
            b.visible(By.id("toast"));
            b.click(By.id("undo"));
            b.await("both back after Undo", d -> listedIds().size() == 3 && listedIds().containsAll(List.of(train, hotel)));
            awaitText(By.id("total-debit"), "171.50");

            // ---- rename Trvel → Travel: 1 entry changed -------------------------------------------------------
            b.click(By.id("rename-category-toggle"));
            b.type(By.id("rename-from"), "Trvel");
            b.type(By.id("rename-to"), "Travel");
            b.click(By.id("rename-submit"));
            b.await("#rename-message says 1 entry", d -> String.valueOf(b.textOrNull(By.id("rename-message"))).contains("1 entry"));
            assertThat(b.find(By.id("rename-message")).getDomAttribute("role")).isEqualTo("status");
            b.await("the hotel in Travel", d -> "Travel".equals(text(entry(hotel), ".entry-category")));
            b.screenshot("42-renamed", By.id("rename-category-form"));
            // Undo gives it its old spelling back; renamed again, it stays
            b.visible(By.id("toast"));
            b.click(By.id("undo"));
            b.await("the hotel in Trvel again", d -> "Trvel".equals(text(entry(hotel), ".entry-category")));
            b.type(By.id("rename-from"), "Trvel");
            b.type(By.id("rename-to"), "Travel");
            b.click(By.id("rename-submit"));
            b.await("the hotel in Travel again", d -> "Travel".equals(text(entry(hotel), ".entry-category")));
            b.screenshot("43-tagged-list", By.id("entries"));

            // ---- editing the train shows its three tags as chips ---------------------------------------------
            b.click(inEntry(train, ".entry-edit"));
            showsView("edit");
            b.await("the train's tags prefilled", d -> chipTags().equals(List.of("trip", "work", "q4")));
            b.click(By.id("entry-cancel"));
            showsView("entries");
            assertNoBanner();
            assertThat(b.scriptErrors()).as("script errors").isEmpty();
        } catch (AssertionError | RuntimeException e) {
            try {
                b.screenshot("99-tags-failure");
            } catch (RuntimeException screenshotFailed) {
                e.addSuppressed(screenshotFailed);
            }
            throw e;
        } finally {
            b.js("sessionStorage.clear(); localStorage.clear(); return null;");
            b.driver.navigate().refresh();
            System.out.printf(Locale.ROOT, "Tags scenario took %.1f s%n", (System.nanoTime() - started) / 1e9);
        }
    }

    /**
     * Budgets and the date presets, for a user whose fiscal year starts in April: two budgets set in the
     * budgets card (the home currency by default), expenses that take Food over its amount, the bars with
     * what was spent and is left, Food listed first and marked "Over budget" in words; deleting an expense
     * brings it back under and Undo over again. "This fiscal year" fills in 1 April to 31 March, "This month"
     * its first and last days (the budgets card names that month), a date typed by hand makes it Custom, and
     * a budget is removed.
     */
    @Test
    void givenBudgetsAndAnAprilFiscalYear_whenExpensesAreAddedAndPresetsChosen_thenTheBarsTheOverMarkAndTheDatesFollow() {
        long started = System.nanoTime();
        Browser b = browser;
        LocalDate today = LocalDate.now();
        By food = budget("Food");
        By travel = budget("Travel");
        try {
            b.driver.get(stack.webUrl().toString());
            b.js("sessionStorage.clear(); localStorage.clear(); return null;");
            b.driver.navigate().refresh();
            logInAsNewUser("budgets-" + UUID.randomUUID() + "@example.com");
            showsView("entries");
            b.js("""
                    return (async () => {
                      const { saveSettings } = await import('/js/settings.js');
                      await saveSettings({ fiscalYearStartMonth: 4 });
                      return null;
                    })();""");

            // ---- two budgets, set in the card: the home currency unless another is typed ------------------
            b.await("#budgets-status with no budgets yet",
                    d -> String.valueOf(b.textOrNull(By.id("budgets-status"))).startsWith("No budgets yet"));
            assertThat(b.find(By.id("budgets-month")).getDomAttribute("data-month"))
                    .isEqualTo(java.time.YearMonth.from(today).toString());
            b.click(By.id("budget-set-toggle"));
            assertThat(b.value(By.id("budget-currency"))).as("#budget-currency of a new budget").isEqualTo("INR");
            setBudget("Food", "6000");
            b.await("the Food budget listed", d -> b.present(food));
            assertThat(b.find(food).getDomAttribute("data-spent")).isEqualTo("0.00");
            assertThat(b.textOrNull(By.id("budget-message"))).contains("Food").contains("6,000.00");
            setBudget("Travel", "5000.00");
            b.await("two budgets listed", d -> b.all(By.cssSelector("#budget-list li.budget")).size() == 2);

            // ---- expenses take Food over: it comes first, says so, its bar is full ---------------------------
            List<String> ids = createThroughTheApi(List.of(
                    Map.of("date", today.toString(), "type", "DEBIT", "amount", "4500.00", "category", "Food",
                            "description", "Groceries"),
                    Map.of("date", today.toString(), "type", "DEBIT", "amount", "2500.00", "category", "Food",
                            "description", "Dinner out"),
                    Map.of("date", today.toString(), "type", "DEBIT", "amount", "800.00", "category", "Travel",
                            "description", "Taxi")));
            b.click(By.id("filter-apply"));
            b.await("Food over its budget", d -> "true".equals(b.find(food).getDomAttribute("data-over")));
            assertThat(b.find(food).getDomAttribute("data-spent")).isEqualTo("7000.00");
            assertThat(b.find(food).getDomAttribute("data-remaining")).isEqualTo("-1000.00");
            assertThat(b.all(By.cssSelector("#budget-list li.budget")).get(0).getDomAttribute("data-category"))
                    .as("the budget over its amount first").isEqualTo("Food");
            assertThat(text(food, ".budget-over")).contains("Over budget");
            assertThat(text(food, ".budget-figures")).contains("7,000.00").contains("6,000.00").contains("1,000.00 over");
            WebElement foodBar = b.find(food).findElement(By.cssSelector("progress.budget-bar"));
            assertThat(foodBar.getDomProperty("value")).as("the over budget's bar, full").isEqualTo(foodBar.getDomProperty("max"));
            assertThat(foodBar.getDomAttribute("aria-label")).contains("Food").contains("over budget");
            assertThat(b.find(travel).getDomAttribute("data-over")).isEqualTo("false");
            assertThat(text(travel, ".budget-figures")).contains("800.00").contains("4,200.00 left");
            assertThat(b.present(By.cssSelector("#budget-list li.budget[data-category='Travel'] .budget-over"))).isFalse();
            assertThat(b.textOrNull(By.id("budgets-status"))).isEqualTo("2 budgets, 1 over.");
            assertAccessible("the entries view with budgets");
            b.screenshot("50-budgets", By.id("budgets"));

            // ---- the card follows the entries: a deleted expense brings Food under, Undo over again ----------
            b.click(inEntry(ids.get(1), "button.entry-delete"));
            b.await("Food under its budget after the delete", d -> "false".equals(b.find(food).getDomAttribute("data-over"))
                    && "4500.00".equals(b.find(food).getDomAttribute("data-spent")));
            b.click(By.id("undo"));
            b.await("Food over again after Undo", d -> "true".equals(b.find(food).getDomAttribute("data-over")));

            // ---- presets: this fiscal year from 1 April, this month; typed dates make it Custom -------------
            LocalDate fiscalStart = LocalDate.of(today.getMonthValue() >= 4 ? today.getYear() : today.getYear() - 1, 4, 1);
            Select period = new Select(b.find(By.id("filter-period")));
            assertThat(b.value(By.id("filter-period"))).as("#filter-period without dates").isEmpty();
            period.selectByValue("this-fiscal-year");
            b.await("the fiscal year in From and To", d -> fiscalStart.toString().equals(b.value(By.id("filter-from")))
                    && fiscalStart.plusYears(1).minusDays(1).toString().equals(b.value(By.id("filter-to"))));
            assertThat(b.textOrNull(By.id("filter-period-hint"))).contains("April");
            b.await("the three expenses in this fiscal year", d -> listedIds().size() == 3);
            b.await("the budgets of the current month, said why", d -> String.valueOf(b.textOrNull(By.id("budgets-note")))
                    .contains("not within one month"));
            b.screenshot("51-period-presets", By.id("filter-period"));
            period.selectByValue("this-month");
            b.await("this month in From and To", d -> today.withDayOfMonth(1).toString().equals(b.value(By.id("filter-from")))
                    && today.withDayOfMonth(today.lengthOfMonth()).toString().equals(b.value(By.id("filter-to"))));
            b.await("the budgets of the filters' month", d -> String.valueOf(b.textOrNull(By.id("budgets-note")))
                    .startsWith("The month of the dates in the filters"));
            setDate(By.id("filter-from"), today.withDayOfMonth(1).minusMonths(1));
            b.await("Custom once a date is typed", d -> "custom".equals(b.value(By.id("filter-period"))));

            // ---- a budget removed ------------------------------------------------------------------------------
            b.click(By.cssSelector("#budget-list li.budget[data-category='Travel'] button.budget-remove"));
            b.await("the Travel budget gone", d -> !b.present(travel) && b.present(food));
            assertNoBanner();
            assertThat(b.scriptErrors()).as("script errors").isEmpty();
        } catch (AssertionError | RuntimeException e) {
            try {
                b.screenshot("99-budgets-failure");
            } catch (RuntimeException screenshotFailed) {
                e.addSuppressed(screenshotFailed);
            }
            throw e;
        } finally {
            b.js("sessionStorage.clear(); localStorage.clear(); return null;");
            b.driver.navigate().refresh();
            System.out.printf(Locale.ROOT, "Budgets and presets scenario took %.1f s%n", (System.nanoTime() - started) / 1e9);
        }
    }

    /**
     * A weekly vegetable box from two weeks ago, created in #/recurring: listed as "Every week" with its first
     * date next; the maintenance run makes its three entries (marked Recurring in the list) and moves the next
     * date to a week from today; a wrong amount is refused beside its field; changed to 400.00 every two
     * weeks (the form says only the entries still to come change), the next date follows, the entries made
     * keep 350.00; deleted, the schedule goes and its entries stay.
     */
    @Test
    void givenAWeeklyScheduleFromTwoWeeksAgo_whenMaintenanceRunsAndItIsEditedAndDeleted_thenTheListAndItsEntriesFollow() {
        long started = System.nanoTime();
        Browser b = browser;
        LocalDate today = LocalDate.now(java.time.ZoneOffset.UTC); // the maintenance run makes entries up to today in UTC
        LocalDate start = today.minusWeeks(2);
        By schedule = By.cssSelector("#recurring-list li.recurring");
        try {
            b.driver.get(stack.webUrl().toString());
            b.js("sessionStorage.clear(); localStorage.clear(); return null;");
            b.driver.navigate().refresh();
            logInAsNewUser("recurring-" + UUID.randomUUID() + "@example.com");
            b.click(By.id("nav-recurring"));
            showsView("recurring");
            b.await("no schedules yet", d -> String.valueOf(b.textOrNull(By.id("recurring-status"))).startsWith("No recurring"));

            // ---- a weekly expense from two weeks ago ----------------------------------------------------------
            assertThat(b.value(By.id("recurring-currency"))).as("#recurring-currency of a new schedule").isEqualTo("INR");
            b.type(By.id("recurring-amount"), "350.00");
            b.type(By.id("recurring-category"), "Groceries");
            b.type(By.id("recurring-description"), "Vegetable box");
            b.type(By.id("recurring-tags"), "home");
            new Select(b.find(By.id("recurring-frequency"))).selectByValue("WEEKLY");
            setDate(By.id("recurring-start"), start);
            b.click(By.id("recurring-save"));
            WebElement created = b.await("the schedule listed", d -> b.all(schedule).size() == 1 ? b.find(schedule) : null);
            String id = created.getDomAttribute("data-id");
            assertThat(text(schedule, ".recurring-every")).isEqualTo("Every week");
            assertThat(created.getDomAttribute("data-next-date")).as("the first date, not made yet").isEqualTo(start.toString());
            assertThat(created.findElement(By.cssSelector(".recurring-next time")).getDomAttribute("datetime"))
                    .isEqualTo(start.toString());
            assertThat(digits(text(schedule, ".recurring-amount"))).isEqualTo("350.00");
            assertThat(b.textOrNull(By.id("recurring-message"))).startsWith("Created");

            // ---- the maintenance run makes its entries up to today --------------------------------------------
            stack.runMaintenance();
            b.click(By.id("nav-entries"));
            showsView("entries");
            b.await("the three entries made", d -> listedIds().size() == 3);
            for (String entryId : listedIds()) {
                assertThat(text(entry(entryId), ".entry-description")).isEqualTo("Vegetable box");
                WebElement mark = b.find(entry(entryId)).findElement(By.cssSelector(".entry-recurring"));
                assertThat(mark.isDisplayed()).as("the Recurring mark").isTrue();
                assertThat(mark.getDomAttribute("data-recurring-id")).isEqualTo(id);
            }
            assertThat(b.all(By.cssSelector("#entries li.entry .entry-date")).stream().map(WebElement::getText).toList())
                    .containsExactly(today.toString(), today.minusWeeks(1).toString(), start.toString());
            b.click(By.id("nav-recurring"));
            showsView("recurring");
            b.await("the next date a week from today", d -> today.plusWeeks(1).toString()
                    .equals(b.find(schedule).getDomAttribute("data-next-date")));
            assertAccessible("the Recurring view with a schedule");
            b.screenshot("52-recurring", schedule);

            // ---- edit: a wrong amount is refused beside it; then 400.00 every two weeks --------------------------
            b.click(By.cssSelector("#recurring-list li.recurring button.recurring-edit"));
            b.await("the form prefilled", d -> "350.00".equals(b.value(By.id("recurring-amount"))));
            assertThat(b.shown(By.id("recurring-edit-note"))).as("#recurring-edit-note").isTrue();
            assertThat(b.textOrNull(By.id("recurring-edit-note"))).contains("still to come");
            b.type(By.id("recurring-amount"), "-3");
            b.click(By.id("recurring-save"));
            b.await("the amount refused beside its field", d -> !String.valueOf(
                    b.textOrNull(By.cssSelector("#recurring-form [data-error-for='template.amount']"))).isEmpty());
            assertThat(b.find(By.id("recurring-amount")).getDomAttribute("aria-invalid")).isEqualTo("true");
            b.type(By.id("recurring-amount"), "400.00");
            b.type(By.id("recurring-interval"), "2");
            assertThat(b.textOrNull(By.id("recurring-summary"))).startsWith("Every 2 weeks");
            b.screenshot("53-recurring-edit", By.id("recurring-form"));
            b.click(By.id("recurring-save"));
            b.await("every two weeks at 400.00", d -> "Every 2 weeks".equals(text(schedule, ".recurring-every"))
                    && "400.00".equals(digits(text(schedule, ".recurring-amount"))));
            assertThat(b.find(schedule).getDomAttribute("data-next-date")).as("two weeks after the last one made")
                    .isEqualTo(today.plusWeeks(2).toString());
            assertThat(b.textOrNull(By.id("recurring-message"))).startsWith("Saved");

            // ---- delete: the schedule goes, its entries stay ----------------------------------------------------
            b.click(By.cssSelector("#recurring-list li.recurring button.recurring-delete"));
            b.await("the schedule gone", d -> b.all(schedule).isEmpty()
                    && String.valueOf(b.textOrNull(By.id("recurring-status"))).startsWith("No recurring"));
            b.click(By.id("nav-entries"));
            showsView("entries");
            b.await("its entries still listed, at their old amount", d -> listedIds().size() == 3
                    && b.all(By.cssSelector("#entries li.entry .entry-amount")).stream()
                            .allMatch(amount -> "350.00".equals(digits(amount.getText()))));
            assertNoBanner();
            assertThat(b.scriptErrors()).as("script errors").isEmpty();
        } catch (AssertionError | RuntimeException e) {
            try {
                b.screenshot("99-recurring-failure");
            } catch (RuntimeException screenshotFailed) {
                e.addSuppressed(screenshotFailed);
            }
            throw e;
        } finally {
            b.js("sessionStorage.clear(); localStorage.clear(); return null;");
            b.driver.navigate().refresh();
            System.out.printf(Locale.ROOT, "Recurring scenario took %.1f s%n", (System.nanoTime() - started) / 1e9);
        }
    }

    private static By budget(String category) {
        return By.cssSelector("#budget-list li.budget[data-category='" + category + "']");
    }

    /** Sets a budget with form#budget-form (the card's "Set a budget" open) in the currency it offers. */
    private void setBudget(String category, String amount) {
        Browser b = browser;
        b.type(By.id("budget-category"), category);
        b.type(By.id("budget-amount"), amount);
        b.click(By.id("budget-save"));
        b.await("the budget for " + category + " saved", d -> String.valueOf(b.textOrNull(By.id("budget-message")))
                .startsWith("Budget for “" + category + "” set"));
    }

    /** A date input set as a date picker would (typing depends on the browser's date format). */
    private void setDate(By input, LocalDate date) {
        browser.js("arguments[0].value = arguments[1];"
                + " arguments[0].dispatchEvent(new Event('input', {bubbles: true}));"
                + " arguments[0].dispatchEvent(new Event('change', {bubbles: true}));", browser.find(input), date.toString());
    }

    /**
     * A new account, signed up and confirmed at the identity endpoint, then logged in with the form: for
     * scenarios about something else than the sign-up screens (another scenario goes through those).
     */
    private void logInAsNewUser(String email) {
        Browser b = browser;
        assertThat(cognito("SignUp", "{\"ClientId\":\"" + stack.clientId() + "\",\"Username\":\"" + email
                + "\",\"Password\":\"" + PASSWORD + "\"}")).as("SignUp").isEqualTo(200);
        List<String> codes = mailedCodes(email);
        if (!codes.isEmpty()) {
            assertThat(cognito("ConfirmSignUp", "{\"ClientId\":\"" + stack.clientId() + "\",\"Username\":\"" + email
                    + "\",\"ConfirmationCode\":\"" + codes.get(codes.size() - 1) + "\"}")).as("ConfirmSignUp").isEqualTo(200);
        }
        b.type(By.id("auth-email"), email);
        b.type(By.id("auth-password"), PASSWORD);
        b.click(By.id("log-in"));
        b.await("signed in", d -> b.shown(By.id("app")) && !b.shown(By.id("auth")));
    }

    private List<String> tagsOf(String id) {
        return browser.all(By.cssSelector("#entries li.entry[data-id='" + id + "'] .entry-tags .entry-tag")).stream()
                .map(tag -> tag.getDomProperty("textContent").trim()).toList();
    }

    private List<String> chipTags() {
        return browser.all(By.cssSelector("#entry-tag-list .tag-chip")).stream()
                .map(chip -> chip.getDomAttribute("data-tag")).toList();
    }

    /** Creates the entries with the app's own API client (the signed-in user's token), in order; their ids. */
    @SuppressWarnings("unchecked")
    private List<String> createThroughTheApi(List<Map<String, String>> entries) {
        Object ids = browser.js("""
                const entries = arguments[0];
                return (async () => {
                  const { api } = await import('/js/api.js');
                  const ids = [];
                  for (const body of entries) {
                    const { data } = await api('POST', '/entries', { body });
                    ids.push(data.id);
                  }
                  return ids;
                })();""", entries);
        assertThat((List<?>) ids).as("entries created").hasSize(entries.size());
        return (List<String>) ids;
    }

    private static By currencyTotal(String currency) {
        return By.cssSelector("#currency-totals .currency-total[data-currency='" + currency + "']");
    }

    /** The chart is in {@code currency} (#chart-unit) and a bar of it carries {@code amount}. */
    private void awaitChart(String currency, String amount) {
        Browser b = browser;
        b.await(() -> "the chart in " + currency + " with " + amount + " (#chart-unit \"" + b.textOrNull(By.id("chart-unit"))
                        + "\", rows " + b.all(By.cssSelector("#chart .chart-row")).size() + ")", Browser.DEFAULT_WAIT,
                d -> ("(" + currency + ")").equals(b.textOrNull(By.id("chart-unit")))
                        && !"true".equals(b.find(By.id("chart")).getDomAttribute("aria-busy"))
                        && b.all(By.cssSelector("#chart-table tbody td")).stream()
                                .anyMatch(td -> amount.equals(td.getDomProperty("textContent"))));
    }

    /** The amounts of #currency-totals that the browser drew on more than one line. */
    @SuppressWarnings("unchecked")
    private List<String> wrappedAmounts() {
        return (List<String>) browser.js("""
                return Array.from(document.querySelectorAll('#currency-totals dd')).filter((dd) => {
                  const range = document.createRange();
                  range.selectNodeContents(dd);
                  const lines = new Set(Array.from(range.getClientRects(), (r) => Math.round(r.top)));
                  return lines.size > 1;
                }).map((dd) => dd.textContent);""");
    }

    /**
     * An account's whole life through the sign-in screen and #/account: confirmed sign-up, an authenticator
     * app (key and QR code shown, first code verified), sign-in with password + TOTP kept across tabs, a
     * second tab signed in without logging in and signed out with the first, a forgotten password reset with
     * the mailed code, a changed password, two-step sign-in turned off, sign-out everywhere (the refresh token
     * is dead, the other tab is on the sign-in screen), and the deletion of the account, after which it
     * cannot sign in.
     */
    @Test
    void givenANewUser_whenTheyUseEveryAccountFeature_thenSessionsAndTheIdentityFollow() throws Exception {
        long started = System.nanoTime();
        Browser b = browser;
        String email = "account-" + UUID.randomUUID() + "@example.com";
        String resetPassword = "Second-horse-10";
        String changedPassword = "Third-horse-11!";
        String first = null;
        String second = null;
        try {
            b.driver.get(stack.webUrl().toString());
            b.js("sessionStorage.clear(); localStorage.clear(); return null;");
            b.driver.navigate().refresh();
            first = b.driver.getWindowHandle();
            b.visible(By.id("auth"));
            // the hint follows the pool's policy (config.json's passwordPolicy)
            assertThat(b.textOrNull(By.id("auth-password-hint")))
                    .isEqualTo("New accounts: at least 12 characters, with upper and lower case letters, a digit and a symbol.");
            assertThat(b.find(By.id("keep-signed-in")).getDomAttribute("type")).isEqualTo("checkbox");

            signUpAndLogIn(email);
            // the LOCAL badge opens the local mailbox
            assertThat(b.find(By.id("env-badge")).getDomProperty("href"))
                    .isEqualTo(stack.cognitoUrl() + "/_local/mailbox.html");
            assertThat(b.js("return localStorage.getItem('" + SESSION_KEY + "');")).as("an unkept session").isNull();

            // ---- confirming again: already confirmed, not "incorrect password" ------------------------
            assertThat(b.js("return (async () => { const { confirmSignUp } = await import('/js/auth.js');"
                    + " try { await confirmSignUp(arguments[0], '123456'); return 'confirmed'; }"
                    + " catch (e) { return e.message; } })();", email))
                    .isEqualTo("This account is already confirmed: log in.");

            // ---- authenticator app: key as text, a QR code of the otpauth URI, the first code ----------
            b.click(By.id("nav-account"));
            showsView("account");
            b.await("two-step sign-in off", d -> "off".equals(b.find(By.id("mfa-status")).getDomAttribute("data-mfa")));
            b.click(By.id("mfa-enable"));
            b.visible(By.id("mfa-setup"));
            String secret = b.await("the key in #mfa-secret", d -> {
                String text = b.textOrNull(By.id("mfa-secret"));
                return text == null || text.isBlank() ? null : text.replace(" ", "");
            });
            assertThat(secret).matches("[A-Z2-7]{16,}");
            WebElement qr = b.await("the QR code drawn", d -> d.findElement(By.cssSelector("#mfa-qr svg path")));
            assertThat(qr.getDomAttribute("d")).as("QR modules").contains("h1v1h-1z").hasSizeGreaterThan(1000);
            assertThat(b.find(By.cssSelector("#mfa-qr svg")).getDomAttribute("role")).isEqualTo("img");
            assertThat(b.find(By.id("mfa-qr")).getDomAttribute("data-uri")).isEqualTo("otpauth://totp/ExpenseTracker:"
                    + java.net.URLEncoder.encode(email, StandardCharsets.UTF_8).replace("+", "%20")
                    + "?secret=" + secret + "&issuer=ExpenseTracker");
            b.screenshot("08-account-mfa-setup", By.id("mfa-setup"));
            Totp totp = new Totp(secret);
            b.type(By.id("mfa-setup-code"), totp.next());
            b.click(By.id("mfa-verify"));
            b.await("two-step sign-in on", d -> "on".equals(b.find(By.id("mfa-status")).getDomAttribute("data-mfa")));
            assertThat(b.shown(By.id("mfa-setup"))).isFalse();

            // ---- sign in with password + code, kept ----------------------------------------------------
            b.click(By.id("log-out"));
            b.await("the sign-in screen", d -> b.shown(By.id("auth")));
            logInWithMfa(email, PASSWORD, totp, true);
            assertThat(b.js("return localStorage.getItem('" + SESSION_KEY + "') !== null"
                    + " && sessionStorage.getItem('" + SESSION_KEY + "') === null;")).as("kept in localStorage only").isEqualTo(true);

            // ---- a second tab of the kept session is signed in without logging in -----------------------
            b.driver.switchTo().newWindow(WindowType.TAB);
            second = b.driver.getWindowHandle();
            b.driver.get(stack.webUrl().toString() + "#/entries");
            b.await("the second tab signed in", d -> b.shown(By.id("app")) && !b.shown(By.id("auth")));
            b.visible(By.id("entries-title"));

            // ---- signing out in one tab signs out the other -----------------------------------------------
            b.driver.switchTo().window(first);
            b.click(By.id("log-out"));
            b.await("the sign-in screen", d -> b.shown(By.id("auth")));
            b.driver.switchTo().window(second);
            b.await("the second tab signed out too", d -> b.shown(By.id("auth")) && !b.shown(By.id("app")));
            assertThat(b.textOrNull(By.id("auth-message"))).contains("signed out in another tab");

            // ---- forgotten password: a wrong code, then the mailed one and a new password ---------------------
            b.driver.switchTo().window(first);
            int mailed = mailedCodes(email).size();
            b.type(By.id("auth-email"), email);
            b.click(By.id("forgot-password"));
            b.visible(By.id("reset-form"));
            b.await("the reset code mailed", d -> mailedCodes(email).size() == mailed + 1);
            List<String> codes = mailedCodes(email);
            String resetCode = codes.get(codes.size() - 1);
            b.type(By.id("reset-code"), resetCode.equals("000000") ? "000001" : "000000");
            b.type(By.id("reset-password"), resetPassword);
            b.click(By.id("reset-submit"));
            b.await("the wrong reset code refused", d -> b.find(By.id("reset-submit")).isEnabled()
                    && b.textOrNull(By.id("auth-message")).contains("That code is not right"));
            b.type(By.id("reset-code"), resetCode);
            b.click(By.id("reset-submit"));
            b.await("the password reset", d -> b.textOrNull(By.id("auth-message")).contains("Your password is changed"));
            assertThat(b.shown(By.id("reset-form"))).isFalse();
            logInWithMfa(email, resetPassword, totp, true);

            // the other tab follows the sign-in of the kept session
            b.driver.switchTo().window(second);
            b.await("the second tab signed in again", d -> b.shown(By.id("app")) && !b.shown(By.id("auth")));
            b.driver.switchTo().window(first);

            // ---- change the password (a wrong current one first), turn two-step sign-in off ------------------
            b.click(By.id("nav-account"));
            showsView("account");
            b.type(By.id("current-password"), "Not-the-password-1");
            b.type(By.id("new-password"), changedPassword);
            b.click(By.id("change-password-submit"));
            b.await("the wrong current password refused", d -> b.find(By.id("change-password-submit")).isEnabled()
                    && "The current password is not right.".equals(b.textOrNull(By.id("change-password-message"))));
            b.type(By.id("current-password"), resetPassword);
            b.type(By.id("new-password"), changedPassword);
            b.click(By.id("change-password-submit"));
            b.await("the password changed", d -> b.textOrNull(By.id("change-password-message")).startsWith("Your password is changed"));
            b.await("two-step sign-in on", d -> "on".equals(b.find(By.id("mfa-status")).getDomAttribute("data-mfa")));
            b.click(By.id("mfa-disable"));
            b.await("two-step sign-in off", d -> "off".equals(b.find(By.id("mfa-status")).getDomAttribute("data-mfa")));
            b.screenshot("09-account");

            // ---- sign out everywhere: the refresh token is dead, the other tab is on the sign-in screen ----------
            String refreshToken = (String) b.js("return JSON.parse(localStorage.getItem('" + SESSION_KEY + "')).refreshToken;");
            assertThat(refreshWith(refreshToken)).as("refresh before sign-out everywhere").isEqualTo(200);
            b.click(By.id("sign-out-everywhere"));
            b.await("signed out everywhere", d -> b.shown(By.id("auth"))
                    && b.textOrNull(By.id("auth-message")).contains("signed out on every device"));
            assertThat(refreshWith(refreshToken)).as("refresh after sign-out everywhere").isEqualTo(400);
            b.driver.switchTo().window(second);
            b.driver.navigate().refresh();
            b.await("the other tab on the sign-in screen", d -> b.shown(By.id("auth")) && !b.shown(By.id("app")));
            b.driver.close();
            second = null;
            b.driver.switchTo().window(first);

            // ---- the new password (no code any more), then delete the account ------------------------------
            b.type(By.id("auth-email"), email);
            b.type(By.id("auth-password"), changedPassword);
            b.click(By.id("log-in"));
            b.await("signed in with the changed password", d -> b.shown(By.id("app")));
            b.click(By.id("nav-account"));
            showsView("account");
            b.click(By.id("delete-account"));
            b.type(By.id("delete-account-email"), "someone-else@example.com");
            b.click(By.id("delete-account-confirm"));
            b.await("the deletion needs the right email", d -> b.textOrNull(By.id("delete-account-message"))
                    .contains("Type the email address"));
            b.type(By.id("delete-account-email"), email.toUpperCase(Locale.ROOT));
            b.click(By.id("delete-account-confirm"));
            b.await(() -> "signed out after DELETE /account (#delete-account-message: \""
                    + b.textOrNull(By.id("delete-account-message")) + "\")", Browser.DEFAULT_WAIT,
                    d -> b.shown(By.id("auth")) && b.textOrNull(By.id("auth-message")).contains("being deleted"));
            // the identity goes once the queued job has removed the data
            b.await("the identity deleted", Duration.ofSeconds(30), d -> signInStatus(email, changedPassword) == 400);
            b.type(By.id("auth-email"), email);
            b.type(By.id("auth-password"), changedPassword);
            b.click(By.id("log-in"));
            b.await("sign-in refused", d -> b.find(By.id("log-in")).isEnabled()
                    && "Incorrect email or password.".equals(b.textOrNull(By.id("auth-message"))));
            assertThat(b.shown(By.id("app"))).isFalse();
        } catch (AssertionError | RuntimeException e) {
            try {
                b.screenshot("99-account-failure");
            } catch (RuntimeException screenshotFailed) {
                e.addSuppressed(screenshotFailed);
            }
            throw e;
        } finally {
            if (second != null) {
                b.driver.switchTo().window(second);
                b.driver.close();
            }
            if (first != null) {
                b.driver.switchTo().window(first);
            }
            b.js("sessionStorage.clear(); localStorage.clear(); return null;");
            b.driver.navigate().refresh();
            System.out.printf(Locale.ROOT, "Account lifecycle scenario took %.1f s%n", (System.nanoTime() - started) / 1e9);
        }
    }

    /**
     * API Gateway answers throttling, missing routes and its own failures with {"message": "..."} rather
     * than the error contract: the client retries a 429 (honouring Retry-After, backing off without it,
     * bounded) and turns the others into sentences, while contract bodies keep their code and message.
     */
    @Test
    void givenApiGatewaysOwnAnswers_whenTheAppCallsTheApi_thenItRetriesThrottlingAndSaysWhatHappened() {
        Browser b = browser;
        b.driver.get(stack.webUrl().toString());
        b.js("sessionStorage.clear(); localStorage.clear(); return null;");
        b.driver.navigate().refresh();
        try {
            signUpAndLogIn("gateway-" + UUID.randomUUID() + "@example.com");
            @SuppressWarnings("unchecked")
            Map<String, Object> results = (Map<String, Object>) b.js("""
                    return (async () => {
                      const { api } = await import('/js/api.js');
                      const { describeError } = await import('/js/ui.js');
                      const real = window.fetch;
                      let script = [];
                      let calls = 0;
                      window.fetch = (url, init) => {
                        if (!String(url).includes('/api/probe')) return real(url, init);
                        const [status, body, headers] = script[Math.min(calls, script.length - 1)];
                        calls += 1;
                        return Promise.resolve(new Response(body, { status,
                          headers: { 'Content-Type': 'application/json', ...(headers || {}) } }));
                      };
                      const run = async (steps) => {
                        script = steps; calls = 0;
                        const start = performance.now();
                        try {
                          const { status, data } = await api('GET', '/probe');
                          return { ok: true, status, data, calls, ms: performance.now() - start };
                        } catch (e) {
                          return { ok: false, status: e.status, code: e.code, message: e.message, requestId: e.requestId,
                                   sentence: describeError(e), calls, ms: performance.now() - start };
                        }
                      };
                      const gateway = (status, message, headers) => [status, JSON.stringify({ message }), headers];
                      const out = {};
                      try {
                        out.forbidden = await run([gateway(403, 'Forbidden')]);
                        out.throttledThenOk = await run([gateway(429, 'Too Many Requests', { 'Retry-After': '0' }),
                          gateway(429, 'Too Many Requests', { 'Retry-After': '0' }), [200, '{"ok":true}']]);
                        out.backoff = await run([gateway(429, 'Too Many Requests'), [200, '{"ok":true}']]);
                        out.throttled = await run([gateway(429, 'Too Many Requests', { 'Retry-After': '0' })]);
                        out.internal = await run([gateway(500, 'Internal Server Error', { 'apigw-requestid': 'gw-1' })]);
                        out.unavailable = await run([gateway(503, 'Service Unavailable')]);
                        out.timeout = await run([gateway(504, 'Endpoint request timed out')]);
                        out.contract = await run([[404, JSON.stringify({ error: { code: 'NOT_FOUND',
                          message: 'Entry not found.', details: [], requestId: 'req-1' } })]]);
                      } finally {
                        window.fetch = real;
                      }
                      return out;
                    })();""");
            assertThat(results.get("forbidden")).asString().contains("code=FORBIDDEN", "status=403", "calls=1",
                    "message=You are not allowed to do that.", "sentence=You are not allowed to do that.");
            assertThat(results.get("throttledThenOk")).asString().contains("ok=true", "status=200", "calls=3");
            @SuppressWarnings("unchecked")
            Map<String, Object> backoff = (Map<String, Object>) results.get("backoff");
            assertThat(backoff).containsEntry("ok", true).containsEntry("calls", 2L);
            assertThat(((Number) backoff.get("ms")).doubleValue()).as("backoff without Retry-After, ms").isGreaterThanOrEqualTo(450);
            assertThat(results.get("throttled")).asString().contains("ok=false", "code=TOO_MANY_REQUESTS", "calls=4",
                    "sentence=Too many requests: try again shortly.");
            assertThat(results.get("internal")).asString().contains("code=INTERNAL", "requestId=gw-1",
                    "sentence=Something went wrong on our side", "gw-1");
            assertThat(results.get("unavailable")).asString().contains("code=SERVICE_UNAVAILABLE", "calls=1",
                    "sentence=The service is unavailable right now. Try again in a moment.");
            assertThat(results.get("timeout")).asString().contains("code=GATEWAY_TIMEOUT",
                    "sentence=The server took too long to answer.");
            assertThat(results.get("contract")).asString().contains("code=NOT_FOUND", "message=Entry not found.",
                    "requestId=req-1");
            assertThat(b.shown(By.id("app"))).as("still signed in").isTrue();
        } finally {
            b.js("sessionStorage.clear(); localStorage.clear(); return null;");
            b.driver.navigate().refresh();
        }
    }

    /** Logs in with email, password and (after a wrong one) the authenticator code, kept or not. */
    private void logInWithMfa(String email, String password, Totp totp, boolean keep) {
        Browser b = browser;
        b.type(By.id("auth-email"), email);
        b.type(By.id("auth-password"), password);
        WebElement keepBox = b.find(By.id("keep-signed-in"));
        if (keepBox.isSelected() != keep) {
            keepBox.click();
        }
        b.click(By.id("log-in"));
        b.visible(By.id("mfa-form"));
        assertThat(b.shown(By.id("app"))).as("signed in before the code").isFalse();
        b.type(By.id("mfa-code"), totp.wrong());
        b.click(By.id("mfa-submit"));
        b.await("the wrong code refused", d -> b.find(By.id("mfa-submit")).isEnabled()
                && b.textOrNull(By.id("auth-message")).contains("That code is not right"));
        assertThat(b.shown(By.id("mfa-form"))).isTrue();
        b.type(By.id("mfa-code"), totp.next());
        b.click(By.id("mfa-submit"));
        b.await("signed in with the code", d -> b.shown(By.id("app")) && !b.shown(By.id("auth")));
    }

    /** The HTTP status of REFRESH_TOKEN_AUTH with this refresh token at the identity endpoint. */
    private static int refreshWith(String refreshToken) {
        return cognito("InitiateAuth", "{\"ClientId\":\"" + stack.clientId() + "\",\"AuthFlow\":\"REFRESH_TOKEN_AUTH\","
                + "\"AuthParameters\":{\"REFRESH_TOKEN\":\"" + refreshToken + "\"}}");
    }

    /** The HTTP status of USER_PASSWORD_AUTH (200 signed in or challenged, 400 refused). */
    private static int signInStatus(String email, String password) {
        return cognito("InitiateAuth", "{\"ClientId\":\"" + stack.clientId() + "\",\"AuthFlow\":\"USER_PASSWORD_AUTH\","
                + "\"AuthParameters\":{\"USERNAME\":\"" + email + "\",\"PASSWORD\":\"" + password + "\"}}");
    }

    private static int cognito(String operation, String body) {
        try {
            return HTTP.send(HttpRequest.newBuilder(stack.cognitoUrl())
                    .header("Content-Type", "application/x-amz-json-1.1")
                    .header("X-Amz-Target", "AWSCognitoIdentityProviderService." + operation)
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /**
     * An authenticator app (RFC 6238: HMAC-SHA1, 30 s steps, 6 digits), written out here rather than
     * borrowed from the identity endpoint's own code. Each code it hands out belongs to a newer step
     * than the last (a used code is refused), within the one step either side of now that is accepted;
     * when there is none yet, it waits for the clock.
     */
    static final class Totp {
        private final byte[] key;
        private long lastStep = Long.MIN_VALUE;

        Totp(String base32) {
            key = base32Decode(base32);
        }

        String next() {
            for (;;) {
                long current = System.currentTimeMillis() / 1000 / 30;
                // never the step before now: it may leave the accepted window before the code is checked
                long step = Math.max(lastStep + 1, current);
                if (step <= current + 1) {
                    lastStep = step;
                    return code(step);
                }
                try {
                    Thread.sleep(500);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException(e);
                }
            }
        }

        /** A code that is right for no step the endpoint would accept now. */
        String wrong() {
            long now = System.currentTimeMillis() / 1000 / 30;
            List<String> right = List.of(code(now - 1), code(now), code(now + 1), code(now + 2));
            for (int i = 0; ; i++) {
                String candidate = String.format(Locale.ROOT, "%06d", (123456 + i * 7919) % 1_000_000);
                if (!right.contains(candidate)) {
                    return candidate;
                }
            }
        }

        String code(long step) {
            try {
                javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA1");
                mac.init(new javax.crypto.spec.SecretKeySpec(key, "HmacSHA1"));
                byte[] hash = mac.doFinal(java.nio.ByteBuffer.allocate(8).putLong(step).array());
                int offset = hash[hash.length - 1] & 0x0f;
                int binary = ((hash[offset] & 0x7f) << 24) | ((hash[offset + 1] & 0xff) << 16)
                        | ((hash[offset + 2] & 0xff) << 8) | (hash[offset + 3] & 0xff);
                return String.format(Locale.ROOT, "%06d", binary % 1_000_000);
            } catch (java.security.GeneralSecurityException e) {
                throw new IllegalStateException(e);
            }
        }

        private static byte[] base32Decode(String text) {
            String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
            java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
            int buffer = 0;
            int bits = 0;
            for (char c : text.replace("=", "").toUpperCase(Locale.ROOT).toCharArray()) {
                buffer = (buffer << 5) | alphabet.indexOf(c);
                bits += 5;
                if (bits >= 8) {
                    out.write((buffer >> (bits - 8)) & 0xff);
                    bits -= 8;
                }
            }
            return out.toByteArray();
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
    static List<String> mailedCodes(String email) {
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

    /**
     * The one visible view is section#view-{name}; the others carry the hidden attribute. The first time the
     * run shows a view, axe-core looks at it: no serious or critical finding.
     */
    private void showsView(String name) {
        awaitView(name);
        if (accessibilityChecked.add(name)) {
            assertAccessible("section#view-" + name);
        }
    }

    /** No serious or critical axe-core finding on the page as it is now. */
    private void assertAccessible(String what) {
        assertThat(browser.seriousAccessibilityFindings()).as("serious axe-core findings on " + what).isEmpty();
    }

    private void awaitView(String name) {
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
