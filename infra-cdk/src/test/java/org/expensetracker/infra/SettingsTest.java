package org.expensetracker.infra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.expensetracker.core.OwnerId;
import org.expensetracker.core.config.Functions;
import org.expensetracker.core.document.ReceiptKeys;
import org.expensetracker.core.export.ExportFormat;
import org.expensetracker.core.export.ExportJob;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.services.logs.RetentionDays;

/** Settings, repository layout and key prefixes: plain Java, no synthesis. */
class SettingsTest {

    @Test
    void devIsCheapAndDisposable() {
        var dev = EnvironmentSettings.of("dev");
        assertThat(dev.prefix()).isEqualTo("ExpensesDev");
        assertThat(dev.stackName("Web")).isEqualTo("ExpensesDev-Web");
        assertThat(dev.database().minAcu()).isZero();
        assertThat(dev.database().autoPause()).isEqualTo(Duration.ofMinutes(10));
        assertThat(dev.deletionProtection()).isFalse();
        assertThat(dev.logRetention()).isEqualTo(RetentionDays.TWO_WEEKS);
        assertThat(dev.removalPolicy()).isEqualTo(RemovalPolicy.DESTROY);
        assertThat(dev.autoDeleteObjects()).isTrue();
    }

    @Test
    void prodIsWarmProtectedAndRetained() {
        var prod = EnvironmentSettings.of("prod");
        assertThat(prod.prefix()).isEqualTo("ExpensesProd");
        assertThat(prod.database().minAcu()).isEqualTo(0.5);
        assertThat(prod.database().pauses()).isFalse();
        assertThat(prod.deletionProtection()).isTrue();
        assertThat(prod.logRetention()).isEqualTo(RetentionDays.THREE_MONTHS);
        assertThat(prod.removalPolicy()).isEqualTo(RemovalPolicy.RETAIN);
        assertThat(prod.autoDeleteObjects()).isFalse();
    }

    @Test
    void rejectsWhatCannotWork() {
        assertThatThrownBy(() -> EnvironmentSettings.of("staging")).hasMessageContaining("-c env=dev");
        assertThatThrownBy(() -> new EnvironmentSettings.DatabaseCapacity(0.5, 2, Duration.ofMinutes(10)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new EnvironmentSettings.DatabaseCapacity(0, 2, null)).isInstanceOf(IllegalArgumentException.class);
        var dev = EnvironmentSettings.dev();
        assertThatThrownBy(() -> new EnvironmentSettings(dev.name(), dev.prefix(), dev.database(), dev.backupRetention(),
                dev.deletionProtection(), dev.logRetention(), dev.accessLogRetention(), List.of("https://x.example/app"),
                dev.removalPolicy(), dev.autoDeleteObjects(), dev.trashRetentionDays(), dev.defaultCurrency(), null, null, null,
                dev.waf(), false, null, 200, null))
                .hasMessageContaining("without a path");
        assertThatThrownBy(() -> new EnvironmentSettings(dev.name(), dev.prefix(), dev.database(), dev.backupRetention(),
                dev.deletionProtection(), dev.logRetention(), dev.accessLogRetention(), List.of(),
                RemovalPolicy.RETAIN, true, dev.trashRetentionDays(), dev.defaultCurrency(), null, null, null, dev.waf(), false, null, 200, null))
                .hasMessageContaining("autoDeleteObjects");
        assertThatThrownBy(() -> dev.withReceiptReadingMonthlyPages(-1)).hasMessageContaining("receiptReadingMonthlyPages");
        assertThatThrownBy(() -> new EnvironmentSettings.CustomDomain("expenses.example.com",
                "arn:aws:acm:eu-west-1:123456789012:certificate/abc")).hasMessageContaining("us-east-1");
        assertThatThrownBy(() -> new EnvironmentSettings.SesMail("no-reply@a.example", null, "eu-west-1", "b.example"))
                .hasMessageContaining("b.example");
        assertThatThrownBy(() -> new EnvironmentSettings.Waf(true, 5, 1000, 100)).hasMessageContaining("rate limits");
        assertThatThrownBy(() -> dev.withSecretRotation(Duration.ofDays(400))).hasMessageContaining("rotates");
    }

    @Test
    void securitySettingsPerEnvironment() {
        var dev = EnvironmentSettings.dev();
        var prod = EnvironmentSettings.prod();
        assertThat(dev.waf().enabled()).isFalse();
        assertThat(prod.waf().enabled()).isTrue();
        assertThat(dev.reservedConcurrency()).isFalse();
        assertThat(prod.reservedConcurrency()).isTrue();
        assertThat(dev.secretRotation()).isNull();
        assertThat(prod.secretRotation()).isEqualTo(Duration.ofDays(30));
        assertThat(dev.mail()).isNull();
        assertThat(dev.customDomain()).isNull();
        var withDomain = dev.withCustomDomain(new EnvironmentSettings.CustomDomain("expenses.example.com",
                "arn:aws:acm:us-east-1:123456789012:certificate/0f6a1b2c-1234-4abc-9def-0123456789ab"));
        assertThat(withDomain.webOrigins("https://d1.cloudfront.net"))
                .containsExactly("https://expenses.example.com", "https://d1.cloudfront.net");
        assertThat(dev.webOrigins("https://d1.cloudfront.net")).containsExactly("https://d1.cloudfront.net");
    }

    @Test
    void findsTheRepositoryFromAnyDirectoryInIt() {
        Repository here = Repository.locate(); // Maven and the CDK CLI run in infra-cdk/
        assertThat(Repository.locate(here.root()).root()).isEqualTo(here.root());
        assertThat(Repository.locate(here.root().resolve("functions/core")).root()).isEqualTo(here.root());
        for (Functions function : Functions.values()) {
            assertThat(here.functionZip(function)).isRegularFile()
                    .hasFileName(function.module() + ".zip");
        }
        assertThat(here.webDirectory().resolve("index.html")).isRegularFile();
    }

    @Test
    void aMissingZipSaysHowToBuildIt(@TempDir Path dir) throws Exception {
        Files.createDirectories(dir.resolve("functions"));
        Files.createDirectories(dir.resolve("infra-cdk"));
        Files.writeString(dir.resolve("pom.xml"), "<project/>");
        assertThatThrownBy(() -> new Repository(dir).functionZip(Functions.ENTRIES_API))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("entries-api.zip").hasMessageContaining("mvn");
    }

    @Test
    void keyPrefixesAreTheOnesTheFunctionsWrite() {
        var owner = new OwnerId("owner-1");
        var id = UUID.randomUUID();
        assertThat(ReceiptKeys.upload(owner, id)).startsWith(ObjectKeys.UPLOADS);
        assertThat(ReceiptKeys.accepted(owner, id, "0".repeat(64))).startsWith(ObjectKeys.RECEIPTS);
        for (ExportFormat format : ExportFormat.values()) {
            assertThat(ExportJob.objectKey(owner, id, format)).startsWith(ObjectKeys.EXPORTS);
        }
        assertThat(ObjectKeys.all(ObjectKeys.RECEIPTS)).isEqualTo("receipts/*");
    }
}
