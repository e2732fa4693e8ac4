package org.expensetracker.infra;

import software.amazon.awscdk.services.cloudfront.Function;
import software.amazon.awscdk.services.cloudfront.FunctionCode;
import software.amazon.awscdk.services.cloudfront.FunctionRuntime;
import software.constructs.Construct;

/**
 * The API on the site's origin: CloudFront sends {@code /api/*} to the HTTP API, whose routes are the route
 * table's paths ({@code /entries}, {@code /documents/{id}}, ...) as they are locally under {@code /api}. This
 * viewer-request CloudFront Function strips the prefix, so {@code /api/entries?from=…} reaches the route
 * {@code GET /entries} with its query string untouched (CloudFront keeps the query string apart from the URI).
 *
 * <p>Why a function and not API Gateway: HTTP API routes under {@code /api/...} would fork the route table the
 * local gateway shares, and an API mapping with a base path needs a custom API domain (and certificate) of its own;
 * a CloudFront origin path can only add a prefix, never remove one. The function costs $0.10 per million requests
 * and runs before the origin request, at the edge.
 */
final class ApiPath {
    static final String PREFIX = "/api";
    static final String PATH_PATTERN = PREFIX + "/*";

    /** The function's code: CloudFront Functions runtime 2.0 (ECMAScript 5.1 with some later additions). */
    static final String CODE = String.join("\n",
            "function handler(event) {",
            "  var request = event.request;",
            "  if (request.uri.indexOf('" + PREFIX + "/') === 0) {",
            "    request.uri = request.uri.substring(" + PREFIX.length() + ");",
            "  }",
            "  return request;",
            "}");

    private ApiPath() {
    }

    static Function stripPrefix(Construct scope, String id, EnvironmentSettings settings) {
        return Function.Builder.create(scope, id)
                .functionName(settings.prefix() + "-strip-api-prefix")
                .comment("/api/<route> -> /<route> for the HTTP API origin")
                .runtime(FunctionRuntime.JS_2_0)
                .code(FunctionCode.fromInline(CODE))
                .build();
    }
}
