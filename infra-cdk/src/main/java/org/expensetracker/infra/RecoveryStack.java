package org.expensetracker.infra;

import software.amazon.awscdk.Aws;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.Environment;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.services.backup.BackupVault;
import software.amazon.awscdk.services.s3.Bucket;
import software.constructs.Construct;

/**
 * What survives the loss of the deployment's region, in a second one ({@link EnvironmentSettings.DisasterRecovery}):
 * a backup vault that AWS Backup copies the cluster's daily recovery point into, and the bucket S3 replicates
 * accepted receipts and exports into. Both have fixed names, so the first region's backup plan and replication
 * rule name them without a cross-region reference; this stack deploys first.
 *
 * <p>Nothing here runs or serves: restoring is the runbook in docs/deploy.md (Disaster recovery).
 */
public class RecoveryStack extends Stack {
    private final Bucket replica;
    private final BackupVault vault;

    public RecoveryStack(Construct scope, EnvironmentSettings settings, StackProps props) {
        super(scope, settings.stackName("Recovery"), StackProps.builder()
                .description(props.getDescription())
                .env(Environment.builder().region(settings.disasterRecovery().region()).build())
                .crossRegionReferences(false)
                .build());
        // kept whatever the environment's removal policy: a copy that goes with a stack deletion protects nothing
        replica = PrivateBuckets.builder(this, "ReceiptsReplica", settings)
                .bucketName(settings.replicaBucketName(Aws.ACCOUNT_ID))
                .versioned(true)
                .removalPolicy(RemovalPolicy.RETAIN)
                .autoDeleteObjects(false)
                .lifecycleRules(ReceiptsBucket.retentionRules())
                .build();
        Nag.suppress(replica, "AwsSolutions-S1",
                "Only S3 replication writes here and nothing reads it until a restore; the first region's bucket logs the"
                        + " application's access, and CloudTrail records a restore.");
        vault = BackupVault.Builder.create(this, "Vault")
                .backupVaultName(settings.recoveryVaultName())
                .removalPolicy(RemovalPolicy.RETAIN)
                .build();
    }

    Bucket replica() {
        return replica;
    }

    BackupVault vault() {
        return vault;
    }

    /** The vault's ARN as the first region's backup plan names it. */
    static String vaultArn(EnvironmentSettings settings) {
        return "arn:" + Aws.PARTITION + ":backup:" + settings.disasterRecovery().region() + ":" + Aws.ACCOUNT_ID
                + ":backup-vault:" + settings.recoveryVaultName();
    }

    /** How long a daily copy is kept in the second region. */
    static Duration copyRetention(EnvironmentSettings settings) {
        return Duration.days(settings.disasterRecovery().copyRetention().toDays());
    }
}
