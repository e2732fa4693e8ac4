package org.expensetracker.infra;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;

class DataStackTest {
    static Template dev;
    static Template prod;

    @BeforeAll
    static void synth() {
        dev = Synthesized.dev().data;
        prod = Synthesized.prod().data;
    }

    @Test
    void auroraPostgresServerlessV2WithTheDataApi() {
        for (Template data : new Template[] {dev, prod}) {
            data.resourceCountIs("AWS::RDS::DBCluster", 1);
            data.hasResourceProperties("AWS::RDS::DBCluster", Map.of(
                    "Engine", "aurora-postgresql",
                    "EngineVersion", Match.stringLikeRegexp("^1[67]\\..*"),
                    "EnableHttpEndpoint", true,
                    "StorageEncrypted", true,
                    "DatabaseName", "expenses",
                    // credentials come from the generated Secrets Manager secret
                    "MasterUserPassword", Match.objectLike(Map.of("Fn::Join",
                            Match.arrayWith(java.util.List.of(Match.arrayWith(java.util.List.of("{{resolve:secretsmanager:"))))))));
            // the master's credentials (db-migrator) and the application user's (everything else), both attached
            data.resourceCountIs("AWS::SecretsManager::Secret", 2);
            data.resourceCountIs("AWS::SecretsManager::SecretTargetAttachment", 2);
            data.hasResourceProperties("AWS::SecretsManager::Secret", Map.of("GenerateSecretString", Match.objectLike(Map.of(
                    "SecretStringTemplate", "{\"username\":\"postgres\"}"))));
            String secrets = ApiStackTest.json(data.findResources("AWS::SecretsManager::Secret"));
            assertThat(secrets).contains("\\\"username\\\":\\\"expenses_app_user\\\"").contains("masterarn")
                    .contains("\\\"dbname\\\":\\\"expenses\\\"");
            data.resourceCountIs("AWS::RDS::DBInstance", 1);
            data.hasResourceProperties("AWS::RDS::DBInstance", Map.of(
                    "DBInstanceClass", "db.serverless",
                    "PubliclyAccessible", false));
        }
    }

    @Test
    void devScalesToZeroAndPauses() {
        dev.hasResourceProperties("AWS::RDS::DBCluster", Map.of(
                "ServerlessV2ScalingConfiguration", Map.of("MinCapacity", 0, "MaxCapacity", 2, "SecondsUntilAutoPause", 600),
                "DeletionProtection", false,
                "BackupRetentionPeriod", 1));
        dev.hasResource("AWS::RDS::DBCluster", Map.of("DeletionPolicy", "Delete"));
    }

    @Test
    void prodStaysWarmAndIsProtected() {
        prod.hasResourceProperties("AWS::RDS::DBCluster", Map.of(
                "ServerlessV2ScalingConfiguration", Map.of("MinCapacity", 0.5, "MaxCapacity", 4),
                "DeletionProtection", true,
                "BackupRetentionPeriod", 14));
        prod.hasResourceProperties("AWS::RDS::DBCluster", Map.of(
                "ServerlessV2ScalingConfiguration", Map.of("SecondsUntilAutoPause", Match.absent())));
        prod.hasResource("AWS::RDS::DBCluster", Map.of("DeletionPolicy", "Retain", "UpdateReplacePolicy", "Retain"));
        prod.hasResource("AWS::SecretsManager::Secret", Map.of("DeletionPolicy", "Retain"));
        Synthesized.resources(prod, "AWS::RDS::DBCluster").values().forEach(cluster -> {
            Object min = ((Map<?, ?>) Synthesized.properties(cluster).get("ServerlessV2ScalingConfiguration")).get("MinCapacity");
            assertThat(((Number) min).doubleValue()).isGreaterThan(0);
        });
    }

