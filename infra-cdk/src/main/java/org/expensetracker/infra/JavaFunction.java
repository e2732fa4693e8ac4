package org.expensetracker.infra;

import java.nio.file.Path;
import java.util.List;
import software.amazon.awscdk.services.iam.IRole;
import software.amazon.awscdk.services.iam.ManagedPolicy;
import software.amazon.awscdk.services.iam.Role;
import software.amazon.awscdk.services.iam.ServicePrincipal;
import java.util.Map;
import org.expensetracker.core.config.Functions;
import software.amazon.awscdk.Annotations;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.services.lambda.Alias;
import software.amazon.awscdk.services.lambda.Architecture;
import software.amazon.awscdk.services.lambda.Code;
import software.amazon.awscdk.services.lambda.Function;
import software.amazon.awscdk.services.lambda.LoggingFormat;
import software.amazon.awscdk.services.lambda.Runtime;
import software.amazon.awscdk.services.lambda.SnapStartConf;
import software.amazon.awscdk.services.logs.LogGroup;
import software.constructs.Construct;

/**
 * One entry of the {@link Functions} catalogue as a Lambda: Java 21 on Graviton, its zip, handler,
 * memory and timeout from the catalogue, JSON logs into its own log group, not in a VPC (it reaches
 * the Data API, S3 and SQS over AWS APIs), and SnapStart on published versions. Every caller
 * (HTTP integrations, event sources, schedules) invokes the {@code live} alias, which points at the
 * version published for the current code and configuration, so every invocation gets SnapStart.
 */
final class JavaFunction extends Construct {
    static final String ALIAS = "live";

    private final Functions spec;
    private final Function function;
    private final Alias live;

    JavaFunction(Construct scope, Functions spec, Path zip, Map<String, String> environment, EnvironmentSettings settings) {
        this(scope, spec, zip, environment, settings, null);
    }

    /** With {@code roleName}, the function's role gets that fixed name (a resource policy elsewhere names it). */
    JavaFunction(Construct scope, Functions spec, Path zip, Map<String, String> environment, EnvironmentSettings settings,
                 String roleName) {
        this(scope, spec, zip, environment, settings, roleName, null);
    }

    /** With {@code reserved}, that many concurrent executions are reserved for the function (and it runs no more). */
    JavaFunction(Construct scope, Functions spec, Path zip, Map<String, String> environment, EnvironmentSettings settings,
                 String roleName, Integer reserved) {
        super(scope, Names.pascal(spec.module()));
        IRole role = roleName == null ? null : Role.Builder.create(this, "ServiceRole")
                .roleName(roleName)
                .assumedBy(new ServicePrincipal("lambda.amazonaws.com"))
                .managedPolicies(List.of(ManagedPolicy.fromAwsManagedPolicyName("service-role/AWSLambdaBasicExecutionRole")))
                .build();
        this.spec = spec;
        LogGroup logs = LogGroup.Builder.create(this, "Logs")
                .retention(settings.logRetention())
                .removalPolicy(settings.removalPolicy())
                .build();
        function = Function.Builder.create(this, "Function")
                .description(settings.prefix() + " " + spec.module())
                .runtime(Runtime.JAVA_21)
                .architecture(Architecture.ARM_64)
                .handler(spec.handler())
                .code(Code.fromAsset(zip.toString()))
                .memorySize(spec.memoryMb())
                .timeout(Duration.seconds(spec.timeout().toSeconds()))
                .environment(environment)
                .loggingFormat(LoggingFormat.JSON)
                .logGroup(logs)
                .snapStart(SnapStartConf.ON_PUBLISHED_VERSIONS)
                .reservedConcurrentExecutions(reserved)
                .role(role)
                .build();
        if (role != null) {
            Nag.suppress(role, "AwsSolutions-IAM4",
                    "AWSLambdaBasicExecutionRole grants only logs:CreateLogGroup/CreateLogStream/PutLogEvents, which every"
                            + " function needs to write its logs.",
                    Nag.LAMBDA_BASIC_EXECUTION);
        }
        live = Alias.Builder.create(this, "Live")
                .aliasName(ALIAS)
                .version(function.getCurrentVersion())
                .build();
        // CDK warns because SnapStart only applies to published versions: the alias below publishes one.
        Annotations.of(function).acknowledgeWarning("@aws-cdk/aws-lambda:snapStartRequirePublish",
                "every invocation goes to the live alias on the published current version");
        Nag.suppress(function, "AwsSolutions-IAM4",
                "AWSLambdaBasicExecutionRole grants only logs:CreateLogGroup/CreateLogStream/PutLogEvents, which every"
                        + " function needs to write its logs.",
                Nag.LAMBDA_BASIC_EXECUTION);
        Nag.suppress(function, "AwsSolutions-L1",
                "Java 21 is the runtime the functions are built and tested for (with SnapStart); moving to a newer Java"
                        + " runtime is a deliberate upgrade of the whole build and its tests, not a change of infrastructure.");
    }

    Functions spec() {
        return spec;
    }

    /** The function itself: for grants (its role), metrics and the deployment trigger. */
    Function function() {
        return function;
    }

    /** What every event source, integration and schedule invokes. */
    Alias live() {
        return live;
    }
}
