package org.expensetracker.dataapi;

import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.expensetracker.core.error.DomainException;
import org.expensetracker.core.error.ErrorCode;
import software.amazon.awssdk.services.rdsdata.RdsDataClient;
import software.amazon.awssdk.services.rdsdata.model.RdsDataException;
import software.amazon.awssdk.services.rdsdata.model.ExecuteStatementRequest;

/**
 * Runs statements through the RDS Data API: one HTTPS call per statement, no connection pool, no
 * VPC. Every call asks for column metadata so rows are read by name, and goes through the
 * resume retry.
 */
public final class DataApiSql {
    /**
     * The database refuses to store anything new for an account being deleted (a trigger of
     * migration V006); its error carries this marker, and the caller gets a 401, as for any
     * other credential that is no longer good.
     */
    static final String ACCOUNT_DELETED = "ACCOUNT_DELETED";
    /**
     * An entry written in a period the user closed (a trigger of migration V016): the error names the
     * last closed day, and the caller gets a 409 PERIOD_LOCKED that says it.
     */
    private static final Pattern PERIOD_LOCKED = Pattern.compile("PERIOD_LOCKED through (\\d{4}-\\d{2}-\\d{2})");

    private final RdsDataClient client;
    private final DataApiTarget target;
    private final ResumeRetry retry;

    public DataApiSql(RdsDataClient client, DataApiTarget target, ResumeRetry retry) {
        this.client = client;
        this.target = target;
        this.retry = retry;
    }

    public SqlResult execute(SqlStatement statement) {
        return execute(statement, null);
    }

    /**
     * Runs {@code work} in one Data API transaction: committed when it returns, rolled back when it
     * throws. Costs two calls beyond the statements, so use it only where atomicity needs it.
     */
    public <T> T inTransaction(Function<Transaction, T> work) {
        String id = retry.call(() -> client.beginTransaction(b -> b
                .resourceArn(target.clusterArn()).secretArn(target.secretArn()).database(target.database()))
                .transactionId());
        T result;
        try {
            result = work.apply(statement -> execute(statement, id));
        } catch (RuntimeException e) {
            try {
                client.rollbackTransaction(b -> b.resourceArn(target.clusterArn()).secretArn(target.secretArn())
                        .transactionId(id));
            } catch (RuntimeException rollbackFailure) {
                e.addSuppressed(rollbackFailure);
            }
            throw e;
        }
        client.commitTransaction(b -> b.resourceArn(target.clusterArn()).secretArn(target.secretArn())
                .transactionId(id));
        return result;
    }

    private SqlResult execute(SqlStatement statement, String transactionId) {
        ExecuteStatementRequest request = ExecuteStatementRequest.builder()
                .resourceArn(target.clusterArn())
                .secretArn(target.secretArn())
                .database(target.database())
                .sql(statement.sql())
                .parameters(statement.parameters())
                .includeResultMetadata(true)
                .transactionId(transactionId)
                .build();
        try {
            return retry.call(() -> SqlResult.from(client.executeStatement(request)));
        } catch (RdsDataException e) {
            // BadRequestException or DatabaseErrorException, by the Data API version
            if (e.getMessage() != null && e.getMessage().contains(ACCOUNT_DELETED)) {
                throw new DomainException(ErrorCode.UNAUTHORIZED, "This account has been deleted.");
            }
            Matcher locked = e.getMessage() == null ? null : PERIOD_LOCKED.matcher(e.getMessage());
            if (locked != null && locked.find()) {
                throw new DomainException(ErrorCode.PERIOD_LOCKED, "Entries dated on or before " + locked.group(1)
                        + " are in a closed period: they cannot be created, changed, deleted or restored."
                        + " Move the lock back in the settings (lockedThrough) to change them.");
            }
            throw e;
        }
    }

    /** Statements inside one transaction. */
    @FunctionalInterface
    public interface Transaction {
        SqlResult execute(SqlStatement statement);
    }
}
