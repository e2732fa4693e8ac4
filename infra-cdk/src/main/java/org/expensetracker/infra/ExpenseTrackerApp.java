package org.expensetracker.infra;

import io.github.cdklabs.cdknag.AwsSolutionsChecks;
import io.github.cdklabs.cdknag.NagPackProps;
import java.util.List;
import software.amazon.awscdk.App;
import software.amazon.awscdk.AppProps;
import software.amazon.awscdk.Aspects;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.Tags;

/**
 * The CDK app: the whole product for one environment ({@code -c env=dev|prod}, default dev) as
 * four stacks, one per lifecycle. Web (site bucket + CDN) and Data (VPC + Aurora) depend on
 * nothing; Storage (bucket + queues) takes the web origin for CORS; Api (functions, HTTP API,
 * Cognito, consumers, schedule, migrations, alarms) uses them all.
 *
 * <p>Synthesis is deterministic and offline: no lookups, no timestamps; the stacks are
 * environment-agnostic (account and region are the deploying credentials'), so the templates
 * are the same wherever they are synthesized. cdk-nag's AWS Solutions checks run on every synth.
 */
public final class ExpenseTrackerApp {

    private ExpenseTrackerApp() {
    }

    public static void main(String... args) {
        var repository = Repository.locate();
        var props = AppProps.builder().context(CdkJson.context(repository));
        if (System.getenv("CDK_OUTDIR") == null) {
            props.outdir(repository.root().resolve("infra-cdk").resolve("cdk.out").toString()); // run without the CLI
        }
        var app = new App(props.build());
        var settings = EnvironmentSettings.of(context(app, "env", EnvironmentSettings.DEV));
        String alarmEmail = context(app, "alarmEmail", "");
        if (!alarmEmail.isBlank()) {
            settings = settings.withAlarmEmail(alarmEmail);
        }
        build(app, settings, repository);
        app.synth();
    }

    /** The stacks of one environment, with the cdk-nag checks applied to all of them. */
    public static Stacks build(App app, EnvironmentSettings settings, Repository repository) {
        Tags.of(app).add("application", "expense-tracker");
        Tags.of(app).add("environment", settings.name());
        var props = StackProps.builder().build(); // environment-agnostic: no lookups, same template everywhere
        var web = new WebStack(app, settings, repository, described(props, "web app: site bucket and CloudFront"));
        var data = new DataStack(app, settings, described(props, "isolated VPC and Aurora PostgreSQL Serverless v2"));
        var storage = new StorageStack(app, settings, web.webOrigins(), described(props, "receipts bucket and queues"));
        var api = new ApiStack(app, settings, repository, web, data, storage,
                described(props, "functions, HTTP API, Cognito, consumers, migrations and alarms"));
        Aspects.of(app).add(new AwsSolutionsChecks(NagPackProps.builder().verbose(true).build()));
        return new Stacks(web, data, storage, api);
    }

    private static StackProps described(StackProps base, String what) {
        return StackProps.builder().env(base.getEnv()).description("Expense tracker: " + what).build();
    }

    private static String context(App app, String key, String fallback) {
        Object value = app.getNode().tryGetContext(key);
        return value == null ? fallback : value.toString();
    }

    public record Stacks(WebStack web, DataStack data, StorageStack storage, ApiStack api) {
        public List<Stack> all() {
            return List.of(web, data, storage, api);
        }
    }
}
