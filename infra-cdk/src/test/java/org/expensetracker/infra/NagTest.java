package org.expensetracker.infra;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.assertions.Annotations;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;

/** cdk-nag's AWS Solutions checks run on every synth (ExpenseTrackerApp.build); nothing may be left unsuppressed. */
class NagTest {

    static Stream<Arguments> stacks() {
        List<Arguments> arguments = new ArrayList<>();
        for (Synthesized env : List.of(Synthesized.dev(), Synthesized.prod())) {
            for (Stack stack : env.stacks.all()) {
                arguments.add(Arguments.of(stack.getStackName(), stack));
            }
        }
        return arguments.stream();
    }

    /** Annotations.fromStack synthesizes the app again (forced), so one call per stack checks everything. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("stacks")
    void noUnsuppressedFindingsAndNoWarnings(String name, Stack stack) {
        var annotations = Annotations.fromStack(stack);
        assertThat(annotations.findError("*", Match.stringLikeRegexp("AwsSolutions-.*"))).as("cdk-nag errors").isEmpty();
        assertThat(annotations.findWarning("*", Match.stringLikeRegexp("AwsSolutions-.*"))).as("cdk-nag warnings").isEmpty();
        // nor anything else the CDK would print at synth
        assertThat(annotations.findError("*", Match.anyValue())).as("errors").isEmpty();
        assertThat(annotations.findWarning("*", Match.anyValue())).as("warnings").isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("stacks")
    @SuppressWarnings("unchecked")
    void everySuppressionSaysWhy(String name, Stack stack) {
        var resources = (Map<String, Map<String, Object>>) Template.fromStack(stack).toJSON().get("Resources");
        for (var resource : resources.entrySet()) {
            var metadata = (Map<String, Object>) resource.getValue().getOrDefault("Metadata", Map.of());
            var nag = (Map<String, Object>) metadata.get("cdk_nag");
            if (nag == null) {
                continue;
            }
            for (var rule : (List<Map<String, Object>>) nag.get("rules_to_suppress")) {
                assertThat((String) rule.get("id")).startsWith("AwsSolutions-");
                assertThat((String) rule.get("reason")).as(resource.getKey() + " " + rule.get("id")).hasSizeGreaterThan(40);
            }
        }
    }
}
