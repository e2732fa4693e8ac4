package org.expensetracker.local.identity;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.expensetracker.core.config.PasswordPolicy;

/**
 * The input checks Cognito applies on SignUp, with its exception types and wording, so a client
 * meets the same refusals locally as on AWS. The password policy is the deployed pool's
 * ({@link PasswordPolicy#DEPLOYED}, the record the CDK app configures the pool from).
 */
final class SignUpRules {

    static final PasswordPolicy PASSWORD_POLICY = PasswordPolicy.DEPLOYED;
    private static final int MAX_PASSWORD_LENGTH = 256;
    private static final int MAX_USERNAME_LENGTH = 128;
    private static final int MAX_ATTRIBUTE_LENGTH = 2048;
    /** The API's own constraint on Username: letters, marks, symbols, digits, punctuation; no spaces. */
    private static final Pattern USERNAME = Pattern.compile("[\\p{L}\\p{M}\\p{S}\\p{N}\\p{P}]+");
    private static final Pattern EMAIL = Pattern.compile("[^@\\s]+@[^@\\s]+\\.[^@\\s]+");
    /** Standard OIDC attributes a Cognito pool has; anything else must be {@code custom:...}. */
    private static final Set<String> STANDARD_ATTRIBUTES = Set.of(
            "address", "birthdate", "email", "family_name", "gender", "given_name", "locale", "middle_name",
            "name", "nickname", "phone_number", "picture", "preferred_username", "profile", "updated_at",
            "website", "zoneinfo");

    private SignUpRules() {
    }

    /**
     * The pool signs users in by e-mail ({@code UsernameAttributes=[email]}): SignUp's Username must be
     * the e-mail address.
     */
    static void checkUsername(String username) {
        if (username == null) {
            throw CognitoException.invalidParameter(notNull("username"));
        }
        if (username.isEmpty() || username.length() > MAX_USERNAME_LENGTH || !USERNAME.matcher(username).matches()) {
            throw CognitoException.invalidParameter("1 validation error detected: Value at 'username' failed to "
                    + "satisfy constraint: Member must satisfy regular expression pattern: " + USERNAME.pattern());
        }
        if (!isEmail(username)) {
            throw CognitoException.invalidParameter("Username should be an email.");
        }
    }

    static boolean isEmail(String value) {
        return value != null && EMAIL.matcher(value).matches();
    }

    static void checkEmail(String value) {
        if (!isEmail(value) || value.length() > MAX_ATTRIBUTE_LENGTH) {
            throw CognitoException.invalidParameter("Invalid email address format.");
        }
    }

    static void checkPassword(String password) {
        if (password == null) {
            throw CognitoException.invalidParameter(notNull("password"));
        }
        if (password.length() > MAX_PASSWORD_LENGTH) {
            throw CognitoException.invalidParameter("1 validation error detected: Value at 'password' failed to "
                    + "satisfy constraint: Member must have length less than or equal to " + MAX_PASSWORD_LENGTH);
        }
        PASSWORD_POLICY.violation(password).ifPresent(why -> {
            throw CognitoException.invalidPassword(why);
        });
    }

    /**
     * Returns the attributes to store, as the app client may write them: the verification flags and
     * {@code sub} are the pool's to set.
     */
    static Map<String, String> checkAttributes(Map<String, String> attributes) {
        Map<String, String> result = new LinkedHashMap<>();
        attributes.forEach((name, value) -> {
            if (name.equals("email_verified") || name.equals("phone_number_verified") || name.equals("sub")) {
                throw CognitoException.notAuthorized("A client attempted to write unauthorized attribute");
            }
            if (!STANDARD_ATTRIBUTES.contains(name) && !name.startsWith("custom:")) {
                throw CognitoException.invalidParameter(
                        "Attributes did not conform to the schema: " + name + ": Attribute does not exist in the schema.");
            }
            if (value == null || value.length() > MAX_ATTRIBUTE_LENGTH) {
                throw CognitoException.invalidParameter("Invalid value for attribute " + name);
            }
            if (name.equals("email") && !EMAIL.matcher(value).matches()) {
                throw CognitoException.invalidParameter("Invalid email address format.");
            }
            result.put(name, value);
        });
        return result;
    }

    static String notNull(String member) {
        return "1 validation error detected: Value null at '" + member
                + "' failed to satisfy constraint: Member must not be null";
    }
}
