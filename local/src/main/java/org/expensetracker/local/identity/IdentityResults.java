package org.expensetracker.local.identity;

import java.util.List;
import java.util.Map;

/** The answers of {@link LocalIdentity}'s operations, named after Cognito's response members. */
public final class IdentityResults {

    private IdentityResults() {
    }

    /** Cognito's {@code CodeDeliveryDetails}: where a code went, the address masked ({@code m***@e***}). */
    public record CodeDelivery(String destination, String deliveryMedium, String attributeName) {

        static CodeDelivery email(String address) {
            return new CodeDelivery(mask(address), "EMAIL", "email");
        }

        /** {@code me@example.com} → {@code m***@e***}, as Cognito shows it. */
        static String mask(String address) {
            int at = address.indexOf('@');
            String local = at > 0 ? address.substring(0, 1) : "x";
            String domain = at >= 0 && at + 1 < address.length() ? address.substring(at + 1, at + 2) : "x";
            return local + "***@" + domain + "***";
        }
    }

    /** The answer to SignUp; {@code codeDelivery} is null when the user is confirmed at once. */
    public record SignUpResult(String userSub, boolean userConfirmed, CodeDelivery codeDelivery) {
    }

    /**
     * The answer to InitiateAuth and RespondToAuthChallenge: either tokens, or a challenge to answer
     * within the session's lifetime.
     */
    public record AuthOutcome(AuthenticationResult tokens, String challengeName, String session,
                              Map<String, String> challengeParameters) {

        public AuthOutcome {
            challengeParameters = Map.copyOf(challengeParameters);
        }

        static AuthOutcome signedIn(AuthenticationResult tokens) {
            return new AuthOutcome(tokens, null, null, Map.of());
        }
    }

    /** The answer to AssociateSoftwareToken: the base32 secret for the authenticator app. */
    public record SoftwareTokenAssociation(String secretCode, String session) {
    }

    /** The answer to VerifySoftwareToken. */
    public record SoftwareTokenVerification(String status, String session) {
    }

    /** One of SetUserMFAPreference's settings; null members leave that part as it is. */
    public record MfaSetting(Boolean enabled, Boolean preferred) {
    }

    /** The MFA part of GetUser. */
    public record MfaSettings(List<String> enabled, String preferred) {

        public MfaSettings {
            enabled = List.copyOf(enabled);
        }
    }
}
