package org.expensetracker.accountdeleter;

import java.util.List;
import org.expensetracker.core.OwnerId;
import org.expensetracker.core.document.ReceiptKeys;
import org.expensetracker.core.export.ExportJob;
import org.expensetracker.dataapi.account.DataApiAccountDeletions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Removes everything of one account, then the identity. Each step can be repeated: a crash, a
 * timeout or a duplicate message only means the next run starts again and finds less to do; the
 * job is DONE only after the identity is gone.
 *
 * <ol>
 *   <li>Claim the job (nothing to do when it is DONE). From the request on, the database stores
 *       nothing new for the owner.</li>
 *   <li>Sign the user out everywhere: no refresh token gets a new access token.</li>
 *   <li>Remove the objects (uploads, receipts, exports), then the rows, in batches.</li>
 *   <li>Remove the objects once more: an upload through a URL handed out before the request, or an
 *       export that was running, may have landed meanwhile.</li>
 *   <li>Delete the identity, then mark the job DONE.</li>
 * </ol>
 */
public final class AccountDeleter {
    private static final Logger LOG = LoggerFactory.getLogger(AccountDeleter.class);
    static final int ROW_BATCH = 2_000;

    private final DataApiAccountDeletions rows;
    private final Objects objects;
    private final Identities identities;

    public AccountDeleter(DataApiAccountDeletions rows, Objects objects, Identities identities) {
        this.rows = rows;
        this.objects = objects;
        this.identities = identities;
    }

    /** Runs the deletion; returns false when there was nothing to do (finished, or never asked for). */
    public boolean delete(OwnerId owner) {
        if (!rows.start(owner)) {
            LOG.info("account deletion already finished or not requested");
            return false;
        }
        identities.signOutEverywhere(owner);
        long objectCount = deleteObjects(owner);
        long rowCount = 0;
        for (String table : DataApiAccountDeletions.OWNED_TABLES) {
            for (long removed = rows.deleteSome(owner, table, ROW_BATCH); removed > 0;
                    removed = rows.deleteSome(owner, table, ROW_BATCH)) {
                rowCount += removed;
                rows.touch(owner);
            }
        }
        objectCount += deleteObjects(owner);
        identities.delete(owner);
        rows.finish(owner);
        LOG.info("account deleted: {} rows and {} objects removed", rowCount, objectCount);
        return true;
    }

    private long deleteObjects(OwnerId owner) {
        long count = 0;
        for (String prefix : prefixes(owner)) {
            count += objects.deleteAllUnder(prefix);
        }
        return count;
    }

    /** Every key prefix an owner's objects live under: quarantined uploads, accepted receipts, exports. */
    static List<String> prefixes(OwnerId owner) {
        return List.of(
                ReceiptKeys.UPLOAD_PREFIX + owner.value() + "/",
                ReceiptKeys.PREFIX + owner.value() + "/",
                ExportJob.PREFIX + owner.value() + "/");
    }

    /** The bucket's objects, by key prefix. */
    @FunctionalInterface
    public interface Objects {
        long deleteAllUnder(String prefix);
    }

    /** The user pool. Both operations succeed when the user is already gone. */
    public interface Identities {
        void signOutEverywhere(OwnerId owner);

        void delete(OwnerId owner);
    }
}
