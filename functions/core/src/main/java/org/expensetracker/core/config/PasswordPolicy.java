package org.expensetracker.core.config;

import java.util.Optional;

/**
 * The password rules of the user pool. The CDK app configures the Cognito pool from
 * {@link #DEPLOYED} and the local identity endpoint checks sign-ups against the same record, so
 * what a user may choose locally is what the deployed pool accepts.
 *
 * @param minLength                     fewest characters
 * @param requireLowercase              at least one of a–z
 * @param requireUppercase              at least one of A–Z
 * @param requireDigits                 at least one of 0–9
 * @param requireSymbols                at least one of Cognito's symbols ({@link #SYMBOLS})
 * @param temporaryPasswordValidityDays how long an administrator-set password may be used once
 */
public record PasswordPolicy(int minLength, boolean requireLowercase, boolean requireUppercase,
                             boolean requireDigits, boolean requireSymbols, int temporaryPasswordValidityDays) {

    /** 12 characters of four classes: long enough that the account lockout makes guessing hopeless. */
    public static final PasswordPolicy DEPLOYED = new PasswordPolicy(12, true, true, true, true, 3);

    /** The characters Cognito counts as symbols (a space counts too, when not leading or trailing). */
    public static final String SYMBOLS = "^$*.[]{}()?\"!@#%&/\\,><':;|_~`=+- ";

    public PasswordPolicy {
        if (minLength < 6 || minLength > 99) {
            throw new IllegalArgumentException("Cognito allows a minimum length of 6 to 99, not " + minLength);
        }
        if (temporaryPasswordValidityDays < 1 || temporaryPasswordValidityDays > 365) {
            throw new IllegalArgumentException("temporary passwords live 1 to 365 days");
        }
    }

    /**
     * The first rule the password breaks, worded as Cognito's InvalidPasswordException
     * ("Password did not conform with policy: ..."), or empty when it conforms.
     */
    public Optional<String> violation(String password) {
        String why = null;
        if (password.length() < minLength) {
            why = "Password not long enough";
        } else if (requireLowercase && password.chars().noneMatch(c -> c >= 'a' && c <= 'z')) {
            why = "Password must have lowercase characters";
        } else if (requireUppercase && password.chars().noneMatch(c -> c >= 'A' && c <= 'Z')) {
            why = "Password must have uppercase characters";
        } else if (requireDigits && password.chars().noneMatch(c -> c >= '0' && c <= '9')) {
            why = "Password must have numeric characters";
        } else if (requireSymbols && password.strip().chars().noneMatch(c -> SYMBOLS.indexOf(c) >= 0)) {
            why = "Password must have symbol characters";
        }
        return Optional.ofNullable(why).map(reason -> "Password did not conform with policy: " + reason);
    }
}
