package org.expensetracker.infra;

import java.util.List;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.services.backup.BackupPlan;
import software.amazon.awscdk.services.backup.BackupPlanCopyActionProps;
import software.amazon.awscdk.services.backup.BackupPlanRule;
import software.amazon.awscdk.services.backup.BackupResource;
import software.amazon.awscdk.services.backup.BackupSelectionOptions;
import software.amazon.awscdk.services.backup.BackupVault;
import software.amazon.awscdk.services.events.CronOptions;
import software.amazon.awscdk.services.events.Schedule;
import software.amazon.awscdk.services.rds.DatabaseCluster;
import software.constructs.Construct;

/**
 * A daily AWS Backup recovery point of the cluster, copied to the second region's vault
 * ({@link RecoveryStack}). Aurora's own continuous backups (point-in-time restore within
 * {@link EnvironmentSettings#backupRetention()}) stay in this region and serve a dropped table or a bad
 * migration; these copies serve the loss of the region itself.
 */
final class BackupCopies extends Construct {
    /** 03:00 UTC: the quietest hour for the product's users (India and Europe asleep). */
    static final CronOptions DAILY = CronOptions.builder().minute("0").hour("3").build();

    private final BackupPlan plan;

    BackupCopies(Construct scope, String id, EnvironmentSettings settings, DatabaseCluster cluster) {
        super(scope, id);
        var localVault = BackupVault.Builder.create(this, "Vault")
                .backupVaultName(settings.prefix() + "-backups")
                .removalPolicy(RemovalPolicy.RETAIN)
                .build();
        var remoteVault = BackupVault.fromBackupVaultArn(this, "RecoveryVault", RecoveryStack.vaultArn(settings));
        plan = BackupPlan.Builder.create(this, "Plan")
                .backupPlanName(settings.prefix() + "-database")
                .backupPlanRules(List.of(BackupPlanRule.Builder.create()
                        .ruleName("daily-copied-to-" + settings.disasterRecovery().region())
                        .backupVault(localVault)
                        .scheduleExpression(Schedule.cron(DAILY))
                        .startWindow(Duration.hours(1))
                        .completionWindow(Duration.hours(4))
                        .deleteAfter(Duration.days(settings.backupRetention().toDays()))
                        .copyActions(List.of(BackupPlanCopyActionProps.builder()
                                .destinationBackupVault(remoteVault)
                                .deleteAfter(RecoveryStack.copyRetention(settings))
                                .build()))
                        .build()))
                .build();
        plan.addSelection("Cluster", BackupSelectionOptions.builder()
                .resources(List.of(BackupResource.fromRdsDatabaseCluster(cluster)))
                .build());
        Nag.suppress(this, "AwsSolutions-IAM4",
                "AWS Backup's own service-role policy (AWSBackupServiceRolePolicyForBackup) is what AWS documents for the role"
                        + " that takes and copies recovery points; the selection limits it to this cluster.",
                Nag.matching("AWSBackupServiceRolePolicyForBackup"));
    }

    BackupPlan plan() {
        return plan;
    }
}
