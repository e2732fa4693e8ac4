package org.expensetracker.dataapi.export;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.UUID;
import java.util.function.IntFunction;
import org.expensetracker.core.OwnerId;
import org.expensetracker.core.entry.EntryFilter;
import org.expensetracker.core.entry.EntryType;
import org.expensetracker.dataapi.DataApiSql;
import org.expensetracker.dataapi.DataApiTarget;
import org.expensetracker.dataapi.ResumeRetry;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.rdsdata.RdsDataClient;
import software.amazon.awssdk.services.rdsdata.model.BadRequestException;
import software.amazon.awssdk.services.rdsdata.model.ColumnMetadata;
import software.amazon.awssdk.services.rdsdata.model.ExecuteStatementRequest;
import software.amazon.awssdk.services.rdsdata.model.ExecuteStatementResponse;
import software.amazon.awssdk.services.rdsdata.model.Field;
import software.amazon.awssdk.services.rdsdata.model.SqlParameter;

class ExportRowsQueryTest {
    private static final OwnerId OWNER = new OwnerId("owner-1");
    private static final List<String> COLUMNS = List.of("head", "description", "receipts", "tags");

    @Test
    void givenAPageThatWouldExceedTheResponseLimit_whenRead_thenItIsAskedForWithHalfTheRowsAndSaysSo() {
        FakeDataApi dataApi = new FakeDataApi(limit -> limit > 250);
        ExportRowsQuery query = new ExportRowsQuery(dataApi.sql());

        ExportRowsQuery.Page page = query.page(OWNER, EntryFilter.ALL, null, 1000);

        assertThat(dataApi.limits).containsExactly(1000L, 500L, 250L);
        assertThat(page.rows()).hasSize(250);
        assertThat(page.limit()).isEqualTo(250);
        assertThat(page.isLast()).isFalse();
        assertThat(page.next()).isEqualTo(page.rows().get(249).position());
    }

    @Test
    void givenRowsOfAnyText_whenRead_thenEveryValueComesBackExactlyAsStored() {
        List<ExportRowsQuery.Row> stored = new ArrayList<>();
        List<String> awkward = List.of("", " ", "  two leading", "trailing  ", "tab\tin", "new\nline\r\n",
                "a b c d e f g", "日本語 😀", "\"quoted\"");
        for (int i = 0; i < awkward.size(); i++) {
            stored.add(new ExportRowsQuery.Row(UUID.randomUUID(), LocalDate.of(1900 + i * 100, 1 + i, 1 + i * 3),
                    i % 2 == 0 ? EntryType.DEBIT : EntryType.CREDIT, new BigDecimal("123456789012.3" + i), "USD",
                    awkward.get(i), awkward.get(awkward.size() - 1 - i),
                    i % 3 == 0 ? List.of() : List.of(new ExportRowsQuery.Receipt(UUID.randomUUID(), "a b.pdf", "k/1"),
                            new ExportRowsQuery.Receipt(UUID.randomUUID(), "c;d.png", "k/2")),
                    i % 4 == 1 ? List.of("trip 2026", "a;b, c", "日本") : List.of()));
        }
        FakeDataApi dataApi = new FakeDataApi(limit -> false, stored);

        ExportRowsQuery.Page page = new ExportRowsQuery(dataApi.sql()).page(OWNER, EntryFilter.ALL, null, 1000);

        assertThat(page.rows()).isEqualTo(stored);
        assertThat(page.isLast()).isTrue();
    }

    @Test
    void givenEvenOneRowTooLarge_whenRead_thenTheDataApiErrorIsThrown() {
        FakeDataApi dataApi = new FakeDataApi(limit -> true);
        ExportRowsQuery query = new ExportRowsQuery(dataApi.sql());

        assertThatThrownBy(() -> query.page(OWNER, EntryFilter.ALL, null, 4))
                .isInstanceOf(BadRequestException.class).hasMessageContaining("response size");
        assertThat(dataApi.limits).containsExactly(4L, 2L, 1L);
    }

    @Test
    void givenFewerRowsThanAskedFor_thenThePageIsTheLast() {
        ExportRowsQuery.Page page = new ExportRowsQuery.Page(rows(3, ExportRowsQueryTest::ordinary), 10);
        ExportRowsQuery.Page full = new ExportRowsQuery.Page(rows(10, ExportRowsQueryTest::ordinary), 10);

        assertThat(page.isLast()).isTrue();
        assertThat(full.isLast()).isFalse();
        assertThat(new ExportRowsQuery.Page(List.of(), 10).isLast()).isTrue();
    }

