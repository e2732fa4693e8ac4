package org.expensetracker.exportworker;

import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import org.expensetracker.core.OwnerId;
import org.expensetracker.core.entry.EntryFilter;
import org.expensetracker.dataapi.export.ExportRowsQuery;

/**
 * The keyset pages of one export, read one page ahead: the next page's cursor (and its size, from
 * {@link ExportRowsQuery.Page#nextLimit()}) is known as soon as a page is decoded, so the next page is
 * requested on {@code executor} the moment a page is handed out, and its Data API round trip (and the
 * decoding of its response) overlaps with the caller turning the page into CSV. At most one page is in
 * flight, so at most two pages are held at a time. A page shorter than asked for is the last one: no
 * call is made just to find nothing more. Not thread-safe: one caller; the fetching is this class's own
 * business.
 *
 * <p>A page that fails to load throws its exception (unchanged) from the {@link #next()} that would
 * have returned it. A fetch still in flight when the caller gives up is not waited for here: whoever
 * owns the executor ends it (ExportRunner shuts its per-run executor down).
 */
final class PrefetchingPages {
    /** One keyset page: up to {@code limit} rows after {@code after} ({@code null}: from the start). */
    @FunctionalInterface
    interface Source {
        ExportRowsQuery.Page page(OwnerId owner, EntryFilter filter, ExportRowsQuery.Position after, int limit);
    }

    private final Source source;
    private final OwnerId owner;
    private final EntryFilter filter;
    private final int firstPageRows;
    private final Executor executor;
    /** The page being fetched; null before the first call and after the last page. */
    private CompletableFuture<ExportRowsQuery.Page> next;
    private boolean started;

    PrefetchingPages(Source source, OwnerId owner, EntryFilter filter, int firstPageRows, Executor executor) {
        this.source = Objects.requireNonNull(source, "source");
        this.owner = owner;
        this.filter = filter;
        this.firstPageRows = firstPageRows;
        this.executor = Objects.requireNonNull(executor, "executor");
    }

    /** The rows of the next page, empty once there are no more; starts fetching the page after it. */
    List<ExportRowsQuery.Row> next() {
        if (!started) {
            started = true;
            next = fetch(null, firstPageRows);
        }
        if (next == null) {
            return List.of();
        }
        ExportRowsQuery.Page page = await(next);
        next = page.isLast() ? null : fetch(page.next(), page.nextLimit());
        return page.rows();
    }

    private CompletableFuture<ExportRowsQuery.Page> fetch(ExportRowsQuery.Position after, int limit) {
        return CompletableFuture.supplyAsync(() -> source.page(owner, filter, after, limit), executor);
    }

    private static ExportRowsQuery.Page await(CompletableFuture<ExportRowsQuery.Page> page) {
        try {
            return page.join();
        } catch (CompletionException e) {
            // The page's own exception, as the caller would have seen it without the read-ahead.
            Throwable cause = e.getCause() == null ? e : e.getCause();
            if (cause instanceof RuntimeException runtime) {
                throw runtime;
            }
            if (cause instanceof Error error) {
                throw error;
            }
            throw e;
        }
    }
}
