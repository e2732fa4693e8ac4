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
 * The security headers CloudFront adds to every response of the site and the API. The site is static HTML,
 * JS modules and CSS from its own origin; it calls the API on that same origin ({@code /api}), Cognito's
 * endpoint of its region, and S3 only through presigned URLs of the receipts bucket (uploads by fetch,
 * receipts shown as images, PDF receipts in the viewer's frame). Each is named exactly: no wildcard host. The presigned URLs are
 * virtual-hosted-style on the regional endpoint, {@code https://<bucket>.s3.<region>.amazonaws.com/...}
 * (functions/storage builds its presigner with the SDK's defaults, which use that form for every
 * DNS-compatible bucket name).
 */
final class SecurityHeaders {

    private SecurityHeaders() {
    }

    static String contentSecurityPolicy(String region, String receiptsBucket) {
        String s3 = receiptsOrigin(region, receiptsBucket);
        return String.join("; ",
                "default-src 'none'",
                "script-src 'self'",
                "style-src 'self'",
                "img-src 'self' data: blob: " + s3,
                // the receipt viewer shows a PDF receipt in a frame, from its presigned inline URL
                "frame-src " + s3,
                "font-src 'self'",
                "manifest-src 'self'",
                "worker-src 'self'",
                "connect-src 'self' " + cognitoOrigin(region) + " " + s3,
                "object-src 'none'",
                "base-uri 'self'",
                "form-action 'self'",
                "frame-ancestors 'none'",
                "upgrade-insecure-requests");
    }

    /** Where the browser signs up, signs in and refreshes its tokens (Cognito's CORS-enabled IdP endpoint). */
    static String cognitoOrigin(String region) {
        return "https://cognito-idp." + region + ".amazonaws.com";
    }

    /** The origin of the receipts bucket's presigned URLs. */
    static String receiptsOrigin(String region, String receiptsBucket) {
        return "https://" + receiptsBucket + ".s3." + region + ".amazonaws.com";
    }

    static ResponseHeadersPolicy policy(Construct scope, String id, String receiptsBucket) {
        return ResponseHeadersPolicy.Builder.create(scope, id)
                .comment("Security headers of the expense tracker's web app")
                .securityHeadersBehavior(ResponseSecurityHeadersBehavior.builder()
                        .contentSecurityPolicy(ResponseHeadersContentSecurityPolicy.builder()
                                .contentSecurityPolicy(contentSecurityPolicy(Stack.of(scope).getRegion(), receiptsBucket))
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
