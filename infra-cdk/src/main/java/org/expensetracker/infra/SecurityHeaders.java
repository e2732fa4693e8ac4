package org.expensetracker.infra;

import java.util.List;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.services.cloudfront.HeadersFrameOption;
import software.amazon.awscdk.services.cloudfront.HeadersReferrerPolicy;
import software.amazon.awscdk.services.cloudfront.ResponseCustomHeader;
import software.amazon.awscdk.services.cloudfront.ResponseCustomHeadersBehavior;
import software.amazon.awscdk.services.cloudfront.ResponseHeadersContentSecurityPolicy;
import software.amazon.awscdk.services.cloudfront.ResponseHeadersContentTypeOptions;
import software.amazon.awscdk.services.cloudfront.ResponseHeadersFrameOptions;
import software.amazon.awscdk.services.cloudfront.ResponseHeadersPolicy;
import software.amazon.awscdk.services.cloudfront.ResponseHeadersReferrerPolicy;
import software.amazon.awscdk.services.cloudfront.ResponseHeadersStrictTransportSecurity;
import software.amazon.awscdk.services.cloudfront.ResponseSecurityHeadersBehavior;
import software.constructs.Construct;

/**
 * The security headers CloudFront adds to every response of the site. The site is static HTML,
 * JS modules and CSS from its own origin; it calls the HTTP API and Cognito of its region, and
 * the browser talks to S3 only through presigned URLs (uploads by fetch, receipts shown as images).
 * The Web stack cannot know the API id or the bucket name (those stacks depend on it), so hosts
 * are allowed by service and region.
 */
final class SecurityHeaders {

    private SecurityHeaders() {
    }

    static String contentSecurityPolicy(String region) {
        String s3 = "https://*.s3." + region + ".amazonaws.com https://*.s3.amazonaws.com";
        return String.join("; ",
                "default-src 'none'",
                "script-src 'self'",
                "style-src 'self'",
                "img-src 'self' data: blob: " + s3,
                "font-src 'self'",
                "manifest-src 'self'",
                "worker-src 'self'",
                "connect-src 'self' https://*.execute-api." + region + ".amazonaws.com https://cognito-idp." + region
                        + ".amazonaws.com " + s3,
                "object-src 'none'",
                "base-uri 'self'",
                "form-action 'self'",
                "frame-ancestors 'none'",
                "upgrade-insecure-requests");
    }

    static ResponseHeadersPolicy policy(Construct scope, String id) {
        return ResponseHeadersPolicy.Builder.create(scope, id)
                .comment("Security headers of the expense tracker's web app")
                .securityHeadersBehavior(ResponseSecurityHeadersBehavior.builder()
                        .contentSecurityPolicy(ResponseHeadersContentSecurityPolicy.builder()
                                .contentSecurityPolicy(contentSecurityPolicy(Stack.of(scope).getRegion()))
                                .override(true).build())
                        .strictTransportSecurity(ResponseHeadersStrictTransportSecurity.builder()
                                .accessControlMaxAge(Duration.days(730)).includeSubdomains(true).override(true).build())
                        .contentTypeOptions(ResponseHeadersContentTypeOptions.builder().override(true).build())
                        .frameOptions(ResponseHeadersFrameOptions.builder()
                                .frameOption(HeadersFrameOption.DENY).override(true).build())
                        .referrerPolicy(ResponseHeadersReferrerPolicy.builder()
                                .referrerPolicy(HeadersReferrerPolicy.STRICT_ORIGIN_WHEN_CROSS_ORIGIN).override(true).build())
                        .build())
                .customHeadersBehavior(ResponseCustomHeadersBehavior.builder()
                        .customHeaders(List.of(ResponseCustomHeader.builder()
                                .header("Permissions-Policy")
                                .value("camera=(self), geolocation=(), microphone=(), payment=(), usb=()")
                                .override(true).build()))
                        .build())
                .build();
    }
}
