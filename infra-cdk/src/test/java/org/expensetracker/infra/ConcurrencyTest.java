package org.expensetracker.infra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.expensetracker.core.config.Functions;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.assertions.Match;

/** Reserved concurrency per function, derived from Aurora's maximum capacity. */
class ConcurrencyTest {

    @Test
    void theReservationsTogetherStayWithinWhatTheMaximumCapacityServes() {
        for (var settings : new EnvironmentSettings[] {EnvironmentSettings.dev(), EnvironmentSettings.prod()}) {
            var plan = Concurrency.plan(settings.database());
            assertThat(plan.keySet()).containsExactlyInAnyOrder(Functions.values());
            int total = plan.values().stream().mapToInt(Integer::intValue).sum();
            assertThat(total).isLessThanOrEqualTo(Concurrency.budget(settings.database()));
            assertThat(plan.values()).allMatch(n -> n >= 1);
            assertThat(plan.get(Functions.RECEIPT_INDEXER)).isGreaterThanOrEqualTo(Concurrency.MIN_CONSUMER);
            assertThat(plan.get(Functions.EXPORT_WORKER)).isGreaterThanOrEqualTo(Concurrency.MIN_CONSUMER);
            assertThat(plan.get(Functions.DB_MIGRATOR)).isEqualTo(1);
        }
        // prod: 4 ACU × 6 = 24; 7 + 3 + 2 + 4 + 2 + 1 + 1 + 1 + 1 + 1 = 23
        assertThat(Concurrency.budget(EnvironmentSettings.prod().database())).isEqualTo(24);
        assertThat(Concurrency.plan(EnvironmentSettings.prod().database())).isEqualTo(Map.of(
                Functions.ENTRIES_API, 7, Functions.DOCUMENTS_API, 3, Functions.EXPORTS_API, 2,
                Functions.RECEIPT_INDEXER, 4, Functions.EXPORT_WORKER, 2, Functions.ACCOUNT_API, 1, Functions.ACCOUNT_DELETER, 1,
                Functions.MAINTENANCE, 1, Functions.RATES_UPDATER, 1, Functions.DB_MIGRATOR, 1));
        // dev: 2 ACU × 6 = 12; entries-api gets what the minimums of the others leave (reserving is off in dev)
        assertThat(Concurrency.plan(EnvironmentSettings.dev().database()).get(Functions.ENTRIES_API)).isEqualTo(1);
        assertThat(EnvironmentSettings.dev().reservedConcurrency()).isFalse();
        // a cluster too small for even the minimums is refused, not silently overbooked
        assertThatThrownBy(() -> Concurrency.plan(new EnvironmentSettings.DatabaseCapacity(0.5, 1, null)))
                .hasMessageContaining("reservedConcurrency");
    }

    @Test
    void prodReservesEachFunctionsShareAndCapsTheQueueConsumers() {
        var prod = Synthesized.prod();
        var plan = Concurrency.plan(prod.settings.database());
        for (Functions spec : Functions.values()) {
            prod.api.hasResourceProperties("AWS::Lambda::Function", Map.of(
                    "Handler", spec.handler(), "ReservedConcurrentExecutions", plan.get(spec)));
        }
        prod.api.hasResourceProperties("AWS::Lambda::EventSourceMapping", Map.of(
                "BatchSize", 10, "ScalingConfig", Map.of("MaximumConcurrency", plan.get(Functions.RECEIPT_INDEXER))));
        prod.api.hasResourceProperties("AWS::Lambda::EventSourceMapping", Map.of(
                "BatchSize", 1, "ScalingConfig", Map.of("MaximumConcurrency", plan.get(Functions.EXPORT_WORKER))));
    }

    @Test
    void devReservesNothingSoASmallAccountCanDeployIt() {
        var dev = Synthesized.dev();
        assertThat(dev.settings.reservedConcurrency()).isFalse();
        dev.api.allResourcesProperties("AWS::Lambda::Function", Map.of("ReservedConcurrentExecutions", Match.absent()));
        dev.api.allResourcesProperties("AWS::Lambda::EventSourceMapping", Map.of("ScalingConfig", Match.absent()));
        assertThat(EnvironmentSettings.dev().withReservedConcurrency(true).reservedConcurrency()).isTrue();
    }
}
