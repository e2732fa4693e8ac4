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
 * stacks, one per lifecycle, in deployment order: Data (VPC + Aurora) and Storage (bucket + queues)
 * depend on nothing; Api (functions, HTTP API, Cognito, consumers, schedule, migrations, alarms) uses
 * both; Edge (the AWS WAF web ACL, in us-east-1, only where WAF is on) depends on nothing; Web (site
 * bucket, the CloudFront distribution serving the site and /api, config.json, the receipts bucket's
 * CORS rule) comes last and reads them all.
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
        settings = overrides(app, settings);
        build(app, settings, repository);
        app.synth();
    }

    /** The stacks of one environment, with the cdk-nag checks applied to all of them. */
    public static Stacks build(App app, EnvironmentSettings settings, Repository repository) {
        Tags.of(app).add("application", "expense-tracker");
        Tags.of(app).add("environment", settings.name());
        var props = StackProps.builder().build(); // environment-agnostic: no lookups, same template everywhere
        var recovery = settings.disasterRecovery() == null ? null : new RecoveryStack(app, settings,
                described(props, "second-region backup vault and receipts replica (" + settings.disasterRecovery().region() + ")"));
        var data = new DataStack(app, settings, described(props, "isolated VPC and Aurora PostgreSQL Serverless v2"));
        var storage = new StorageStack(app, settings, described(props, "receipts bucket and queues"));
        if (recovery != null) {
            // the copies' destinations exist before anything is copied to them
            data.addDependency(recovery);
            storage.addDependency(recovery);
        }
        var api = new ApiStack(app, settings, repository, data, storage,
                described(props, "functions, HTTP API, Cognito, consumers, migrations and alarms"));
        var edge = settings.waf().enabled()
                ? new EdgeStack(app, settings, described(props, "AWS WAF web ACL of the distribution (us-east-1)"))
                : null;
        var web = new WebStack(app, settings, repository, storage, api, edge,
                described(props, "web app and /api on one CloudFront distribution, config.json"));
        Aspects.of(app).add(new AwsSolutionsChecks(NagPackProps.builder().verbose(true).build()));
        return new Stacks(data, storage, api, edge, web, recovery);
    }

    /**
     * Per-deployment choices on the command line (each also a field of {@link EnvironmentSettings}):
     * {@code -c waf=true|false}, {@code -c reservedConcurrency=true|false}, {@code -c secretRotationDays=N|off},
     * {@code -c drRegion=<region>|off} (prod's second region for backups and receipts),
     * {@code -c domainName=… -c certificateArn=…} (ACM, us-east-1), {@code -c sesFromEmail=… -c sesRegion=…}
     * (optionally {@code -c sesFromName=…}, {@code -c sesVerifiedDomain=…}). Like {@code alarmEmail}, pass them on
     * every deploy of that environment: a template synthesized without them goes back to the defaults.
     */
    static EnvironmentSettings overrides(App app, EnvironmentSettings settings) {
        String waf = context(app, "waf", "");
        if (!waf.isBlank()) {
            settings = settings.withWaf(Boolean.parseBoolean(waf) ? settings.waf().on()
                    : new EnvironmentSettings.Waf(false, settings.waf().requestsPerIp(), settings.waf().requestsPerToken(),
                    settings.waf().sharedRequestsPerIp()));
        }
        String reserve = context(app, "reservedConcurrency", "");
        if (!reserve.isBlank()) {
            settings = settings.withReservedConcurrency(Boolean.parseBoolean(reserve));
        }
        String readingPages = context(app, "receiptReadingPages", "");
        if (!readingPages.isBlank()) {
            settings = settings.withReceiptReadingMonthlyPages(Integer.parseInt(readingPages.strip()));
        }
        String rotation = context(app, "secretRotationDays", "");
        if (!rotation.isBlank()) {
            settings = settings.withSecretRotation("off".equals(rotation) ? null : java.time.Duration.ofDays(Long.parseLong(rotation)));
        }
        String domain = context(app, "domainName", "");
        if (!domain.isBlank()) {
            settings = settings.withCustomDomain(new EnvironmentSettings.CustomDomain(domain, context(app, "certificateArn", "")));
        }
        String from = context(app, "sesFromEmail", "");
        if (!from.isBlank()) {
            settings = settings.withMail(new EnvironmentSettings.SesMail(from, blankToNull(context(app, "sesFromName", "")),
                    context(app, "sesRegion", ""), blankToNull(context(app, "sesVerifiedDomain", ""))));
        }
        String recoveryRegion = context(app, "drRegion", "");
        if (!recoveryRegion.isBlank()) {
            settings = settings.withDisasterRecovery("off".equals(recoveryRegion) ? null
                    : new EnvironmentSettings.DisasterRecovery(recoveryRegion.strip(), settings.disasterRecovery() == null
                    ? EnvironmentSettings.DisasterRecovery.DEFAULT.copyRetention() : settings.disasterRecovery().copyRetention()));
        }
        String deployRegion = System.getenv("CDK_DEFAULT_REGION");
        if (settings.disasterRecovery() != null && settings.disasterRecovery().region().equals(deployRegion)) {
            throw new IllegalArgumentException("the recovery region " + deployRegion + " is the deployment's own region:"
                    + " choose another with -c drRegion=<region> (or -c drRegion=off)");
        }
        return settings;
    }

    private static String blankToNull(String value) {
        return value.isBlank() ? null : value;
    }

    private static StackProps described(StackProps base, String what) {
        return StackProps.builder().env(base.getEnv()).description("Expense tracker: " + what).build();
    }

    private static String context(App app, String key, String fallback) {
        Object value = app.getNode().tryGetContext(key);
        return value == null ? fallback : value.toString();
    }

    /** The stacks in deployment order; {@code edge} is {@code null} where WAF is off. */
    public record Stacks(DataStack data, StorageStack storage, ApiStack api, EdgeStack edge, WebStack web,
                         RecoveryStack recovery) {
        public List<Stack> all() {
            List<Stack> all = new java.util.ArrayList<>();
            if (recovery != null) {
                all.add(recovery);
            }
            all.addAll(List.of(data, storage, api));
            if (edge != null) {
                all.add(edge);
            }
            all.add(web);
            return List.copyOf(all);
        }
    }
}
