package org.expensetracker.infra;

import software.amazon.awscdk.Duration;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.services.cognito.AccountRecovery;
import software.amazon.awscdk.services.cognito.AuthFlow;
import org.expensetracker.core.config.TokenLifetimes;
import org.expensetracker.core.config.UserPoolPolicy;
import software.amazon.awscdk.services.cognito.AutoVerifiedAttrs;
import software.amazon.awscdk.services.cognito.FeaturePlan;
import software.amazon.awscdk.services.cognito.KeepOriginalAttrs;
import software.amazon.awscdk.services.cognito.Mfa;
import software.amazon.awscdk.services.cognito.MfaSecondFactor;
import software.amazon.awscdk.services.cognito.PasswordPolicy;
import software.amazon.awscdk.services.cognito.UserPoolEmail;
import software.amazon.awscdk.services.cognito.UserPoolSESOptions;
import software.amazon.awscdk.services.cognito.SignInAliases;
import software.amazon.awscdk.services.cognito.StandardAttribute;
import software.amazon.awscdk.services.cognito.StandardAttributes;
import software.amazon.awscdk.services.cognito.UserPool;
import software.amazon.awscdk.services.cognito.UserPoolClient;
import software.amazon.awscdk.services.cognito.UserPoolClientOptions;
import software.constructs.Construct;

/**
 * Sign-up and sign-in: a Cognito user pool whose users sign up themselves with their email
 * address as user name, and the web app's public client (USER_PASSWORD_AUTH + refresh tokens, no
 * secret: it runs in the browser). The password rules and token lifetimes are the shared records of
 * {@code functions/core} ({@link org.expensetracker.core.config.PasswordPolicy#DEPLOYED},
 * {@link TokenLifetimes#DEPLOYED}), which the local identity endpoint enforces too. Access and ID tokens
 * live five minutes: the API's JWT authorizer cannot see a sign-out, so that is how long a stolen token works.
 */
final class Identity extends Construct {
    /** The pool, as the local identity endpoint imitates it. */
    static final UserPoolPolicy POLICY = UserPoolPolicy.DEPLOYED;
    static final org.expensetracker.core.config.PasswordPolicy PASSWORDS = POLICY.password();
    static final TokenLifetimes TOKENS = POLICY.tokens();

    private final UserPool userPool;
    private final UserPoolClient webClient;

    Identity(Construct scope, String id, EnvironmentSettings settings) {
        super(scope, id);
        userPool = UserPool.Builder.create(this, "UserPool")
                .userPoolName(settings.prefix() + "-users")
                .featurePlan(FeaturePlan.ESSENTIALS)
                .selfSignUpEnabled(true)
                .signInAliases(signInAliases())
                .signInCaseSensitive(POLICY.caseSensitiveSignIn())
                // a changed e-mail takes effect once its code is entered; until then the old one signs in
                .keepOriginal(KeepOriginalAttrs.builder().email(POLICY.keepOriginalEmailUntilVerified()).build())
                .autoVerify(AutoVerifiedAttrs.builder().email(true).build())
                .standardAttributes(StandardAttributes.builder()
                        .email(StandardAttribute.builder().required(true).mutable(true).build())
                        .build())
                .passwordPolicy(PasswordPolicy.builder()
                        .minLength(PASSWORDS.minLength())
                        .requireLowercase(PASSWORDS.requireLowercase())
                        .requireUppercase(PASSWORDS.requireUppercase())
                        .requireDigits(PASSWORDS.requireDigits())
                        .requireSymbols(PASSWORDS.requireSymbols())
                        .tempPasswordValidity(Duration.days(PASSWORDS.temporaryPasswordValidityDays()))
                        .build())
                .email(email(settings.mail()))
                .mfa(switch (POLICY.mfa()) {
                    case OFF -> Mfa.OFF;
                    case OPTIONAL -> Mfa.OPTIONAL;
                    case REQUIRED -> Mfa.REQUIRED;
                })
                .mfaSecondFactor(MfaSecondFactor.builder()
                        .otp(POLICY.mfaFactors().contains(UserPoolPolicy.MfaFactor.TOTP))
                        .sms(POLICY.mfaFactors().contains(UserPoolPolicy.MfaFactor.SMS))
                        .email(POLICY.mfaFactors().contains(UserPoolPolicy.MfaFactor.EMAIL))
                        .build())
                .accountRecovery(AccountRecovery.EMAIL_ONLY)
                .deletionProtection(settings.removalPolicy() == RemovalPolicy.RETAIN)
                .removalPolicy(settings.removalPolicy())
                .build();
        Nag.suppress(userPool, "AwsSolutions-COG2",
                "MFA is optional (TOTP) so that self sign-up works with email and password alone, as the web app and"
                        + " the API walk-through do; users can enable TOTP for their account.");
        Nag.suppress(userPool, "AwsSolutions-COG3",
                "Threat protection (advanced security) needs the Cognito Plus feature plan, priced per monthly active user;"
                        + " the Essentials plan is the deliberate default of a self-hosted personal app.");

        webClient = userPool.addClient("WebClient", UserPoolClientOptions.builder()
                .userPoolClientName(settings.prefix() + "-web")
                .authFlows(AuthFlow.builder().userPassword(true).build())
                .generateSecret(false)
                .disableOAuth(true)
                .preventUserExistenceErrors(POLICY.preventUserExistenceErrors())
                .authSessionValidity(minutes(POLICY.authSessionValidity()))
                .enableTokenRevocation(true)
                .accessTokenValidity(minutes(TOKENS.accessToken()))
                .idTokenValidity(minutes(TOKENS.idToken()))
                .refreshTokenValidity(minutes(TOKENS.refreshToken()))
                .build());
    }

    /**
     * Cognito's own sender by default: no setup, but a quota of 50 e-mails a day per account (docs/deploy.md), which
     * a handful of sign-ups and password resets can use up. With {@link EnvironmentSettings.SesMail} the pool sends
     * through SES from the verified identity.
     */
    static UserPoolEmail email(EnvironmentSettings.SesMail mail) {
        if (mail == null) {
            return UserPoolEmail.withCognito();
        }
        return UserPoolEmail.withSES(UserPoolSESOptions.builder()
                .fromEmail(mail.fromEmail())
                .fromName(mail.fromName())
                .sesRegion(mail.sesRegion())
                .sesVerifiedDomain(mail.sesVerifiedDomain())
                .build());
    }

    /** The e-mail is the username (Cognito then stores a generated UUID as the user name). */
    private static SignInAliases signInAliases() {
        return switch (POLICY.signIn()) {
            case EMAIL_AS_USERNAME -> SignInAliases.builder().email(true).username(false).build();
        };
    }

    private static Duration minutes(java.time.Duration duration) {
        return Duration.minutes(duration.toMinutes());
    }

    UserPool userPool() {
        return userPool;
    }

    UserPoolClient webClient() {
        return webClient;
    }

    /** The token issuer: https://cognito-idp.<region>.amazonaws.com/<poolId>. */
    String issuer() {
        return userPool.getUserPoolProviderUrl();
    }

    /** What the browser calls for SignUp/InitiateAuth: https://cognito-idp.<region>.amazonaws.com/. */
    String endpoint() {
        return "https://cognito-idp." + Stack.of(this).getRegion() + "." + Stack.of(this).getUrlSuffix() + "/";
    }
}
