package org.expensetracker.local.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * Capture first, type later: a bill is photographed and uploaded before its entry exists, waits in
 * the inbox, and a new entry takes it — all of it or none, only the caller's own receipts, never
 * twice.
 */
class CaptureFirstTest {

    @Test
    void givenABillCapturedBeforeItsEntry_whenAnEntryIsCreatedWithIt_thenTheEntryHoldsItAndItsPrintedWordsFindIt()
            throws Exception {
        ApiClient user = ApiClient.newUser();
        ApiClient.Response captured = capture(user, "bill.png", "image/png", Receipts.receipt(false, ReceiptReadingTest.BILL));
        String documentId = captured.body().path("document").path("id").asText();
        assertThat(captured.body().path("document").path("entryId").isNull()).isTrue();
        assertThat(captured.header("Location")).endsWith("/documents/" + documentId);

        JsonNode indexed = ReceiptsApiTest.awaitIndexed(user, documentId);
        assertThat(indexed.path("status").asText()).isEqualTo("AVAILABLE");
        assertThat(indexed.path("entryId").isNull()).isTrue();
        assertThat(indexed.has("previewUrl")).isTrue();
        JsonNode inbox = user.get("/documents?unattached=true").body();
        assertThat(inbox.path("items").findValuesAsText("id")).containsExactly(documentId);
        if (user.stack().readsReceipts()) {
            // what a client prefills the new entry from
            assertThat(inbox.path("items").get(0).path("extracted").path("total").asText()).isEqualTo("1250.00");
        }

        ObjectNode body = withDocuments(ApiClient.entry("2026-11-21", "DEBIT", "1250.00", "Travel", "Cab"), documentId);
        body.put("id", UUID.randomUUID().toString());
        ApiClient.Response created = user.post("/entries", body);

        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        String entryId = created.body().path("id").asText();
        assertThat(created.body().path("documentCount").asInt()).isEqualTo(1);
        JsonNode onEntry = user.get("/entries/" + entryId).body().path("documents");
        assertThat(onEntry.findValuesAsText("id")).containsExactly(documentId);
        assertThat(onEntry.get(0).path("entryId").asText()).isEqualTo(entryId);
        assertThat(user.get("/documents?unattached=true").body().path("items").size()).isZero();
        if (user.stack().readsReceipts()) {
            // "Bengaluru" is printed on the bill only
            assertThat(user.get("/entries?q=bengaluru").body().path("items").findValuesAsText("id"))
                    .containsExactly(entryId);
        }

        // the phone retries both requests on a bad network: nothing new, nothing lost
        ApiClient.Response again = user.post("/entries", body);
        assertThat(again.status()).isEqualTo(200);
        assertThat(again.body().path("id").asText()).isEqualTo(entryId);
        assertThat(again.body().path("documentCount").asInt()).isEqualTo(1);
        ApiClient.Response recaptured = user.post("/documents", announcement(documentId, "bill.png", "image/png",
                Receipts.receipt(false, ReceiptReadingTest.BILL)));
        assertThat(recaptured.status()).isEqualTo(200);
        assertThat(recaptured.body().path("document").path("entryId").asText()).isEqualTo(entryId);
        assertThat(recaptured.body().has("upload")).as("accepted bytes are not uploaded again").isFalse();
    }

    @Test
    void givenAReceiptTakenWhileItsUploadIsStillOnItsWay_whenItArrives_thenItsTextJoinsTheEntrysSearch() throws Exception {
        ApiClient user = ApiClient.newUser();
        String word = "quokka" + Long.toString(System.nanoTime(), 36).replaceAll("[0-9]", "");
        byte[] pdf = Receipts.pdf("Invoice for " + word + " supplies");
        String documentId = UUID.randomUUID().toString();
        ApiClient.Response captured = user.post("/documents", announcement(documentId, "invoice.pdf", "application/pdf", pdf));
        assertThat(captured.status()).isEqualTo(201);

        JsonNode entry = user.post("/entries", withDocuments(
                ApiClient.entry("2026-11-22", "DEBIT", "80.00", "Office", "Supplies"), documentId)).body();
        assertThat(ReceiptsApiTest.put(captured.body().path("upload"), "application/pdf", pdf)).isEqualTo(200);

        assertThat(ReceiptsApiTest.awaitIndexed(user, documentId).path("status").asText()).isEqualTo("AVAILABLE");
        assertThat(user.get("/entries?q=" + word).body().path("items").findValuesAsText("id"))
                .containsExactly(entry.path("id").asText());
    }

