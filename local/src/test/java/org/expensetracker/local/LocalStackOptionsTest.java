package org.expensetracker.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The local stack's command line, as run-local passes it. */
class LocalStackOptionsTest {
    @TempDir
    Path dir;

    @Test
    void givenTheRatesFileFlag_whenParsed_thenTheFileIsLoadedAtStartAndTheOtherDefaultsStay() {
        LocalStack.Options options = LocalStack.Options.parse(new String[] {"--rates-file", "eurofxref-hist-90d.xml", "--port", "0"});

        assertThat(options.ratesFile()).isEqualTo(Path.of("eurofxref-hist-90d.xml"));
        assertThat(options.port()).isZero();
        assertThat(options.defaultCurrency()).isEqualTo("INR");
        assertThat(LocalStack.Options.defaults().ratesFile()).isNull();
        assertThatThrownBy(() -> LocalStack.Options.parse(new String[] {"--rates-file"}))
                .hasMessageContaining("missing value after --rates-file");
    }

    @Test
    void givenARatesFileThatIsNotTheEcbs_whenTheStackStarts_thenItStopsAtOnceSayingWhyAndStartsNothing() throws Exception {
        Path file = Files.writeString(dir.resolve("rates.xml"), "<html>Not found</html>");
        Path data = dir.resolve("data");

        assertThatThrownBy(() -> LocalStack.start(LocalStack.Options.defaults().withPort(0).withDataDir(data).withRatesFile(file)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("is not an ECB rates file").hasMessageContaining("holds no rates");
        assertThat(data).doesNotExist();
    }
}
