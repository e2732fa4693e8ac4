package org.expensetracker.core.rates;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The ECB's rate files as it publishes them, and files that only look like them. */
class EcbRatesXmlTest {
    static final String ENVELOPE_START = """
            <?xml version="1.0" encoding="UTF-8"?>
            <gesmes:Envelope xmlns:gesmes="http://www.gesmes.org/xml/2002-08-01" xmlns="http://www.ecb.int/vocabulary/2002-08-01/eurofxref">
            \t<gesmes:subject>Reference rates</gesmes:subject>
            \t<gesmes:Sender>
            \t\t<gesmes:name>European Central Bank</gesmes:name>
            \t</gesmes:Sender>
            \t<Cube>
            """;
    static final String ENVELOPE_END = "\t</Cube>\n</gesmes:Envelope>\n";

    @TempDir
    Path dir;

    @Test
    void givenTheDailyFile_whenRead_thenEveryCurrencyOfTheDayIsARate() throws Exception {
        List<EuroRate> rates = read(ENVELOPE_START + """
                \t\t<Cube time='2026-11-20'>
                \t\t\t<Cube currency='USD' rate='1.0523'/>
                \t\t\t<Cube currency='JPY' rate='161.23'/>
                \t\t\t<Cube currency='INR' rate='89.1234'/>
                \t\t</Cube>
                """ + ENVELOPE_END);

        assertThat(rates).containsExactly(
                new EuroRate(LocalDate.of(2026, 11, 20), "USD", new BigDecimal("1.0523")),
                new EuroRate(LocalDate.of(2026, 11, 20), "JPY", new BigDecimal("161.23")),
                new EuroRate(LocalDate.of(2026, 11, 20), "INR", new BigDecimal("89.1234")));
    }

    @Test
    void givenTheHistoryFileWithSeveralDays_whenRead_thenEachRateHasItsOwnDay() throws Exception {
        List<EuroRate> rates = read(ENVELOPE_START + """
                <Cube time="2026-11-20"><Cube currency="USD" rate="1.0523"/></Cube>
                <Cube time="2026-11-19"><Cube currency="USD" rate="1.0498"/><Cube currency="GBP" rate="0.8312"/></Cube>
                """ + ENVELOPE_END);

        assertThat(rates).extracting(EuroRate::date, EuroRate::currency).containsExactly(
                org.assertj.core.groups.Tuple.tuple(LocalDate.of(2026, 11, 20), "USD"),
                org.assertj.core.groups.Tuple.tuple(LocalDate.of(2026, 11, 19), "USD"),
                org.assertj.core.groups.Tuple.tuple(LocalDate.of(2026, 11, 19), "GBP"));
    }

    @Test
    void givenAFileThatDeclaresAnExternalEntity_whenRead_thenItIsRefusedAndNothingIsFetched() throws Exception {
        Path secret = Files.writeString(dir.resolve("secret.txt"), "1.2345");
        String xml = """
                <?xml version="1.0"?>
                <!DOCTYPE Envelope [<!ENTITY leak SYSTEM "%s">]>
                <Envelope><Cube><Cube time="2026-11-20"><Cube currency="USD" rate="&leak;"/></Cube></Cube></Envelope>
                """.formatted(secret.toUri());

        assertThatThrownBy(() -> read(xml)).isInstanceOf(RatesFileException.class).hasMessageContaining("DTD");
    }

    @Test
    void givenAnEntityExpansionBomb_whenRead_thenItIsRefusedBeforeExpanding() {
        StringBuilder entities = new StringBuilder("<!ENTITY a0 \"lol\">");
        for (int i = 1; i < 10; i++) {
            entities.append("<!ENTITY a").append(i).append(" \"").append(("&a" + (i - 1) + ";").repeat(10)).append("\">");
        }
        String xml = "<?xml version=\"1.0\"?><!DOCTYPE Envelope [" + entities + "]><Envelope><Cube>"
                + "<Cube time=\"2026-11-20\"><Cube currency=\"USD\" rate=\"1.05\"/></Cube></Cube><x>&a9;</x></Envelope>";

        assertThatThrownBy(() -> read(xml)).isInstanceOf(RatesFileException.class).hasMessageContaining("DTD");
    }

    @Test
    void givenARateThatIsNoNumber_whenRead_thenTheWholeFileIsRefusedNamingTheLine() {
        String xml = ENVELOPE_START + """
                <Cube time="2026-11-20">
                <Cube currency="USD" rate="1.0523"/>
                <Cube currency="INR" rate="-89"/>
                </Cube>
                """ + ENVELOPE_END;

        assertThatThrownBy(() -> read(xml)).isInstanceOf(RatesFileException.class)
                .hasMessageContaining("rate=\"-89\" of INR on 2026-11-20").hasMessageContaining("line 10");
    }

    @Test
    void givenOtherFiles_whenRead_thenEachIsRefusedWithWhy() {
        assertThatThrownBy(() -> read("<html><body>Service unavailable</body></html>"))
                .isInstanceOf(RatesFileException.class).hasMessageContaining("holds no rates");
        assertThatThrownBy(() -> read("<Envelope><Cube><Cube time=\"20 Nov 2026\"><Cube currency=\"USD\" rate=\"1\"/></Cube></Cube></Envelope>"))
                .isInstanceOf(RatesFileException.class).hasMessageContaining("is not a date");
        assertThatThrownBy(() -> read("<Envelope><Cube><Cube currency=\"USD\" rate=\"1\"/></Cube></Envelope>"))
                .isInstanceOf(RatesFileException.class).hasMessageContaining("outside a day");
        assertThatThrownBy(() -> read("<Envelope><Cube><Cube time=\"2026-11-20\"><Cube currency=\"usd\" rate=\"1\"/></Cube></Cube></Envelope>"))
                .isInstanceOf(RatesFileException.class).hasMessageContaining("not a currency code");
        assertThatThrownBy(() -> read("<Envelope><Cube>"))
                .isInstanceOf(RatesFileException.class).hasMessageContaining("not well-formed");
    }

    private static List<EuroRate> read(String xml) throws RatesFileException {
        return EcbRatesXml.read(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)));
    }
}
