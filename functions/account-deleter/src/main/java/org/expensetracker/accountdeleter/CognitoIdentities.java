package org.expensetracker.accountdeleter;

import org.expensetracker.core.OwnerId;
import software.amazon.awssdk.services.cognitoidentityprovider.CognitoIdentityProviderClient;
import software.amazon.awssdk.services.cognitoidentityprovider.model.UserNotFoundException;

/**
 * The user pool's admin operations, called with the function's IAM role. The pool's user name is
 * the generated UUID that is also {@code sub}, the owner id, so no look-up is needed.
 */
final class CognitoIdentities implements AccountDeleter.Identities {
    private final CognitoIdentityProviderClient cognito;
    private final String userPoolId;

    CognitoIdentities(CognitoIdentityProviderClient cognito, String userPoolId) {
        this.cognito = cognito;
        this.userPoolId = userPoolId;
    }

    @Override
    public void signOutEverywhere(OwnerId owner) {
        try {
            cognito.adminUserGlobalSignOut(b -> b.userPoolId(userPoolId).username(owner.value()));
        } catch (UserNotFoundException e) {
            // gone already: a previous run got further
        }
    }

    @Override
    public void delete(OwnerId owner) {
        try {
            cognito.adminDeleteUser(b -> b.userPoolId(userPoolId).username(owner.value()));
        } catch (UserNotFoundException e) {
            // gone already: a previous run deleted it and stopped before marking the job DONE
        }
    }
}
