package org.expensetracker.infra;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.assertions.Match;

/**
 * Prod survives the loss of its region: Aurora keeps 14 days of point-in-time restore here, AWS Backup copies a
 * daily recovery point to a vault in the second region, and accepted receipts and exports replicate to a versioned
 * bucket there. Dev has none of the copies (one region; its data is test data).
 */
class DisasterRecoveryTest {
    private final Synthesized prod = Synthesized.prod();
    private final Synthesized dev = Synthesized.dev();
    private final String region = prod.settings.disasterRecovery().region();

    @Test
    void givenProd_thenTheClusterKeepsTwoWeeksOfPointInTimeRestore() {
        prod.data.hasResourceProperties("AWS::RDS::DBCluster", Map.of("BackupRetentionPeriod", 14));
        assertThat(prod.settings.backupRetention().toDays()).isGreaterThanOrEqualTo(14);
    }

    @Test
    void givenProd_thenADailyBackupOfTheClusterIsCopiedToTheSecondRegionsVault() {
        var plans = Synthesized.resources(prod.data, "AWS::Backup::BackupPlan").values();
        assertThat(plans).hasSize(1);
        @SuppressWarnings("unchecked")
        var rules = (List<Map<String, Object>>) ((Map<String, Object>) Synthesized.properties(plans.iterator().next())
                .get("BackupPlan")).get("BackupPlanRule");
        assertThat(rules).singleElement().satisfies(rule -> {
            assertThat(rule.get("ScheduleExpression")).isEqualTo("cron(0 3 * * ? *)");
            assertThat(rule.get("Lifecycle")).isEqualTo(Map.of("DeleteAfterDays", 14));
            assertThat(String.valueOf(rule.get("CopyActions")))
                    .contains(":backup:" + region + ":").contains(":backup-vault:" + prod.settings.recoveryVaultName())
                    .contains("DeleteAfterDays=35");
        });
        prod.data.hasResourceProperties("AWS::Backup::BackupSelection", Map.of("BackupSelection", Match.objectLike(Map.of(
                "Resources", Match.arrayWith(List.of(Match.objectLike(Map.of("Fn::Join", Match.anyValue()))))))));
        assertThat(prod.recovery).isNotNull();
        prod.recovery.hasResourceProperties("AWS::Backup::BackupVault",
                Map.of("BackupVaultName", prod.settings.recoveryVaultName()));
        assertThat(prod.stacks.recovery().getRegion()).isEqualTo(region);
        assertThat(prod.stacks.data().getDependencies()).contains(prod.stacks.recovery());
    }

    @Test
    void givenProd_thenAcceptedReceiptsAndExportsReplicateWithTheirDeletionsToAVersionedBucketThere() {
        prod.storage.hasResourceProperties("AWS::S3::Bucket", Map.of("ReplicationConfiguration", Match.objectLike(Map.of(
                "Rules", List.of(
                        Match.objectLike(Map.of("Filter", Map.of("Prefix", "receipts/"), "Status", "Enabled",
                                "DeleteMarkerReplication", Map.of("Status", "Enabled"),
                                "Destination", Match.objectLike(Map.of("Bucket", Match.anyValue())))),
                        Match.objectLike(Map.of("Filter", Map.of("Prefix", "exports/"), "Status", "Enabled",
                                "DeleteMarkerReplication", Map.of("Status", "Enabled"))))))));
        prod.recovery.hasResourceProperties("AWS::S3::Bucket", Map.of(
                "VersioningConfiguration", Map.of("Status", "Enabled"),
                "PublicAccessBlockConfiguration", Match.objectLike(Map.of("BlockPublicAcls", true, "RestrictPublicBuckets", true)),
                "BucketName", Match.objectLike(Map.of("Fn::Join", Match.anyValue()))));
        // kept when the stack goes: a copy deleted with it would protect nothing
        assertThat(Synthesized.resources(prod.recovery, "AWS::S3::Bucket").values())
                .allSatisfy(bucket -> assertThat(bucket.get("DeletionPolicy")).isEqualTo("Retain"));
        assertThat(prod.stacks.storage().getDependencies()).contains(prod.stacks.recovery());
    }

    @Test
    void givenDev_thenThereIsNoSecondRegionNoBackupPlanAndNoReplication() {
        assertThat(dev.recovery).isNull();
        assertThat(dev.stacks.recovery()).isNull();
        assertThat(dev.data.findResources("AWS::Backup::BackupPlan")).isEmpty();
        assertThat(Synthesized.resources(dev.storage, "AWS::S3::Bucket").values())
                .allSatisfy(bucket -> assertThat(Synthesized.properties(bucket)).doesNotContainKey("ReplicationConfiguration"));
    }
}
