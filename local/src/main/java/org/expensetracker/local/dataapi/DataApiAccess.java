package org.expensetracker.local.dataapi;

import java.util.Objects;

/**
 * Who may call the local Data API: requests must be SigV4-signed with this access key and secret
 * (the stack's local credentials), and name this secret ARN, as the real service only serves a
 * caller whose IAM identity may use the cluster and its secret.
 *
 * @param secretArn the only secret ARN accepted; null accepts any (a stand-alone endpoint in tests)
 */
public record DataApiAccess(String accessKeyId, String secretAccessKey, String secretArn) {
    public DataApiAccess {
        Objects.requireNonNull(accessKeyId, "accessKeyId");
        Objects.requireNonNull(secretAccessKey, "secretAccessKey");
    }

    /** The local credentials every stand-in uses ({@code local}/{@code local}), any secret ARN. */
    public static DataApiAccess localDefaults() {
        return new DataApiAccess("local", "local", null);
    }

    public DataApiAccess withSecretArn(String value) {
        return new DataApiAccess(accessKeyId, secretAccessKey, value);
    }
}
