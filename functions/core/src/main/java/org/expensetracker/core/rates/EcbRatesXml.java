package org.expensetracker.core.rates;

import java.io.InputStream;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

/**
 * Reads the European Central Bank's euro reference rate files ({@code eurofxref-daily.xml},
 * {@code eurofxref-hist-90d.xml}, {@code eurofxref-hist.xml}): a {@code Cube} per day with a {@code time}
 * attribute, holding a {@code Cube} per currency with {@code currency} and {@code rate}. Namespaces
 * and the envelope around them are not checked, so a file saved from the feed reads as it came.
 *
 * <p>The file comes from the network or from a user's disk: a DTD (and with it every entity, external
 * or not) is refused before anything is resolved, so no file can make the reader fetch or expand anything.
 */
public final class EcbRatesXml {
    private static final XMLInputFactory FACTORY = newFactory();

    private EcbRatesXml() {
    }

    /** Every rate of the file, in its order; a file with none, or with one bad value, is refused whole. */
    public static List<EuroRate> read(InputStream xml) throws RatesFileException {
        List<EuroRate> rates = new ArrayList<>();
        XMLStreamReader reader = null;
        try {
            reader = FACTORY.createXMLStreamReader(xml);
            LocalDate day = null;
            int depthOfDay = -1;
            int depth = 0;
            while (reader.hasNext()) {
                int event = reader.next();
                if (event == XMLStreamConstants.DTD) {
                    throw new RatesFileException("a rates file must not declare a DTD (line " + line(reader) + ")");
                }
                if (event == XMLStreamConstants.END_ELEMENT) {
                    if (depth == depthOfDay) {
                        day = null;
                        depthOfDay = -1;
                    }
                    depth--;
                    continue;
                }
                if (event != XMLStreamConstants.START_ELEMENT) {
                    continue;
                }
                depth++;
                if (!"Cube".equals(reader.getLocalName())) {
                    continue;
                }
                String time = reader.getAttributeValue(null, "time");
                String currency = reader.getAttributeValue(null, "currency");
                if (time != null) {
                    day = date(time, reader);
                    depthOfDay = depth;
                } else if (currency != null) {
                    if (day == null) {
                        throw new RatesFileException("a rate outside a day's Cube (line " + line(reader) + ")");
                    }
                    rates.add(rate(day, currency, reader.getAttributeValue(null, "rate"), reader));
                }
            }
        } catch (XMLStreamException e) {
            throw new RatesFileException("not well-formed XML: " + e.getMessage(), e);
        } finally {
            close(reader);
        }
        if (rates.isEmpty()) {
            throw new RatesFileException("the file holds no rates (Cube elements with time, currency and rate)");
        }
        return rates;
    }

    private static LocalDate date(String text, XMLStreamReader reader) throws RatesFileException {
        try {
            return LocalDate.parse(text.strip());
        } catch (DateTimeParseException e) {
            throw new RatesFileException("time=\"" + text + "\" is not a date YYYY-MM-DD (line " + line(reader) + ")");
        }
    }

    private static EuroRate rate(LocalDate day, String currency, String rate, XMLStreamReader reader)
            throws RatesFileException {
        String code = currency.strip();
        if (!code.matches("[A-Z]{3}")) {
            throw new RatesFileException("currency=\"" + currency + "\" is not a currency code (line " + line(reader) + ")");
        }
        BigDecimal perEuro;
        try {
            perEuro = rate == null ? null : new BigDecimal(rate.strip());
        } catch (NumberFormatException e) {
            perEuro = null;
        }
        // ECB rates have at most 4 decimals and never more than 6 integer digits (IDR): anything else is no rate
        if (perEuro == null || perEuro.signum() <= 0 || perEuro.scale() > 6 || perEuro.precision() - perEuro.scale() > 9) {
            throw new RatesFileException("rate=\"" + rate + "\" of " + code + " on " + day
                    + " is not a positive decimal (line " + line(reader) + ")");
        }
        return new EuroRate(day, code, perEuro);
    }

    private static int line(XMLStreamReader reader) {
        return reader.getLocation() == null ? -1 : reader.getLocation().getLineNumber();
    }

    private static void close(XMLStreamReader reader) {
        if (reader != null) {
            try {
                reader.close();
            } catch (XMLStreamException e) {
                // reading is over either way
            }
        }
    }

    private static XMLInputFactory newFactory() {
        XMLInputFactory factory = XMLInputFactory.newFactory();
        factory.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        factory.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
        factory.setProperty(XMLInputFactory.IS_REPLACING_ENTITY_REFERENCES, false);
        return factory;
    }
}
