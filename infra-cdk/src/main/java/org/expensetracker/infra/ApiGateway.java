package org.expensetracker.infra;

import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.expensetracker.http.FunctionName;
import org.expensetracker.http.Route;
import org.expensetracker.http.Routes;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.aws_apigatewayv2_authorizers.HttpJwtAuthorizer;
import software.amazon.awscdk.aws_apigatewayv2_authorizers.HttpJwtAuthorizerProps;
import software.amazon.awscdk.aws_apigatewayv2_integrations.HttpLambdaIntegration;
import software.amazon.awscdk.services.apigateway.AccessLogFormat;
import software.amazon.awscdk.services.apigatewayv2.AddRoutesOptions;
import software.amazon.awscdk.services.apigatewayv2.HttpApi;
import software.amazon.awscdk.services.apigatewayv2.HttpMethod;
import software.amazon.awscdk.services.apigatewayv2.HttpStage;
import software.amazon.awscdk.services.apigatewayv2.IAccessLogDestination;
import software.amazon.awscdk.services.apigatewayv2.IAccessLogSettings;
import software.amazon.awscdk.services.apigatewayv2.LogGroupLogDestination;
import software.amazon.awscdk.services.apigatewayv2.ThrottleSettings;
import software.amazon.awscdk.services.lambda.IFunction;
import software.amazon.awscdk.services.logs.LogGroup;
import software.constructs.Construct;

/**
 * The HTTP API: exactly the routes of the route table ({@link Routes#ALL}), each integrated with
 * the {@code live} alias of the function the table names, all behind the Cognito JWT authorizer
 * (the API's default, so no route can be left open), and a JSON access log on the $default stage.
 *
 * <p>No CORS: the browser calls the API on the site's own origin ({@code <site>/api}, through CloudFront), so no
 * request is cross-origin and no origin needs allowing; without a CORS configuration API Gateway answers no
 * preflight and adds no {@code Access-Control-*} header, so no other origin's page can read an answer either.
 * The default execute-api endpoint stays on: it is the distribution's origin (an HTTP API without a custom
 * domain has no other). Called directly it is outside AWS WAF, but still needs a valid access token on every
 * route, and the stage throttle bounds it.
 */
final class ApiGateway extends Construct {
    /** Requests per second (and burst) the $default stage serves, direct or through CloudFront. */
    static final int RATE_LIMIT = 50;
    static final int BURST_LIMIT = 100;

    private final HttpApi api;
    private final HttpStage stage;

    ApiGateway(Construct scope, String id, EnvironmentSettings settings, Identity identity,
               Map<FunctionName, IFunction> handlers) {
        super(scope, id);
        var authorizer = new HttpJwtAuthorizer("CognitoJwt", identity.issuer(), HttpJwtAuthorizerProps.builder()
                .authorizerName("cognito-jwt")
                .jwtAudience(List.of(identity.webClient().getUserPoolClientId()))
                .identitySource(List.of("$request.header.Authorization"))
                .build());
        api = HttpApi.Builder.create(this, "HttpApi")
                .apiName(settings.prefix() + "-api")
                .description("Expense tracker API (" + settings.name() + ")")
                .defaultAuthorizer(authorizer)
                .createDefaultStage(false)
                .build();

        LogGroup accessLogs = LogGroup.Builder.create(this, "AccessLogs")
                .retention(settings.logRetention())
                .removalPolicy(settings.removalPolicy())
                .build();
        stage = HttpStage.Builder.create(this, "DefaultStage")
                .httpApi(api)
                .stageName("$default")
                .autoDeploy(true)
                .throttle(ThrottleSettings.builder().rateLimit(RATE_LIMIT).burstLimit(BURST_LIMIT).build())
                .accessLogSettings(new IAccessLogSettings() {
                    @Override
                    public IAccessLogDestination getDestination() {
                        return new LogGroupLogDestination(accessLogs);
                    }

                    @Override
                    public AccessLogFormat getFormat() {
                        return AccessLogFormat.custom(accessLogFormat());
                    }
                })
                .build();

        Map<FunctionName, HttpLambdaIntegration> integrations = new EnumMap<>(FunctionName.class);
        for (Route route : Routes.ALL) {
            var integration = integrations.computeIfAbsent(route.function(), name -> new HttpLambdaIntegration(
                    Names.pascal(name.module()) + "Integration", handlers.get(name)));
            api.addRoutes(AddRoutesOptions.builder()
                    .path(route.path())
                    .methods(List.of(HttpMethod.valueOf(route.method())))
                    .integration(integration)
                    .build());
        }
    }

    /** One JSON object per request, with the fields of HTTP API access logging that matter here. */
    static String accessLogFormat() {
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("requestId", "$context.requestId");
        fields.put("requestTime", "$context.requestTime");
        fields.put("ip", "$context.identity.sourceIp");
        fields.put("userAgent", "$context.identity.userAgent");
        fields.put("routeKey", "$context.routeKey");
        fields.put("status", "$context.status");
        fields.put("protocol", "$context.protocol");
        fields.put("responseLength", "$context.responseLength");
        fields.put("responseLatency", "$context.responseLatency");
        fields.put("integrationLatency", "$context.integrationLatency");
        fields.put("integrationStatus", "$context.integrationStatus");
        fields.put("integrationError", "$context.integrationErrorMessage");
        fields.put("authorizerError", "$context.authorizer.error");
        fields.put("sub", "$context.authorizer.claims.sub");
        return fields.entrySet().stream()
                .map(field -> "\"" + field.getKey() + "\":\"" + field.getValue() + "\"")
                .collect(Collectors.joining(",", "{", "}"));
    }

    HttpApi api() {
        return api;
    }

    /** https://<apiId>.execute-api.<region>.amazonaws.com, the base the route paths are appended to. */
    String url() {
        return api.getApiEndpoint();
    }

    /** {@code <apiId>.execute-api.<region>.amazonaws.com}: the distribution's origin for {@code /api/*}. */
    String domainName() {
        return software.amazon.awscdk.Fn.select(2, software.amazon.awscdk.Fn.split("/", api.getApiEndpoint()));
    }

    static <T> Map<FunctionName, T> byFunctionName(Function<FunctionName, T> lookup) {
        Map<FunctionName, T> map = new EnumMap<>(FunctionName.class);
        for (FunctionName name : FunctionName.values()) {
            map.put(name, lookup.apply(name));
        }
        return map;
    }
}