    @Test
    void givenRowsOfAKnownSize_whenTheNextLimitIsComputed_thenTheNextResponseAimsAtThreeQuartersOfTheLimit() {
        ExportRowsQuery.Page ordinaryRows = new ExportRowsQuery.Page(rows(1000, ExportRowsQueryTest::ordinary), 1000);
        ExportRowsQuery.Page bareRows = new ExportRowsQuery.Page(rows(1000, ExportRowsQueryTest::bare), 1000);
        ExportRowsQuery.Page hugeRows = new ExportRowsQuery.Page(rows(10, ExportRowsQueryTest::huge), 10);

        long bytesPerRow = responseBytes(ordinaryRows.rows()) / 1000;
        int next = ordinaryRows.nextLimit();
        assertThat((long) next * bytesPerRow).as("the next response, at these rows' size")
                .isBetween(ExportRowsQuery.TARGET_RESPONSE_BYTES * 8L / 10, (long) ExportRowsQuery.TARGET_RESPONSE_BYTES);
        assertThat(next).isBetween(1000, ExportRowsQuery.MAX_PAGE_ROWS);
        assertThat(bareRows.nextLimit()).as("capped, for memory").isEqualTo(ExportRowsQuery.MAX_PAGE_ROWS);
        assertThat(hugeRows.nextLimit()).isBetween(1, 50);
        assertThat(responseBytes(rows(hugeRows.nextLimit(), ExportRowsQueryTest::huge)))
                .isLessThan(ExportRowsQuery.RESPONSE_LIMIT_BYTES);
    }

    @Test
    void givenAnyText_whenEstimated_thenTheEstimateIsNeverBelowTheResponseBytes() {
        for (IntFunction<ExportRowsQuery.Row> kind : List.<IntFunction<ExportRowsQuery.Row>>of(
                ExportRowsQueryTest::ordinary, ExportRowsQueryTest::bare, ExportRowsQueryTest::huge,
                ExportRowsQueryTest::awkward)) {
            List<ExportRowsQuery.Row> rows = rows(50, kind);
            long estimated = rows.stream().mapToLong(ExportRowsQuery::estimatedResponseBytes).sum();
            long actual = responseBytes(rows);
            assertThat(estimated).as("estimate of %s", rows.get(0).description())
                    .isGreaterThanOrEqualTo(actual).isLessThan(actual * 3 / 2);
        }
    }

    // --- rows and their response ---

