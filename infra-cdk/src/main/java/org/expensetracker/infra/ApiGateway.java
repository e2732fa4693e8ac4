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
import software.amazon.awscdk.services.apigatewayv2.CorsHttpMethod;
import software.amazon.awscdk.services.apigatewayv2.CorsPreflightOptions;
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
 * (the API's default, so no route can be left open), CORS for the web app's origins, and a JSON
 * access log on the $default stage.
 */
final class ApiGateway extends Construct {
    static final List<String> ALLOWED_HEADERS = List.of("authorization", "content-type", "if-match");
    static final List<String> EXPOSED_HEADERS = List.of("etag", "location", "retry-after");

    private final HttpApi api;
    private final HttpStage stage;

    ApiGateway(Construct scope, String id, EnvironmentSettings settings, Identity identity, List<String> webOrigins,
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
                .corsPreflight(CorsPreflightOptions.builder()
                        .allowOrigins(webOrigins)
                        .allowMethods(List.of(CorsHttpMethod.GET, CorsHttpMethod.POST, CorsHttpMethod.PUT,
                                CorsHttpMethod.DELETE, CorsHttpMethod.OPTIONS))
                        .allowHeaders(ALLOWED_HEADERS)
                        .exposeHeaders(EXPOSED_HEADERS)
                        .maxAge(Duration.hours(1))
                        .build())
                .build();

        LogGroup accessLogs = LogGroup.Builder.create(this, "AccessLogs")
                .retention(settings.logRetention())
                .removalPolicy(settings.removalPolicy())
                .build();
        stage = HttpStage.Builder.create(this, "DefaultStage")
                .httpApi(api)
                .stageName("$default")
                .autoDeploy(true)
                .throttle(ThrottleSettings.builder().rateLimit(50).burstLimit(100).build())
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

    static <T> Map<FunctionName, T> byFunctionName(Function<FunctionName, T> lookup) {
        Map<FunctionName, T> map = new EnumMap<>(FunctionName.class);
        for (FunctionName name : FunctionName.values()) {
            map.put(name, lookup.apply(name));
        }
        return map;
    }
}
