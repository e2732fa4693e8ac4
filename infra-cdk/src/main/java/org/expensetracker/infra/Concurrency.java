package org.expensetracker.infra;

import java.util.EnumMap;
import java.util.Map;
import org.expensetracker.core.config.Functions;

/**
 * How many copies of each function may run at once, so that together they cannot ask more of Aurora than its
 * maximum capacity serves. Every running copy holds at most one Data API statement at a time (the functions run
 * their statements one after another), so the sum of the reservations bounds the statements in flight.
 *
 * <p>The budget: {@value #STATEMENTS_PER_ACU} concurrent statements per ACU of the cluster's maximum. An ACU is about
 * 2 GiB of memory with its share of CPU; the API's statements are short keyset reads and single-row writes, the
 * indexer's and the export worker's longer (a receipt's text, 1 MiB pages of an export), and six at once per ACU
 * keeps the busiest mix within what the cluster scales to instead of queueing behind a saturated writer. With
 * prod's 4 ACU the budget is 24; dev's 2 ACU give 12.
 *
 * <p>The shares: the API handlers get most (entries-api 30 %, or what the others leave on a small cluster;
 * documents-api 15 %, exports-api 10 %), the queue consumers 20 % and 10 % (at least 2: the minimum of an SQS event
 * source's maximum concurrency, which is set to the same number, so the poller never invokes more than the
 * reservation and no message is throttled into its dead-letter queue), maintenance, the rates updater, the migrator
 * and the two account functions one each (one sweep, one daily fetch, one migration at a time; deletions are rare,
 * and the deleter's event source, which cannot be capped below 2, may see a throttled delivery, which the recovery
 * sweep re-drives). Prod: 7 + 3 + 2 + 4 + 2 + 1 + 1 + 1 + 1 + 1 = 23 of 24; dev's 12 would leave entries-api 1,
 * which is one reason reserving is off there.
 *
 * <p>Reserving needs headroom in the account: Lambda keeps at least 100 executions unreserved, so an account with
 * the default quota of 1,000 can reserve 900, but a new account whose quota is 10 can reserve nothing, and the
 * deploy fails. {@link EnvironmentSettings#reservedConcurrency()} is therefore a setting, off in dev.
 */
final class Concurrency {
    static final int STATEMENTS_PER_ACU = 6;
    /** An SQS event source's {@code maximumConcurrency} is 2 to 1000. */
    static final int MIN_CONSUMER = 2;

    private Concurrency() {
    }

    /** The statements the cluster serves at its maximum capacity. */
    static int budget(EnvironmentSettings.DatabaseCapacity capacity) {
        return (int) Math.floor(capacity.maxAcu() * STATEMENTS_PER_ACU);
    }

    /** Each function's reservation; their sum never exceeds {@link #budget}. */
    static Map<Functions, Integer> plan(EnvironmentSettings.DatabaseCapacity capacity) {
        int budget = budget(capacity);
        Map<Functions, Integer> plan = new EnumMap<>(Functions.class);
        for (Functions function : Functions.values()) {
            plan.put(function, switch (function) {
                case ENTRIES_API -> 0; // below: its share, or what the others leave
                case DOCUMENTS_API -> share(budget, 15, 1);
                case EXPORTS_API -> share(budget, 10, 1);
                case RECEIPT_INDEXER -> share(budget, 20, MIN_CONSUMER);
                case EXPORT_WORKER -> share(budget, 10, MIN_CONSUMER);
                // rare: one request and one job per deleted account
                case ACCOUNT_API, ACCOUNT_DELETER -> 1;
                case MAINTENANCE, RATES_UPDATER, DB_MIGRATOR -> 1;
            });
        }
        int others = plan.values().stream().mapToInt(Integer::intValue).sum();
        plan.put(Functions.ENTRIES_API, Math.max(1, Math.min(share(budget, 30, 1), budget - others)));
        int total = plan.values().stream().mapToInt(Integer::intValue).sum();
        if (total > budget) {
            throw new IllegalArgumentException("reserving " + total + " executions exceeds the " + budget + " statements "
                    + capacity.maxAcu() + " ACU serve: raise the maximum capacity or turn reservedConcurrency off");
        }
        return plan;
    }

    private static int share(int budget, int percent, int minimum) {
        return Math.max(minimum, budget * percent / 100);
    }
}