    private static List<ExportRowsQuery.Row> rows(int count, IntFunction<ExportRowsQuery.Row> kind) {
        List<ExportRowsQuery.Row> rows = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            rows.add(kind.apply(i));
        }
        return rows;
    }

    private static ExportRowsQuery.Row ordinary(int i) {
        return new ExportRowsQuery.Row(new UUID(7, i), LocalDate.of(2026, 11, 30).minusDays(i),
                EntryType.DEBIT, new BigDecimal("1250.00").add(BigDecimal.valueOf(i)), "INR", "Travel",
                "Taxi to the airport, then a \"quick\" coffee #" + i, List.of());
    }

    private static ExportRowsQuery.Row bare(int i) {
        return new ExportRowsQuery.Row(new UUID(7, i), LocalDate.of(2026, 11, 30), EntryType.CREDIT,
                new BigDecimal("1.00"), "EUR", "", "", List.of());
    }

    /** The longest description, in a script of three-byte characters, and twenty receipts of long names. */
    private static ExportRowsQuery.Row huge(int i) {
        List<ExportRowsQuery.Receipt> receipts = new ArrayList<>();
        for (int r = 0; r < 20; r++) {
            UUID document = new UUID(i, r);
            receipts.add(new ExportRowsQuery.Receipt(document, "領収書".repeat(80) + r + ".pdf",
                    "receipts/owner-1/" + document));
        }
        return new ExportRowsQuery.Row(new UUID(7, i), LocalDate.of(2026, 11, 30), EntryType.DEBIT,
                new BigDecimal("99999999.99"), "JPY", "食費".repeat(32), "東京駅".repeat(166) + "の", receipts);
    }

    /** Quotes, backslashes, control characters, emoji: everything JSON escapes or encodes long. */
    private static ExportRowsQuery.Row awkward(int i) {
        return new ExportRowsQuery.Row(new UUID(7, i), LocalDate.of(2026, 11, 30), EntryType.DEBIT,
                new BigDecimal("0.01"), "INR", "\"quoted\" \\ back", "tab\there\nnew line\r\u0001 🧾💸 é ü",
                List.of(new ExportRowsQuery.Receipt(new UUID(1, i), "bill \"1\".pdf", "receipts/x/y")));
    }

    /** The rows' records as the Data API sends them (typed fields, strings for every column here), in bytes. */
    private static long responseBytes(List<ExportRowsQuery.Row> rows) {
        ObjectMapper json = new ObjectMapper();
        ArrayNode records = json.createArrayNode();
        for (ExportRowsQuery.Row row : rows) {
            ArrayNode record = records.addArray();
            for (String value : values(row)) {
                ObjectNode field = record.addObject();
                if (value == null) {
                    field.put("isNull", true);
                } else {
                    field.put("stringValue", value);
                }
            }
        }
        try {
            return json.writeValueAsString(records).getBytes(StandardCharsets.UTF_8).length;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** The page statement's four columns for a row, as PostgreSQL computes them. */
    private static List<String> values(ExportRowsQuery.Row row) {
        String receipts = null;
        if (!row.receipts().isEmpty()) {
            List<String> lines = new ArrayList<>();
            for (ExportRowsQuery.Receipt receipt : row.receipts()) {
                lines.add(receipt.documentId() + "\t" + receipt.fileName() + "\t" + receipt.objectKey());
            }
            receipts = String.join("\n", lines);
        }
        String head = String.join(" ", row.id().toString(), Long.toString(row.date().toEpochDay()), row.type().name(),
                row.amount().toPlainString(), row.currency(), row.category());
        String tags = row.tags().isEmpty() ? null : String.join("\n", row.tags());
        return java.util.Arrays.asList(head, row.description(), receipts, tags);
    }

    /**
     * A Data API that answers a page with as many rows as asked for (of {@code stored}, or made up), or refuses
     * those it is told are too large.
     */
    private static final class FakeDataApi implements RdsDataClient {
        final List<Long> limits = Collections.synchronizedList(new ArrayList<>());
        private final java.util.function.LongPredicate tooLarge;
        private final List<ExportRowsQuery.Row> stored;

        FakeDataApi(java.util.function.LongPredicate tooLarge) {
            this(tooLarge, null);
        }

        FakeDataApi(java.util.function.LongPredicate tooLarge, List<ExportRowsQuery.Row> stored) {
            this.tooLarge = tooLarge;
            this.stored = stored;
        }

        DataApiSql sql() {
            return new DataApiSql(this, new DataApiTarget("arn:cluster", "arn:secret", "expenses"),
                    new ResumeRetry(Duration.ZERO));
        }

        @Override
        public ExecuteStatementResponse executeStatement(ExecuteStatementRequest request) {
            long limit = request.parameters().stream().filter(p -> p.name().equals("limit"))
                    .map(SqlParameter::value).findFirst().orElseThrow().longValue();
            limits.add(limit);
            if (tooLarge.test(limit)) {
                throw BadRequestException.builder()
                        .message("Database returned more than the allowed response size limit").build();
            }
            List<List<Field>> records = new ArrayList<>();
            List<ExportRowsQuery.Row> page = stored != null
                    ? stored.subList(0, (int) Math.min(limit, stored.size()))
                    : rows((int) limit, ExportRowsQueryTest::ordinary);
            for (ExportRowsQuery.Row row : page) {
                List<Field> record = new ArrayList<>();
                for (String value : values(row)) {
                    record.add(value == null ? Field.builder().isNull(true).build()
                            : Field.builder().stringValue(value).build());
                }
                records.add(record);
            }
            return ExecuteStatementResponse.builder()
                    .columnMetadata(COLUMNS.stream().map(c -> ColumnMetadata.builder().label(c).build()).toList())
                    .records(records).numberOfRecordsUpdated(0L).build();
        }

        @Override
        public String serviceName() {
            return "rds-data";
        }

        @Override
        public void close() {
        }
    }
}
