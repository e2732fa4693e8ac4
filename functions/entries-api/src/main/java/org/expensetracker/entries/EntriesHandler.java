package org.expensetracker.entries;

import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.expensetracker.core.config.EnvNames;
import org.expensetracker.core.document.DocumentService;
import org.expensetracker.core.entry.EntryService;
import org.expensetracker.core.budget.BudgetService;
import org.expensetracker.core.entry.EntrySettings;
import org.expensetracker.core.rates.RatesService;
import org.expensetracker.core.recurring.RecurringService;
import org.expensetracker.core.settings.SettingsService;
import org.expensetracker.core.settings.UserSettings;
import org.expensetracker.dataapi.DataApiClients;
import org.expensetracker.dataapi.DataApiSql;
import org.expensetracker.dataapi.budget.DataApiBudgetRepository;
import org.expensetracker.dataapi.document.DataApiDocumentRepository;
import org.expensetracker.dataapi.rates.DataApiRateRepository;
import org.expensetracker.dataapi.recurring.DataApiRecurringRepository;
import org.expensetracker.dataapi.settings.DataApiSettingsRepository;
import org.expensetracker.dataapi.entry.DataApiEntryRepository;
import org.expensetracker.http.ApiFunction;
import org.expensetracker.http.Endpoint;
import org.expensetracker.http.FunctionName;
import org.expensetracker.http.HttpApi;
import org.expensetracker.http.PrimingRequest;
import org.expensetracker.storage.S3Clients;
import org.expensetracker.storage.S3Receipts;

/**
 * Lambda entry point of the entry routes, and their composition root. The no-argument constructor
 * is the one the Lambda runtime calls: it reads the environment and builds the clients once per
 * execution environment. The local stack and tests pass their own environment lookup.
 *
 * <p>Before a SnapStart snapshot it primes itself with {@link #PRIMING} and a signed URL (see
 * {@link ApiFunction}).
 */
public final class EntriesHandler extends ApiFunction {
    /** The read-only routes, as a user who cannot exist: each goes through the SDK to the database. */
    static final List<PrimingRequest> PRIMING = List.of(
            PrimingRequest.get("GET /entries").withQuery("q", "priming").withQuery("from", "2024-01-01"),
            PrimingRequest.get("GET /entries/{id}").withPath("id", "00000000-0000-4000-8000-000000000000"),
            PrimingRequest.get("GET /summary").withQuery("groupBy", "category"),
            PrimingRequest.get("GET /suggestions").withQuery("field", "category").withQuery("prefix", "p"));

    public EntriesHandler() {
        this(System::getenv);
        registerForSnapshot();
    }

    public EntriesHandler(Function<String, String> env) {
        this(env, DataApiClients.sql(DataApiClients.client(), env), S3Clients.receiptsSigningFirst(env));
    }

    private EntriesHandler(Function<String, String> env, DataApiSql sql, S3Receipts receipts) {
        this(new EntryService(new DataApiEntryRepository(sql), EntrySettings.fromEnvironment(env)),
                new DocumentService(new DataApiDocumentRepository(sql), receipts),
                new SettingsService(new DataApiSettingsRepository(sql), defaultSettings(env)),
                new BudgetService(new DataApiBudgetRepository(sql), defaultCurrency(env), Clock.systemUTC()),
                new RecurringService(new DataApiRecurringRepository(sql), defaultCurrency(env)),
                new RatesService(new DataApiRateRepository(sql), defaultCurrency(env), Clock.systemUTC()),
                receipts, env.apply(EnvNames.APP_CLIENT_ID));
    }

    private static String defaultCurrency(Function<String, String> env) {
        return EntrySettings.fromEnvironment(env).defaultCurrency();
    }

    /** What a user who saved no settings has: the deployment's currency, a calendar fiscal year, English. */
    static UserSettings defaultSettings(Function<String, String> env) {
        return new UserSettings(EntrySettings.fromEnvironment(env).defaultCurrency(), 1, "en");
    }

    /** @param appClientId the app client whose access tokens are accepted (null: any the authorizer accepts) */
    public EntriesHandler(EntryService entries, DocumentService documents, SettingsService settings,
                          BudgetService budgets, RecurringService recurring, RatesService rates, S3Receipts receipts,
                          String appClientId) {
        super(new HttpApi(FunctionName.ENTRIES_API, routes(entries, documents, settings, budgets, recurring, rates),
                appClientId), PRIMING, receipts::primeSigning);
    }

    private static Map<String, Endpoint> routes(EntryService entries, DocumentService documents, SettingsService settings,
                                                BudgetService budgets, RecurringService recurring, RatesService rates) {
        Map<String, Endpoint> routes = new HashMap<>(new EntryEndpoints(entries, documents).byRouteKey());
        routes.putAll(new SettingsEndpoints(settings).byRouteKey());
        routes.putAll(new BudgetEndpoints(budgets).byRouteKey());
        routes.putAll(new RecurringEndpoints(recurring).byRouteKey());
        routes.putAll(new RatesEndpoints(rates).byRouteKey());
        return Map.copyOf(routes);
    }
}
