package org.expensetracker.local.identity;

/** The answer to SignUp: users are confirmed at once locally (no e-mail code to type). */
public record SignUpResult(String userSub, boolean userConfirmed) {
}
