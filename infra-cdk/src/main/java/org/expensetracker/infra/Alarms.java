package org.expensetracker.infra;

import java.util.Collection;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.services.apigatewayv2.HttpApi;
import software.amazon.awscdk.services.cloudwatch.Alarm;
import software.amazon.awscdk.services.cloudwatch.ComparisonOperator;
import software.amazon.awscdk.services.cloudwatch.IMetric;
import software.amazon.awscdk.services.cloudwatch.MetricOptions;
import software.amazon.awscdk.services.cloudwatch.TreatMissingData;
import software.amazon.awscdk.services.cloudwatch.actions.SnsAction;
import software.amazon.awscdk.services.sns.Topic;
import software.amazon.awscdk.services.sns.subscriptions.EmailSubscription;
import software.constructs.Construct;

/**
 * What needs a human: a message in a dead-letter queue (a receipt or an export that failed three
 * times), any function error, and 5xx answers of the API. All alarms publish to one SNS topic,
 * which mails {@link EnvironmentSettings#alarmEmail()} when one is configured.
 */
final class Alarms extends Construct {
    static final Duration PERIOD = Duration.minutes(5);
    /** A few 503 DATABASE_RESUMING answers while an auto-paused cluster wakes up are expected, not an incident. */
    static final int API_5XX_THRESHOLD = 5;

    private final Topic topic;
    private final String prefix;

    Alarms(Construct scope, String id, EnvironmentSettings settings) {
        super(scope, id);
        prefix = settings.prefix();
        topic = Topic.Builder.create(this, "Topic")
                .displayName(settings.prefix() + " alarms")
                .enforceSsl(true)
                .build();
        Nag.suppress(topic, "AwsSolutions-SNS2",
                "Alarm notifications carry only alarm names and states. CloudWatch cannot publish to a topic encrypted with"
                        + " the AWS managed SNS key, and a customer managed key would cost more than the rest of a dev environment.");
        if (settings.alarmEmail() != null && !settings.alarmEmail().isBlank()) {
            topic.addSubscription(new EmailSubscription(settings.alarmEmail()));
        }
    }

    void onDeadLetters(Collection<WorkQueue> queues) {
        for (WorkQueue queue : queues) {
            alarm(queue.spec().deadLetterName(),
                    queue.deadLetters().metricApproximateNumberOfMessagesVisible(options("Maximum")),
                    ComparisonOperator.GREATER_THAN_THRESHOLD, 0,
                    "Messages in " + queue.spec().deadLetterName() + ": " + queue.spec().logicalName()
                            + " failed " + queue.spec().maxReceiveCount() + " times; inspect and redrive.");
        }
    }

    void onErrors(Collection<JavaFunction> functions) {
        for (JavaFunction function : functions) {
            alarm(function.spec().module() + "-errors",
                    function.function().metricErrors(options("Sum")),
                    ComparisonOperator.GREATER_THAN_THRESHOLD, 0,
                    function.spec().module() + " failed (uncaught error, timeout or out of memory).");
        }
    }

    void onServerErrors(HttpApi api) {
        alarm("api-5xx", api.metricServerError(options("Sum")),
                ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD, API_5XX_THRESHOLD,
                "The API answered at least " + API_5XX_THRESHOLD + " server errors within " + PERIOD.toMinutes() + " minutes.");
    }

    private void alarm(String name, IMetric metric, ComparisonOperator comparison, int threshold, String description) {
        Alarm alarm = Alarm.Builder.create(this, Names.pascal(name))
                .alarmName(prefix + "-" + name)
                .alarmDescription(description)
                .metric(metric)
                .comparisonOperator(comparison)
                .threshold(threshold)
                .evaluationPeriods(1)
                .treatMissingData(TreatMissingData.NOT_BREACHING)
                .build();
        alarm.addAlarmAction(new SnsAction(topic));
    }

    private static MetricOptions options(String statistic) {
        return MetricOptions.builder().period(PERIOD).statistic(statistic).build();
    }
}
