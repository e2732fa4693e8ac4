package org.expensetracker.infra;

import software.amazon.awscdk.Duration;
import software.amazon.awscdk.services.ec2.IVpc;
import software.amazon.awscdk.services.ec2.SubnetSelection;
import software.amazon.awscdk.services.ec2.SubnetType;
import software.amazon.awscdk.services.rds.AuroraPostgresClusterEngineProps;
import software.amazon.awscdk.services.rds.AuroraPostgresEngineVersion;
import software.amazon.awscdk.services.rds.BackupProps;
import software.amazon.awscdk.services.rds.ClusterInstance;
import software.amazon.awscdk.services.rds.Credentials;
import software.amazon.awscdk.services.rds.DatabaseCluster;
import software.amazon.awscdk.services.rds.DatabaseClusterEngine;
import software.amazon.awscdk.services.rds.DatabaseSecret;
import software.amazon.awscdk.services.rds.ServerlessV2ClusterInstanceProps;
import software.constructs.Construct;

/**
 * Aurora PostgreSQL Serverless v2, reached only through the RDS Data API (HTTPS + IAM): no function
 * connects to it over the network, so it sits in isolated subnets with no ingress at all.
 */
final class Database extends Construct {
    /** The database the functions use ({@code DB_NAME}). */
    static final String NAME = "expenses";
    static final String MASTER_USER = "postgres";
    static final AuroraPostgresEngineVersion ENGINE = AuroraPostgresEngineVersion.VER_17_4;

    private final DatabaseCluster cluster;

    Database(Construct scope, String id, EnvironmentSettings settings, IVpc vpc) {
        super(scope, id);
        var capacity = settings.database();
        // generated master credentials; the secret lives exactly as long as the cluster does
        var secret = DatabaseSecret.Builder.create(this, "Secret").username(MASTER_USER).build();
        secret.applyRemovalPolicy(settings.removalPolicy());
        Nag.suppress(secret, "AwsSolutions-SMG4",
                "Rotating the master secret needs a rotation Lambda inside the VPC plus a Secrets Manager interface endpoint;"
                        + " the VPC is deliberately isolated (no NAT, no endpoints) and only the Data API, authorized by IAM,"
                        + " ever uses the secret. Add cluster.addRotationSingleUser() together with an endpoint if policy requires rotation.");
        var builder = DatabaseCluster.Builder.create(this, "Cluster")
                .engine(DatabaseClusterEngine.auroraPostgres(AuroraPostgresClusterEngineProps.builder().version(ENGINE).build()))
                .writer(ClusterInstance.serverlessV2("Writer", ServerlessV2ClusterInstanceProps.builder()
                        .autoMinorVersionUpgrade(true)
                        .publiclyAccessible(false)
                        .build()))
                .serverlessV2MinCapacity(capacity.minAcu())
                .serverlessV2MaxCapacity(capacity.maxAcu())
                .enableDataApi(true)
                .credentials(Credentials.fromSecret(secret))
                .defaultDatabaseName(NAME)
                .storageEncrypted(true)
                .backup(BackupProps.builder().retention(Duration.days(settings.backupRetention().toDays())).build())
                .deletionProtection(settings.deletionProtection())
                .copyTagsToSnapshot(true)
                .removalPolicy(settings.removalPolicy())
                .vpc(vpc)
                .vpcSubnets(SubnetSelection.builder().subnetType(SubnetType.PRIVATE_ISOLATED).build());
        if (capacity.pauses()) {
            builder.serverlessV2AutoPauseDuration(Duration.seconds(capacity.autoPause().toSeconds()));
        }
        cluster = builder.build();

        Nag.suppress(cluster, "AwsSolutions-RDS6",
                "Nothing connects to the database directly: every statement goes through the RDS Data API, which is authorized"
                        + " by IAM (rds-data:* on this cluster) and reads the credentials from Secrets Manager.");
        Nag.suppress(cluster, "AwsSolutions-RDS11",
                "The cluster has no network path at all (isolated subnets, security group without ingress); a non-default"
                        + " port would add nothing, and the Data API does not use it.");
        if (!settings.deletionProtection()) {
            Nag.suppress(cluster, "AwsSolutions-RDS10",
                    "Deletion protection is off only in " + settings.name() + ", which is torn down and rebuilt freely;"
                            + " production enables it.");
        }
    }

    DatabaseCluster cluster() {
        return cluster;
    }
}
