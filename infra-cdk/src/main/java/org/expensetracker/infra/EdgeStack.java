package org.expensetracker.infra;

import java.util.ArrayList;
import java.util.List;
import software.amazon.awscdk.CfnOutput;
import software.amazon.awscdk.Environment;
import software.amazon.awscdk.Fn;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.services.wafv2.CfnWebACL;
import software.amazon.awscdk.services.wafv2.CfnWebACL.ByteMatchStatementProperty;
import software.amazon.awscdk.services.wafv2.CfnWebACL.DefaultActionProperty;
import software.amazon.awscdk.services.wafv2.CfnWebACL.FieldToMatchProperty;
import software.amazon.awscdk.services.wafv2.CfnWebACL.ManagedRuleGroupStatementProperty;
import software.amazon.awscdk.services.wafv2.CfnWebACL.OrStatementProperty;
import software.amazon.awscdk.services.wafv2.CfnWebACL.OverrideActionProperty;
import software.amazon.awscdk.services.wafv2.CfnWebACL.RateBasedStatementCustomKeyProperty;
import software.amazon.awscdk.services.wafv2.CfnWebACL.RateBasedStatementProperty;
import software.amazon.awscdk.services.wafv2.CfnWebACL.RateLimitHeaderProperty;
import software.amazon.awscdk.services.wafv2.CfnWebACL.RuleActionProperty;
import software.amazon.awscdk.services.wafv2.CfnWebACL.RuleProperty;
import software.amazon.awscdk.services.wafv2.CfnWebACL.StatementProperty;
import software.amazon.awscdk.services.wafv2.CfnWebACL.TextTransformationProperty;
import software.amazon.awscdk.services.wafv2.CfnWebACL.VisibilityConfigProperty;
import software.constructs.Construct;

/**
 * AWS WAF for the distribution. A web ACL for CloudFront must be created in us-east-1, so this small stack (the
 * web ACL only, no assets) is pinned there, while every other stack stays in the deployment's region; the Web stack
 * reads the ACL's ARN across regions with {@code Fn::GetStackOutput} (as CDK's own weak cross-region references do).
 *
 * <p>Rules, in order: AWS's IP reputation list, the common rule set (OWASP-style checks; its 8 KB body limit
 * fits the API, whose largest body is an entry of a few hundred bytes: receipts and imports go straight to S3 by
 * presigned URL, not through CloudFront), known bad inputs, then three rate limits per 5 minutes: per client IP on
 * everything, per Authorization header (one signed-in session, wherever its requests come from) on {@code /api/*},
 * and per client IP on the read-only share links. Every rule publishes CloudWatch metrics and sampled requests.
 */
public class EdgeStack extends Stack {
    /** CloudFront's web ACLs live in us-east-1 whatever the distribution's other resources' region. */
    static final String REGION = "us-east-1";
    static final String OUTPUT = "WebAclArn";
    static final int WINDOW_SECONDS = 300;
    static final List<String> SHARED_PATHS = List.of("/shared/", ApiPath.PREFIX + "/shared/");

    private final CfnWebACL webAcl;
    private final String metricPrefix;

