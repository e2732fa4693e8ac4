package org.expensetracker.infra;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;

/** AWS WAF in front of the distribution: prod has it (the setting's default), dev does not. */
class EdgeStackTest {
    static Synthesized prod;
    static Template edge;

    @BeforeAll
    static void synth() {
        prod = Synthesized.prod();
        edge = prod.edge;
    }

    @Test
    void oneWebAclForCloudFrontInUsEast1() {
        assertThat(prod.stacks.edge().getRegion()).isEqualTo("us-east-1");
        edge.resourceCountIs("AWS::WAFv2::WebACL", 1);
        edge.hasResourceProperties("AWS::WAFv2::WebACL", Map.of(
                "Scope", "CLOUDFRONT",
                "DefaultAction", Map.of("Allow", Map.of()),
                "VisibilityConfig", Map.of("CloudWatchMetricsEnabled", true, "SampledRequestsEnabled", true,
                        "MetricName", "ExpensesProd-web")));
        edge.hasOutput(EdgeStack.OUTPUT, Map.of("Value", Map.of("Fn::GetAtt",
                List.of(ApiStackTest.single(edge.findResources("AWS::WAFv2::WebACL")), "Arn"))));
        assertThat(Synthesized.dev().edge).isNull();
    }

    @Test
    void awsManagedRuleGroupsFirst() {
        var names = List.of("AWSManagedRulesAmazonIpReputationList", "AWSManagedRulesCommonRuleSet",
                "AWSManagedRulesKnownBadInputsRuleSet");
        for (int i = 0; i < names.size(); i++) {
            edge.hasResourceProperties("AWS::WAFv2::WebACL", Map.of("Rules", Match.arrayWith(List.of(Map.of(
                    "Name", "AWS-" + names.get(i),
                    "Priority", i,
                    "OverrideAction", Map.of("None", Map.of()),
                    "Statement", Map.of("ManagedRuleGroupStatement", Map.of("VendorName", "AWS", "Name", names.get(i))),
                    "VisibilityConfig", Map.of("CloudWatchMetricsEnabled", true, "SampledRequestsEnabled", true,
                            "MetricName", "ExpensesProd-" + names.get(i)))))));
        }
    }

    @Test
    void rateLimitsPerIpPerSessionOnTheApiAndOnShareLinks() {
        var waf = prod.settings.waf();
        assertThat(waf.enabled()).isTrue();
        edge.hasResourceProperties("AWS::WAFv2::WebACL", Map.of("Rules", Match.arrayWith(List.of(Match.objectLike(Map.of(
                "Name", "RatePerIp",
                "Action", Map.of("Block", Map.of()),
                "Statement", Map.of("RateBasedStatement", Map.of(
                        "AggregateKeyType", "IP", "Limit", waf.requestsPerIp(), "EvaluationWindowSec", 300))))))));
        edge.hasResourceProperties("AWS::WAFv2::WebACL", Map.of("Rules", Match.arrayWith(List.of(Match.objectLike(Map.of(
                "Name", "RatePerSessionOnApi",
                "Action", Map.of("Block", Map.of()),
                "Statement", Map.of("RateBasedStatement", Map.of(
                        "AggregateKeyType", "CUSTOM_KEYS",
                        "CustomKeys", List.of(Map.of("Header", Map.of("Name", "authorization",
                                "TextTransformations", List.of(Map.of("Priority", 0, "Type", "NONE"))))),
                        "Limit", waf.requestsPerToken(),
                        "EvaluationWindowSec", 300,
                        "ScopeDownStatement", Map.of("ByteMatchStatement", Map.of(
                                "FieldToMatch", Map.of("UriPath", Map.of()),
                                "PositionalConstraint", "STARTS_WITH",
                                "SearchString", "/api/",
                                "TextTransformations", List.of(Map.of("Priority", 0, "Type", "NONE"))))))))))));
        edge.hasResourceProperties("AWS::WAFv2::WebACL", Map.of("Rules", Match.arrayWith(List.of(Match.objectLike(Map.of(
                "Name", "RatePerIpOnShareLinks",
                "Action", Map.of("Block", Map.of()),
                "Statement", Map.of("RateBasedStatement", Match.objectLike(Map.of(
                        "AggregateKeyType", "IP",
                        "Limit", waf.sharedRequestsPerIp(),
                        "ScopeDownStatement", Map.of("OrStatement", Map.of("Statements", List.of(
                                Map.of("ByteMatchStatement", Match.objectLike(Map.of("SearchString", "/shared/"))),
                                Map.of("ByteMatchStatement", Match.objectLike(Map.of("SearchString", "/api/shared/")))))))))))))));
        // six rules in all, each with its own metric; the limits are settings
        var acl = Synthesized.properties(edge.findResources("AWS::WAFv2::WebACL").values().iterator().next());
        assertThat((List<?>) acl.get("Rules")).hasSize(6);
        assertThat(waf.requestsPerToken()).isLessThan(waf.requestsPerIp());
        assertThat(waf.sharedRequestsPerIp()).isLessThan(waf.requestsPerToken());
    }
}