    @Test
    void isolatedVpcWithoutAnyWayToTheInternet() {
        for (Template data : new Template[] {dev, prod}) {
            data.resourceCountIs("AWS::EC2::VPC", 1);
            data.resourceCountIs("AWS::EC2::NatGateway", 0);
            data.resourceCountIs("AWS::EC2::InternetGateway", 0);
            data.resourceCountIs("AWS::EC2::VPCGatewayAttachment", 0);
            data.resourceCountIs("AWS::EC2::EIP", 0);
            data.resourceCountIs("AWS::EC2::Route", 0); // only the local route of each table
            data.resourceCountIs("AWS::EC2::Subnet", 2);
            data.allResourcesProperties("AWS::EC2::Subnet", Map.of("MapPublicIpOnLaunch", false,
                    "Tags", Match.arrayWith(java.util.List.of(Map.of("Key", "aws-cdk:subnet-type", "Value", "Isolated")))));
        }
        // dev: nothing may connect to the cluster, its security group has no ingress rule
        dev.resourceCountIs("AWS::EC2::SecurityGroupIngress", 0);
        dev.allResourcesProperties("AWS::EC2::SecurityGroup", Map.of("SecurityGroupIngress", Match.absent()));
        dev.resourceCountIs("AWS::EC2::VPCEndpoint", 0);
        // prod rotates: the only ingress rules are from the rotation functions' security groups, to the cluster's port
        // and to the Secrets Manager endpoint's HTTPS; no CIDR anywhere
        prod.resourceCountIs("AWS::EC2::VPCEndpoint", 1);
        prod.hasResourceProperties("AWS::EC2::VPCEndpoint", Map.of("VpcEndpointType", "Interface", "PrivateDnsEnabled", true,
                "ServiceName", Match.objectLike(Map.of())));
        prod.allResourcesProperties("AWS::EC2::SecurityGroupIngress", Map.of(
                "SourceSecurityGroupId", Map.of("Fn::GetAtt", Match.arrayWith(java.util.List.of("GroupId"))),
                "CidrIp", Match.absent()));
        prod.allResourcesProperties("AWS::EC2::SecurityGroup", Map.of("SecurityGroupIngress", Match.absent()));
        assertThat(prod.findResources("AWS::EC2::SecurityGroupIngress")).isNotEmpty();
    }

    @Test
    void prodRotatesBothCredentialsEveryThirtyDays() {
        prod.resourceCountIs("AWS::SecretsManager::RotationSchedule", 2);
        prod.allResourcesProperties("AWS::SecretsManager::RotationSchedule", Map.of(
                "RotationRules", Map.of("ScheduleExpression", "rate(30 days)")));
        // the application user's first rotation waits for its schedule: the role exists only once db-migrator ran
        prod.hasResourceProperties("AWS::SecretsManager::RotationSchedule", Map.of("RotateImmediatelyOnUpdate", false,
                "SecretId", Map.of("Ref", Match.stringLikeRegexp("^DatabaseAppSecretAttachment.*"))));
        // AWS's rotation applications: single user for the master, multi user (alternating with a _clone) for the app
        String apps = ApiStackTest.json(prod.findMappings("*"));
        assertThat(apps).contains("SecretsManagerRDSPostgreSQLRotationSingleUser").contains("SecretsManagerRDSPostgreSQLRotationMultiUser");
        prod.allResourcesProperties("AWS::Serverless::Application", Map.of("Parameters", Match.objectLike(Map.of(
                "vpcSubnetIds", Match.anyValue(), "vpcSecurityGroupIds", Match.anyValue(), "endpoint", Match.anyValue()))));
        prod.hasResourceProperties("AWS::Serverless::Application", Map.of("Parameters", Match.objectLike(Map.of(
                "masterSecretArn", Match.anyValue()))));
        // dev: no rotation (a setting), so nothing in its VPC but the cluster
        dev.resourceCountIs("AWS::SecretsManager::RotationSchedule", 0);
        dev.resourceCountIs("AWS::Serverless::Application", 0);
    }
}