    public EdgeStack(Construct scope, EnvironmentSettings settings, StackProps props) {
        super(scope, settings.stackName("Edge"), StackProps.builder()
                .description(props.getDescription())
                .env(Environment.builder().region(REGION).build())
                .crossRegionReferences(false)
                .build());
        metricPrefix = settings.prefix();
        var waf = settings.waf();
        List<Object> rules = new ArrayList<>();
        rules.add(managed("AWSManagedRulesAmazonIpReputationList", rules.size()));
        rules.add(managed("AWSManagedRulesCommonRuleSet", rules.size()));
        rules.add(managed("AWSManagedRulesKnownBadInputsRuleSet", rules.size()));
        rules.add(rateLimit("RatePerIp", rules.size(), RateBasedStatementProperty.builder()
                .aggregateKeyType("IP")
                .limit(waf.requestsPerIp())
                .evaluationWindowSec(WINDOW_SECONDS)
                .build()));
        rules.add(rateLimit("RatePerSessionOnApi", rules.size(), RateBasedStatementProperty.builder()
                .aggregateKeyType("CUSTOM_KEYS")
                .customKeys(List.of(RateBasedStatementCustomKeyProperty.builder()
                        .header(RateLimitHeaderProperty.builder()
                                .name("authorization")
                                .textTransformations(List.of(none()))
                                .build())
                        .build()))
                .limit(waf.requestsPerToken())
                .evaluationWindowSec(WINDOW_SECONDS)
                .scopeDownStatement(pathStartsWith(ApiPath.PREFIX + "/"))
                .build()));
        rules.add(rateLimit("RatePerIpOnShareLinks", rules.size(), RateBasedStatementProperty.builder()
                .aggregateKeyType("IP")
                .limit(waf.sharedRequestsPerIp())
                .evaluationWindowSec(WINDOW_SECONDS)
                .scopeDownStatement(StatementProperty.builder()
                        .orStatement(OrStatementProperty.builder()
                                .statements(SHARED_PATHS.stream().map(EdgeStack::pathStartsWith).map(Object.class::cast).toList())
                                .build())
                        .build())
                .build()));
        webAcl = CfnWebACL.Builder.create(this, "WebAcl")
                .name(settings.prefix() + "-web")
                .description("Expense tracker " + settings.name() + ": the site and its API")
                .scope("CLOUDFRONT")
                .defaultAction(DefaultActionProperty.builder().allow(CfnWebACL.AllowActionProperty.builder().build()).build())
                .visibilityConfig(visibility("web"))
                .rules(rules)
                .build();
        CfnOutput.Builder.create(this, OUTPUT).description("The web ACL the distribution is associated with")
                .value(webAcl.getAttrArn()).build();
    }

    /**
     * The ARN for the distribution in {@code consumer} (the Web stack, in the deployment's region): read from this
     * stack's output in us-east-1 at deploy time, and the consumer deploys after this stack.
     */
    String webAclArnFor(Stack consumer) {
        consumer.addStackDependency(this, "the distribution is associated with the web ACL");
        return Fn.getStackOutput(getStackName(), OUTPUT, REGION, null);
    }

    CfnWebACL webAcl() {
        return webAcl;
    }

    private RuleProperty managed(String name, int priority) {
        return RuleProperty.builder()
                .name("AWS-" + name)
                .priority(priority)
                .overrideAction(OverrideActionProperty.builder().none(java.util.Map.of()).build())
                .statement(StatementProperty.builder()
                        .managedRuleGroupStatement(ManagedRuleGroupStatementProperty.builder()
                                .vendorName("AWS")
                                .name(name)
                                .build())
                        .build())
                .visibilityConfig(visibility(name))
                .build();
    }

    private RuleProperty rateLimit(String name, int priority, RateBasedStatementProperty statement) {
        return RuleProperty.builder()
                .name(name)
                .priority(priority)
                .action(RuleActionProperty.builder().block(CfnWebACL.BlockActionProperty.builder().build()).build())
                .statement(StatementProperty.builder().rateBasedStatement(statement).build())
                .visibilityConfig(visibility(name))
                .build();
    }

    private static StatementProperty pathStartsWith(String prefix) {
        return StatementProperty.builder()
                .byteMatchStatement(ByteMatchStatementProperty.builder()
                        .fieldToMatch(FieldToMatchProperty.builder().uriPath(java.util.Map.of()).build())
                        .positionalConstraint("STARTS_WITH")
                        .searchString(prefix)
                        .textTransformations(List.of(none()))
                        .build())
                .build();
    }

    private static TextTransformationProperty none() {
        return TextTransformationProperty.builder().priority(0).type("NONE").build();
    }

    private VisibilityConfigProperty visibility(String name) {
        return VisibilityConfigProperty.builder()
                .cloudWatchMetricsEnabled(true)
                .sampledRequestsEnabled(true)
                .metricName(metricPrefix + "-" + name)
                .build();
    }
}
