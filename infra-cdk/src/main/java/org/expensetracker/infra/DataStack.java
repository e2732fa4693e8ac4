package org.expensetracker.infra;

import java.util.List;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.services.ec2.IVpc;
import software.amazon.awscdk.services.ec2.IpAddresses;
import software.amazon.awscdk.services.ec2.SubnetConfiguration;
import software.amazon.awscdk.services.ec2.SubnetType;
import software.amazon.awscdk.services.ec2.Vpc;
import software.amazon.awscdk.services.rds.DatabaseCluster;
import software.constructs.Construct;

/**
 * The database's lifecycle: an isolated VPC (no NAT gateway, no internet gateway, no public subnet)
 * and the Aurora cluster in it, with two credentials: the master's (db-migrator only) and the application
 * user's (every other function). The functions are not in the VPC; they use the Data API. Where rotation is on,
 * the rotation functions and a Secrets Manager endpoint are the only other things in it.
 */
public class DataStack extends Stack {
    private final Database database;

    public DataStack(Construct scope, EnvironmentSettings settings, StackProps props) {
        super(scope, settings.stackName("Data"), props);
        IVpc vpc = Vpc.Builder.create(this, "Vpc")
                .ipAddresses(IpAddresses.cidr("10.40.0.0/16"))
                .maxAzs(2)
                .natGateways(0)
                .createInternetGateway(false)
                .subnetConfiguration(List.of(SubnetConfiguration.builder()
                        .name("Database")
                        .subnetType(SubnetType.PRIVATE_ISOLATED)
                        .cidrMask(24)
                        .build()))
                .build();
        Nag.suppress(vpc, "AwsSolutions-VPC7",
                "The VPC has no route in or out (isolated subnets only) and holds nothing but the Aurora writer;"
                        + " all access goes through the RDS Data API, which CloudTrail records. Flow logs would record no traffic.");
        database = new Database(this, "Database", settings, vpc);
        if (settings.disasterRecovery() != null) {
            new BackupCopies(this, "BackupCopies", settings, database.cluster());
        }
    }

    /** The cluster the functions get Data API access to ({@code grantDataApiAccess}). */
    public DatabaseCluster cluster() {
        return database.cluster();
    }

    /** Only db-migrator's. */
    public software.amazon.awscdk.services.secretsmanager.ISecret masterSecret() {
        return database.cluster().getSecret(); // the master secret, attached to the cluster
    }

    /** The application user's (API functions and workers). */
    public software.amazon.awscdk.services.secretsmanager.ISecret appSecret() {
        return database.appSecret();
    }

    public String databaseName() {
        return Database.NAME;
    }
}
