package org.expensetracker.infra;

import software.amazon.awscdk.Duration;
import software.amazon.awscdk.services.ec2.IVpc;
import software.amazon.awscdk.services.ec2.InterfaceVpcEndpointAwsService;
import software.amazon.awscdk.services.ec2.InterfaceVpcEndpointOptions;
import software.amazon.awscdk.services.rds.RotationMultiUserOptions;
import software.amazon.awscdk.services.rds.RotationSingleUserOptions;
import software.amazon.awscdk.services.secretsmanager.ISecret;
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
    /**
     * The login role of the API functions and workers: DML on the application's tables and nothing else. Its
     * privileges come from the NOLOGIN group role {@code expenses_app}, which db-migrator creates and grants; the
     * migrator also creates this login role with the secret's password and makes it a member. Multi-user rotation
     * alternates between this role and {@code expenses_app_user_clone}, which the rotation function creates as a
     * member of this role, so the clone inherits the group's privileges too.
     */
    static final String APP_USER = "expenses_app_user";
    static final AuroraPostgresEngineVersion ENGINE = AuroraPostgresEngineVersion.VER_17_4;

    private final DatabaseCluster cluster;
    private final DatabaseSecret masterSecret;
    private final ISecret appSecret;

    Database(Construct scope, String id, EnvironmentSettings settings, IVpc vpc) {
        super(scope, id);
        var capacity = settings.database();
        // generated master credentials; the secret lives exactly as long as the cluster does
        var secret = DatabaseSecret.Builder.create(this, "Secret").username(MASTER_USER).build();
        secret.applyRemovalPolicy(settings.removalPolicy());
        masterSecret = secret;
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

        // the application's credentials: a secret of their own, attached to the cluster (host, port, engine, which the
        // rotation function reads) and naming the master secret (masterarn), with which multi-user rotation logs in
        var app = DatabaseSecret.Builder.create(this, "AppSecret")
                .username(APP_USER)
                .dbname(NAME)
                .masterSecret(secret)
                .build();
        app.applyRemovalPolicy(settings.removalPolicy());
        appSecret = app.attach(cluster);

        if (settings.secretRotation() == null) {
            for (var unrotated : new software.constructs.IConstruct[] {secret, app}) {
                Nag.suppress(unrotated, "AwsSolutions-SMG4",
                        "Rotation is a setting (EnvironmentSettings.secretRotation), off in " + settings.name() + ": it needs rotation"
                                + " Lambdas in the isolated VPC and a Secrets Manager interface endpoint (about 15 USD a month)."
                                + " Only the IAM-authorized Data API uses the secret; prod rotates both every 30 days.");
            }
        } else {
            rotate(settings, vpc, secret);
        }

        Nag.suppress(cluster, "AwsSolutions-RDS6",
                "Nothing connects to the database directly: every statement goes through the RDS Data API, which is authorized"
                        + " by IAM (rds-data:* on this cluster) and reads the credentials from Secrets Manager.");
        Nag.suppress(cluster, "AwsSolutions-RDS11",
                "The cluster sits in isolated subnets with no route in or out; its security group admits only the rotation"
                        + " functions' security groups (where rotation is on). A non-default port would add nothing, and the Data"
                        + " API does not use it.");
        if (!settings.deletionProtection()) {
            Nag.suppress(cluster, "AwsSolutions-RDS10",
                    "Deletion protection is off only in " + settings.name() + ", which is torn down and rebuilt freely;"
                            + " production enables it.");
        }
    }

    /**
     * Rotation functions (AWS's PostgreSQL rotation applications) run in the isolated subnets: they connect to the
     * cluster on its port (the only ingress rule, from their own security group) and reach Secrets Manager through
     * an interface endpoint with private DNS (the VPC has no other way out). The master rotates itself (single user);
     * the application user alternates with its clone (multi-user), so a rotation never breaks a running call.
     */
    private void rotate(EnvironmentSettings settings, IVpc vpc, DatabaseSecret secret) {
        var isolated = SubnetSelection.builder().subnetType(SubnetType.PRIVATE_ISOLATED).build();
        var endpoint = vpc.addInterfaceEndpoint("SecretsManagerEndpoint", InterfaceVpcEndpointOptions.builder()
                .service(InterfaceVpcEndpointAwsService.SECRETS_MANAGER)
                .privateDnsEnabled(true)
                .open(false) // reachable only from the rotation functions' security groups, not the whole VPC
                .subnets(isolated)
                .build());
        var every = Duration.days(settings.secretRotation().toDays());
        cluster.addRotationSingleUser(RotationSingleUserOptions.builder()
                .automaticallyAfter(every)
                .vpcSubnets(isolated)
                .endpoint(endpoint)
                .build());
        cluster.addRotationMultiUser("AppUserRotation", RotationMultiUserOptions.builder()
                .secret(appSecret)
                .automaticallyAfter(every)
                // not at creation: the login role does not exist until db-migrator (Api stack, deployed later) creates
                // it, and the rotation function refuses to rotate a user it cannot log in as
                .rotateImmediatelyOnUpdate(false)
                .vpcSubnets(isolated)
                .endpoint(endpoint)
                .build());
    }

    DatabaseCluster cluster() {
        return cluster;
    }

    /** The master credentials: only db-migrator uses them (schema owner, creates the application roles). */
    DatabaseSecret masterSecret() {
        return masterSecret;
    }

    /** The application user's credentials, attached to the cluster: every other function uses these. */
    ISecret appSecret() {
        return appSecret;
    }
}