    @Test
    void givenAnotherUsersReceipt_whenAnEntryIsCreatedWithIt_thenItIsRefusedAsIfItDidNotExistAndNothingChanges() {
        ApiClient owner = ApiClient.newUser();
        ApiClient other = ApiClient.newUser();
        String theirs = pending(owner);
        String mine = pending(other);
        String entryId = UUID.randomUUID().toString();

        ObjectNode mixed = withDocuments(ApiClient.entry("2026-11-21", "DEBIT", "5.00", "Food", "Tea"), mine, theirs);
        mixed.put("id", entryId);
        ApiClient.Response refused = other.post("/entries", mixed);
        ObjectNode unknown = withDocuments(ApiClient.entry("2026-11-21", "DEBIT", "5.00", "Food", "Tea"),
                UUID.randomUUID().toString());
        ApiClient.Response refusedUnknown = other.post("/entries", unknown);

        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.errorCode()).isEqualTo("VALIDATION_FAILED");
        assertThat(refused.body().path("error").path("details").findValuesAsText("field")).containsExactly("documentIds");
        assertThat(refusedUnknown.body().path("error").path("details"))
                .as("another user's receipt and one that does not exist are told the same")
                .isEqualTo(refused.body().path("error").path("details"));
        assertThat(other.get("/entries/" + entryId).status()).isEqualTo(404);
        assertThat(other.get("/documents?unattached=true").body().path("items").findValuesAsText("id"))
                .as("all or none: the caller's own receipt still waits").containsExactly(mine);
        assertThat(owner.get("/documents?unattached=true").body().path("items").findValuesAsText("id"))
                .containsExactly(theirs);
        assertThat(other.get("/documents/" + theirs).status()).isEqualTo(404);
        assertThat(other.delete("/documents/" + theirs).status()).isEqualTo(404);
        assertThat(owner.get("/documents/" + theirs).body().path("entryId").isNull()).isTrue();
    }

    @Test
    void givenOneCapturedReceipt_whenEightEntriesAreCreatedWithItAtOnce_thenExactlyOneTakesIt() throws Exception {
        ApiClient user = ApiClient.newUser();
        String documentId = pending(user);
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<ApiClient.Response>> racers = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                ObjectNode body = withDocuments(ApiClient.entry("2026-11-21", "DEBIT", "9.00", "Food", "Racer " + i),
                        documentId);
                racers.add(pool.submit((Callable<ApiClient.Response>) () -> user.post("/entries", body)));
            }
            List<Integer> statuses = new ArrayList<>();
            for (Future<ApiClient.Response> racer : racers) {
                statuses.add(racer.get().status());
            }
            assertThat(statuses).filteredOn(status -> status == 201).hasSize(1);
            assertThat(statuses).filteredOn(status -> status == 400).hasSize(7);
        } finally {
            pool.shutdownNow();
        }
        JsonNode listed = user.get("/entries?q=racer").body().path("items");
        assertThat(listed.size()).isEqualTo(1);
        assertThat(listed.get(0).path("documentCount").asInt()).isEqualTo(1);
        assertThat(user.get("/documents/" + documentId).body().path("entryId").asText())
                .isEqualTo(listed.get(0).path("id").asText());
    }

    @Test
    void givenSeveralCapturedReceipts_whenTheInboxIsPaged_thenEachAppearsOnceNewestFirstAndADeletedOneIsGone() {
        ApiClient user = ApiClient.newUser();
        List<String> captured = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            captured.add(pending(user));
        }
        List<String> seen = new ArrayList<>();
        String cursor = null;
        int pages = 0;
        do {
            JsonNode page = user.get("/documents?unattached=true&limit=2" + (cursor == null ? "" : "&cursor=" + cursor)).body();
            seen.addAll(page.path("items").findValuesAsText("id"));
            cursor = page.path("nextCursor").isNull() ? null : page.path("nextCursor").asText();
            pages++;
        } while (cursor != null && pages < 10);

        assertThat(pages).isEqualTo(3);
        List<String> newestFirst = new ArrayList<>(captured);
        java.util.Collections.reverse(newestFirst);
        assertThat(seen).containsExactlyElementsOf(newestFirst);
        assertThat(user.delete("/documents/" + captured.get(0)).status()).isEqualTo(204);
        assertThat(user.get("/documents?unattached=true").body().path("items").findValuesAsText("id"))
                .doesNotContain(captured.get(0)).hasSize(4);
    }

    @Test
    void givenMalformedDocumentLists_whenSent_thenEachIsATypedFieldErrorAndNoEntryIsMade() {
        ApiClient user = ApiClient.newUser();
        String documentId = pending(user);
        ObjectNode notAnArray = ApiClient.entry("2026-11-21", "DEBIT", "5.00", "Food", "Bad list");
        notAnArray.put("documentIds", documentId);
        ObjectNode notAnId = withDocuments(ApiClient.entry("2026-11-21", "DEBIT", "5.00", "Food", "Bad list"), "receipt-1");
        ObjectNode twice = withDocuments(ApiClient.entry("2026-11-21", "DEBIT", "5.00", "Food", "Bad list"),
                documentId, documentId);
        ObjectNode tooMany = withDocuments(ApiClient.entry("2026-11-21", "DEBIT", "5.00", "Food", "Bad list"));
        for (int i = 0; i < 21; i++) {
            tooMany.withArray("documentIds").add(UUID.randomUUID().toString());
        }

        assertThat(fields(user.post("/entries", notAnArray))).containsExactly("documentIds");
        assertThat(fields(user.post("/entries", notAnId))).containsExactly("documentIds[0]");
        assertThat(fields(user.post("/entries", twice))).containsExactly("documentIds[1]");
        assertThat(fields(user.post("/entries", tooMany))).containsExactly("documentIds");
        assertThat(user.get("/entries?q=bad%20list").body().path("items").size()).isZero();
        assertThat(user.get("/documents/" + documentId).body().path("entryId").isNull()).isTrue();

        ApiClient.Response withoutFlag = user.get("/documents");
        assertThat(withoutFlag.status()).isEqualTo(400);
        assertThat(withoutFlag.body().path("error").path("details").findValuesAsText("field")).containsExactly("unattached");
        JsonNode entry = user.create("2026-11-21", "DEBIT", "5.00", "Food", "Existing");
        ObjectNode update = withDocuments(ApiClient.entry("2026-11-21", "DEBIT", "5.00", "Food", "Existing"), documentId);
        assertThat(fields(user.put("/entries/" + entry.path("id").asText(), update, "\"1\""))).containsExactly("documentIds");
    }

    @Test
    void givenAReceiptAlreadyInAnEntry_whenAnotherEntryIsCreatedWithIt_thenItIsRefusedAndStaysWhereItIs() {
        ApiClient user = ApiClient.newUser();
        JsonNode entry = user.create("2026-11-21", "DEBIT", "5.00", "Food", "Lunch");
        String attached = user.post("/entries/" + entry.path("id").asText() + "/documents",
                        announcement(UUID.randomUUID().toString(), "lunch.pdf", "application/pdf", Receipts.pdf("lunch")))
                .body().path("document").path("id").asText();

        ApiClient.Response refused = user.post("/entries",
                withDocuments(ApiClient.entry("2026-11-22", "DEBIT", "6.00", "Food", "Dinner"), attached));

        assertThat(refused.status()).isEqualTo(400);
        assertThat(user.get("/documents/" + attached).body().path("entryId").asText()).isEqualTo(entry.path("id").asText());
        assertThat(user.get("/entries?q=dinner").body().path("items").size()).isZero();
    }

    static ApiClient.Response capture(ApiClient user, String name, String type, byte[] bytes) throws Exception {
        ApiClient.Response announced = user.post("/documents", announcement(UUID.randomUUID().toString(), name, type, bytes));
        assertThat(announced.status()).as(announced.toString()).isEqualTo(201);
        assertThat(ReceiptsApiTest.put(announced.body().path("upload"), type, bytes)).isEqualTo(200);
        return announced;
    }

    /** A captured receipt whose upload has not arrived yet (PENDING). */
    private static String pending(ApiClient user) {
        ApiClient.Response announced = user.post("/documents", announcement(UUID.randomUUID().toString(), "later.pdf",
                "application/pdf", Receipts.pdf("later")));
        assertThat(announced.status()).as(announced.toString()).isEqualTo(201);
        return announced.body().path("document").path("id").asText();
    }

    private static Map<String, Object> announcement(String id, String name, String type, byte[] bytes) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("id", id);
        body.put("fileName", name);
        body.put("contentType", type);
        body.put("sizeBytes", bytes.length);
        try {
            body.put("sha256", HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        return body;
    }

    private static ObjectNode withDocuments(ObjectNode entry, String... documentIds) {
        var list = entry.putArray("documentIds");
        for (String id : documentIds) {
            list.add(id);
        }
        return entry;
    }

    private static List<String> fields(ApiClient.Response response) {
        assertThat(response.status()).as(response.toString()).isEqualTo(400);
        assertThat(response.errorCode()).isEqualTo("VALIDATION_FAILED");
        return response.body().path("error").path("details").findValuesAsText("field");
    }
}
