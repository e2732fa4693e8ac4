package org.expensetracker.ratesupdater;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.expensetracker.core.config.EnvNames;
import org.expensetracker.core.entry.EntrySettings;
import org.expensetracker.core.rates.EuroRate;
import org.expensetracker.core.rates.RatesService;
import org.expensetracker.dataapi.DataApiClients;
import org.expensetracker.dataapi.rates.DataApiRateRepository;
import org.expensetracker.logging.LambdaLogContext;

/**
 * Lambda entry point of the daily rates update (an EventBridge schedule on working days, after the ECB
 * publishes): fetches the ECB's 90-day file and stores it. Storing is an upsert, so a rerun, an overlap
 * or a retry changes nothing, and a day missed while the feed was down is filled in by the next run.
 * Rates are only ever suggested to users (with their date), never applied to an entry.
 */
public final class RatesUpdateHandler implements RequestHandler<Map<String, Object>, Map<String, Object>> {
    /** The last 90 days of euro reference rates, published by the ECB on its working days around 16:00 CET. */
    public static final URI ECB_90_DAYS = URI.create("https://www.ecb.europa.eu/stats/eurofxref/eurofxref-hist-90d.xml");

    private final RatesFeed feed;
    private final RatesService rates;

    public RatesUpdateHandler() {
        this(System::getenv);
    }

    public RatesUpdateHandler(Function<String, String> env) {
        this(new RatesFeed(HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10))
                        .followRedirects(HttpClient.Redirect.NORMAL).build(), feedUrl(env)),
                new RatesService(new DataApiRateRepository(DataApiClients.sql(DataApiClients.client(), env)),
                        EntrySettings.fromEnvironment(env).defaultCurrency(), Clock.systemUTC()));
    }

    RatesUpdateHandler(RatesFeed feed, RatesService rates) {
        this.feed = feed;
        this.rates = rates;
    }

    private static URI feedUrl(Function<String, String> env) {
        String configured = env.apply(EnvNames.ECB_RATES_URL);
        return configured == null || configured.isBlank() ? ECB_90_DAYS : URI.create(configured.strip());
    }

    @Override
    public Map<String, Object> handleRequest(Map<String, Object> event, Context context) {
        if (context != null) {
            LambdaLogContext.initialize(context);
        }
        List<EuroRate> fetched = feed.fetch();
        int written = rates.store(fetched);
        LocalDate latest = fetched.stream().map(EuroRate::date).max(LocalDate::compareTo).orElseThrow();
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("source", feed.url().toString());
        answer.put("ratesFetched", fetched.size());
        answer.put("ratesWritten", written);
        answer.put("days", fetched.stream().map(EuroRate::date).distinct().count());
        answer.put("latest", latest.toString());
        return answer;
    }
}
