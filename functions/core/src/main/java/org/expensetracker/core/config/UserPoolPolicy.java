package org.expensetracker.core.config;

import java.time.Duration;
import java.util.Objects;
import java.util.Set;

/**
 * What the user pool is, in one place: the CDK app configures the deployed Cognito pool from
 * {@link #DEPLOYED} and the local identity endpoint behaves by the same record, so a client meets
 * the same rules locally as on AWS. Plain Java on purpose (no AWS types): the CDK app maps it.
 *
 * @param signIn                         how users name themselves at sign-in
 * @param caseSensitiveSignIn            whether {@code Me@Example.com} and {@code me@example.com} are two users
 * @param password                       the password rules
 * @param tokens                         the app client's token lifetimes
 * @param mfa                            whether a second factor is off, optional or required
 * @param mfaFactors                     the second factors users may enable
 * @param lockout                        Cognito's answer to repeated failed sign-ins
 * @param codes                          validity and limits of the codes the pool e-mails
 * @param keepOriginalEmailUntilVerified Cognito's {@code AttributesRequireVerificationBeforeUpdate=[email]}
 *                                       (CDK {@code keepOriginal.email}): a changed e-mail address takes
 *                                       effect only once the code sent to it is entered; until then the user
 *                                       keeps signing in with the old, verified address
 * @param preventUserExistenceErrors     the app client's {@code PreventUserExistenceErrors=ENABLED}: sign-in,
 *                                       password reset and confirmation do not reveal whether an account exists
 * @param authSessionValidity            how long the {@code Session} of a sign-in challenge (e.g. the TOTP code)
 *                                       may be answered
 */
public record UserPoolPolicy(SignIn signIn, boolean caseSensitiveSignIn, PasswordPolicy password,
                             TokenLifetimes tokens, Mfa mfa, Set<MfaFactor> mfaFactors, Lockout lockout,
                             Codes codes, boolean keepOriginalEmailUntilVerified, boolean preventUserExistenceErrors,
                             Duration authSessionValidity) {

    /** How users sign in. */
    public enum SignIn {
        /**
         * Cognito's {@code UsernameAttributes=[email]}: SignUp takes the e-mail address as Username, the pool
         * stores a generated UUID (equal to {@code sub}) as the username, and users sign in with their e-mail.
         */
        EMAIL_AS_USERNAME
    }

    /** Cognito's {@code MfaConfiguration}. */
    public enum Mfa { OFF, OPTIONAL, REQUIRED }

    /** The second factors a Cognito pool can offer. */
    public enum MfaFactor { TOTP, SMS, EMAIL }

    /**
     * After {@code freeFailures} failed sign-ins in a row, the name is locked for {@code firstLockout}, and
     * every further failure doubles the lock up to {@code maxLockout} (Cognito's documented behaviour).
     */
    public record Lockout(int freeFailures, Duration firstLockout, Duration maxLockout) {
        public Lockout {
            if (freeFailures < 1) {
                throw new IllegalArgumentException("at least one free failure");
            }
            requirePositive(firstLockout, "first lockout");
            if (maxLockout.compareTo(firstLockout) < 0) {
                throw new IllegalArgumentException("the longest lockout cannot be shorter than the first");
            }
        }
    }

    /**
     * The codes the pool e-mails.
     *
     * @param confirmationValidity   a sign-up or e-mail verification code (Cognito: 24 hours)
     * @param passwordResetValidity  a ForgotPassword code (Cognito: 1 hour)
     * @param wrongAttemptsPerCode   wrong entries after which a code is void ({@code LimitExceededException})
     * @param sendsPerWindow         codes e-mailed to one user within {@code sendWindow} before
     *                               {@code LimitExceededException}; Cognito throttles resends without
     *                               publishing its numbers, these are the local stand-in's
     * @param sendWindow             see {@code sendsPerWindow}
     */
    public record Codes(Duration confirmationValidity, Duration passwordResetValidity, int wrongAttemptsPerCode,
                        int sendsPerWindow, Duration sendWindow) {
        public Codes {
            requirePositive(confirmationValidity, "confirmation code validity");
            requirePositive(passwordResetValidity, "password reset code validity");
            requirePositive(sendWindow, "send window");
            if (wrongAttemptsPerCode < 1 || sendsPerWindow < 1) {
                throw new IllegalArgumentException("code limits must be positive");
            }
        }
    }

    /** The pool this project deploys (and the local identity endpoint imitates). */
    public static final UserPoolPolicy DEPLOYED = new UserPoolPolicy(
            SignIn.EMAIL_AS_USERNAME,
            false,
            PasswordPolicy.DEPLOYED,
            TokenLifetimes.DEPLOYED,
            Mfa.OPTIONAL,
            Set.of(MfaFactor.TOTP),
            new Lockout(5, Duration.ofSeconds(1), Duration.ofMinutes(15)),
            new Codes(Duration.ofHours(24), Duration.ofHours(1), 5, 5, Duration.ofHours(1)),
            true,
            true,
            Duration.ofMinutes(3));

    public UserPoolPolicy {
        Objects.requireNonNull(signIn, "signIn");
        Objects.requireNonNull(password, "password");
        Objects.requireNonNull(tokens, "tokens");
        Objects.requireNonNull(mfa, "mfa");
        Objects.requireNonNull(lockout, "lockout");
        Objects.requireNonNull(codes, "codes");
        mfaFactors = Set.copyOf(mfaFactors);
        if (mfa != Mfa.OFF && mfaFactors.isEmpty()) {
            throw new IllegalArgumentException("MFA " + mfa + " needs at least one factor");
        }
        // Cognito: a challenge session lives 3 to 15 minutes.
        if (authSessionValidity.compareTo(Duration.ofMinutes(3)) < 0
                || authSessionValidity.compareTo(Duration.ofMinutes(15)) > 0) {
            throw new IllegalArgumentException("Cognito allows an auth session validity of 3 to 15 minutes, not "
                    + authSessionValidity);
        }
    }

    /** Whether users may turn on TOTP (authenticator app) as a second factor. */
    public boolean totpAllowed() {
        return mfa != Mfa.OFF && mfaFactors.contains(MfaFactor.TOTP);
    }

    private static void requirePositive(Duration value, String what) {
        if (value == null || value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException(what + " must be positive");
        }
    }
}
