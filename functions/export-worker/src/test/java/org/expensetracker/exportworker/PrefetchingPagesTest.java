package org.expensetracker.exportworker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.expensetracker.core.OwnerId;
import org.expensetracker.core.entry.EntryFilter;
import org.expensetracker.core.entry.EntryType;
import org.expensetracker.dataapi.export.ExportRowsQuery;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class PrefetchingPagesTest {
    private static final OwnerId OWNER = new OwnerId("owner-1");
    private final ExecutorService executor = Executors.newFixedThreadPool(2, BackgroundThreads.FACTORY);

    @AfterEach
    void stop() {
        BackgroundThreads.end(executor, Duration.ofSeconds(10));
    }

    @Test
    void givenRowsOverSeveralPages_whenRead_thenEveryPageInOrderEachAfterTheLastRowOfThePageBefore() {
        Table table = new Table(10_000);
        PrefetchingPages pages = new PrefetchingPages(table, OWNER, EntryFilter.ALL, 1000, executor);

        List<ExportRowsQuery.Row> read = new ArrayList<>();
        for (List<ExportRowsQuery.Row> page; !(page = pages.next()).isEmpty(); ) {
            read.addAll(page);
        }

        assertThat(read).isEqualTo(table.rows);
        assertThat(table.limits.get(0)).as("the first page").isEqualTo(1000);
        assertThat(table.limits.subList(1, table.limits.size())).as("then sized by the rows' bytes")
                .allSatisfy(limit -> assertThat(limit).isGreaterThan(1000));
        List<ExportRowsQuery.Position> expected = new ArrayList<>();
        expected.add(null);
        int served = 0;
        for (int size : table.sizes.subList(0, table.sizes.size() - 1)) {
            served += size;
            expected.add(table.rows.get(served - 1).position());
        }
        assertThat(table.cursors).containsExactlyElementsOf(expected);
        assertThat(table.sizes.get(table.sizes.size() - 1)).as("the last page is short").isPositive();
        assertThat(pages.next()).as("after the end").isEmpty();
        assertThat(table.cursors).as("no call only to find nothing more").hasSize(expected.size());
    }

    @Test
    void givenRowsFillingTheLastPageExactly_whenRead_thenOneMoreCallFindsTheEnd() {
        Table table = new Table(2_000);
        PrefetchingPages pages = new PrefetchingPages(table, OWNER, EntryFilter.ALL, 1000, executor);

        assertThat(pages.next()).hasSize(1000);
        List<ExportRowsQuery.Row> rest = pages.next();
        assertThat(pages.next()).isEmpty();

        assertThat(rest).isEqualTo(table.rows.subList(1000, 2000));
        assertThat(table.sizes).containsExactly(1000, 1000);
        assertThat(pages.next()).isEmpty();
    }

    @Test
    void givenAPageHandedOut_whenTheCallerIsStillWritingIt_thenTheNextPageIsAlreadyBeingFetched() throws Exception {
        CountDownLatch secondPageAsked = new CountDownLatch(1);
        Table table = new Table(2_500) {
            @Override
            public ExportRowsQuery.Page page(OwnerId owner, EntryFilter filter, ExportRowsQuery.Position after,
                                             int limit) {
                if (after != null) {
                    secondPageAsked.countDown();
                }
                return super.page(owner, filter, after, limit);
            }
        };
        PrefetchingPages pages = new PrefetchingPages(table, OWNER, EntryFilter.ALL, 1000, executor);

        assertThat(pages.next()).hasSize(1000);

        // Nothing more asked of the pages: the second one is on its way regardless.
        assertThat(secondPageAsked.await(10, TimeUnit.SECONDS)).isTrue();
        assertThat(table.fetchThreads).allSatisfy(name -> assertThat(name).startsWith("export-background-"));
        assertThat(pages.next()).hasSize(1500);
        assertThat(pages.next()).isEmpty();
        assertThat(table.mostInFlight.get()).as("pages in flight at once").isEqualTo(1);
    }

    @Test
    void givenAPageFails_whenItsTurnComes_thenItsOwnExceptionIsThrown() {
        IllegalStateException failure = new IllegalStateException("the database went away");
        Table table = new Table(2_500) {
            @Override
            public ExportRowsQuery.Page page(OwnerId owner, EntryFilter filter, ExportRowsQuery.Position after,
                                             int limit) {
                if (after != null) {
                    throw failure;
                }
                return super.page(owner, filter, after, limit);
            }
        };
        PrefetchingPages pages = new PrefetchingPages(table, OWNER, EntryFilter.ALL, 1000, executor);

        assertThat(pages.next()).hasSize(1000);
        assertThatThrownBy(pages::next).isSameAs(failure);
    }

    /** Rows in export order, served in keyset pages the way ExportRowsQuery does. */
    static class Table implements PrefetchingPages.Source {
        private static final String FILLER = "lorem ipsum dolor sit amet ".repeat(10);
        final List<ExportRowsQuery.Row> rows = new ArrayList<>();
        /** Per call: the cursor, the limit asked for, the rows served. */
        final List<ExportRowsQuery.Position> cursors = Collections.synchronizedList(new ArrayList<>());
        final List<Integer> limits = Collections.synchronizedList(new ArrayList<>());
        final List<Integer> sizes = Collections.synchronizedList(new ArrayList<>());
        final List<String> fetchThreads = Collections.synchronizedList(new ArrayList<>());
        final AtomicInteger inFlight = new AtomicInteger();
        final AtomicInteger mostInFlight = new AtomicInteger();

        Table(int count) {
            LocalDate date = LocalDate.of(2026, 11, 30);
            for (int i = 0; i < count; i++) {
                rows.add(new ExportRowsQuery.Row(new UUID(0, count - i), date.minusDays(i / 7),
                        i % 8 == 0 ? EntryType.CREDIT : EntryType.DEBIT, new BigDecimal(i + ".25"), "INR", "Food",
                        "row " + i + ", with a comma and a \"quote\" " + FILLER.substring(0, 150 + i % 50), List.of()));
            }
        }

        @Override
        public ExportRowsQuery.Page page(OwnerId owner, EntryFilter filter, ExportRowsQuery.Position after,
                                         int limit) {
            mostInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
            try {
                cursors.add(after);
                limits.add(limit);
                fetchThreads.add(Thread.currentThread().getName());
                int from = after == null ? 0 : indexOf(after) + 1;
                List<ExportRowsQuery.Row> page = rows.subList(from, Math.min(rows.size(), from + limit));
                sizes.add(page.size());
                return new ExportRowsQuery.Page(page, limit);
            } finally {
                inFlight.decrementAndGet();
            }
        }

        /** Rows served so far. */
        int served() {
            synchronized (sizes) {
                return sizes.stream().mapToInt(Integer::intValue).sum();
            }
        }

        private int indexOf(ExportRowsQuery.Position position) {
            for (int i = 0; i < rows.size(); i++) {
                if (rows.get(i).position().equals(position)) {
                    return i;
                }
            }
            throw new IllegalArgumentException("no row at " + position);
        }
    }
}
