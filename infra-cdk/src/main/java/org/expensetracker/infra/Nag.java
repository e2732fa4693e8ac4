package org.expensetracker.infra;

import io.github.cdklabs.cdknag.NagPackSuppression;
import io.github.cdklabs.cdknag.NagSuppressions;
import io.github.cdklabs.cdknag.RegexAppliesTo;
import java.util.Arrays;
import java.util.List;
import software.constructs.IConstruct;

/**
 * cdk-nag suppressions, always next to the construct they are about and always with the reason.
 * {@code appliesTo} narrows a suppression to the one finding (an action, a resource, a managed
 * policy) it is about, so anything else the rule finds on the same resource still fails.
 */
final class Nag {

    private Nag() {
    }

    /** Suppresses rule {@code id} (e.g. "AwsSolutions-IAM5") on the construct and everything below it. */
    static void suppress(IConstruct construct, String id, String reason, Object... appliesTo) {
        NagSuppressions.addResourceSuppressions(construct, List.of(rule(id, reason, appliesTo)), true);
    }

    static NagPackSuppression rule(String id, String reason, Object... appliesTo) {
        var builder = NagPackSuppression.builder().id(id).reason(reason);
        if (appliesTo.length > 0) {
            builder.appliesTo(Arrays.asList(appliesTo));
        }
        return builder.build();
    }

    /** A finding detail matched by a regular expression, e.g. {@code /^Resource::.*\/receipts\/\*$/}. */
    static RegexAppliesTo matching(String regex) {
        return RegexAppliesTo.builder().regex("/" + regex + "/").build();
    }

    /** cdk-nag's finding detail for an AWS managed policy. */
    static String managedPolicy(String name) {
        return "Policy::arn:<AWS::Partition>:iam::aws:policy/" + name;
    }

    static final String LAMBDA_BASIC_EXECUTION = managedPolicy("service-role/AWSLambdaBasicExecutionRole");
}
