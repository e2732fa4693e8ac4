package org.expensetracker.core.config;

import java.time.Duration;

/**
 * Every deployable function: the Maven module that builds its zip
 * ({@code functions/<module>/target/<module>.zip}), its handler class, and how much memory and
 * time it gets. The CDK app creates one Lambda per constant; the local stack runs the same
 * handlers. Queue consumers take their timeout from {@link Queues}, so visibility timeouts follow.
 */
public enum Functions {
    ENTRIES_API("entries-api", "org.expensetracker.entries.EntriesHandler", 1024, Duration.ofSeconds(29)),
    DOCUMENTS_API("documents-api", "org.expensetracker.documentsapi.DocumentsHandler", 1024, Duration.ofSeconds(29)),
    EXPORTS_API("exports-api", "org.expensetracker.exportsapi.ExportsHandler", 1024, Duration.ofSeconds(29)),
    RECEIPT_INDEXER("receipt-indexer", "org.expensetracker.receiptindexer.ReceiptIndexerHandler", 2048,
            Queues.RECEIPTS.functionTimeout()),
    EXPORT_WORKER("export-worker", "org.expensetracker.exportworker.ExportWorkerHandler", 2048,
            Queues.EXPORTS.functionTimeout()),
    ACCOUNT_API("account-api", "org.expensetracker.accountapi.AccountHandler", 512, Duration.ofSeconds(29)),
    ACCOUNT_DELETER("account-deleter", "org.expensetracker.accountdeleter.AccountDeleterHandler", 1024,
            Queues.ACCOUNT_DELETIONS.functionTimeout()),
    RATES_UPDATER("rates-updater", "org.expensetracker.ratesupdater.RatesUpdateHandler", 512, Duration.ofMinutes(2)),
    MAINTENANCE("maintenance", "org.expensetracker.maintenance.MaintenanceHandler", 1024, Duration.ofMinutes(5)),
    DB_MIGRATOR("db-migrator", "org.expensetracker.migrator.MigrationHandler", 1024, Duration.ofMinutes(5));

    private final String module;
    private final String handler;
    private final int memoryMb;
    private final Duration timeout;

    Functions(String module, String handler, int memoryMb, Duration timeout) {
        this.module = module;
        this.handler = handler;
        this.memoryMb = memoryMb;
        this.timeout = timeout;
    }

    public String module() {
        return module;
    }

    /** The handler class (the Lambda runtime calls its no-argument constructor). */
    public String handler() {
        return handler;
    }

    public int memoryMb() {
        return memoryMb;
    }

    public Duration timeout() {
        return timeout;
    }
}
