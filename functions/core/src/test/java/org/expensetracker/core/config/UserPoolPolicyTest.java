package org.expensetracker.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Set;
import org.junit.jupiter.api.Test;

class UserPoolPolicyTest {

    private static final UserPoolPolicy P = UserPoolPolicy.DEPLOYED;

    @Test
    void givenTheDeployedPool_whenRead_thenItIsTheIssuesPool() {
        assertThat(P.signIn()).isEqualTo(UserPoolPolicy.SignIn.EMAIL_AS_USERNAME);
        assertThat(P.caseSensitiveSignIn()).isFalse();
        assertThat(P.password()).isSameAs(PasswordPolicy.DEPLOYED);
        assertThat(P.tokens()).isSameAs(TokenLifetimes.DEPLOYED);
        assertThat(P.mfa()).isEqualTo(UserPoolPolicy.Mfa.OPTIONAL);
        assertThat(P.mfaFactors()).containsExactly(UserPoolPolicy.MfaFactor.TOTP);
        assertThat(P.totpAllowed()).isTrue();
        assertThat(P.lockout()).isEqualTo(new UserPoolPolicy.Lockout(5, Duration.ofSeconds(1), Duration.ofMinutes(15)));
        assertThat(P.codes().confirmationValidity()).isEqualTo(Duration.ofHours(24));
        assertThat(P.codes().passwordResetValidity()).isEqualTo(Duration.ofHours(1));
        assertThat(P.keepOriginalEmailUntilVerified()).isTrue();
        assertThat(P.preventUserExistenceErrors()).isTrue();
        assertThat(P.authSessionValidity()).isEqualTo(Duration.ofMinutes(3));
    }

    @Test
    void givenSettingsCognitoRefuses_whenBuilt_thenRefusedHere() {
        assertThatThrownBy(() -> new UserPoolPolicy(P.signIn(), false, P.password(), P.tokens(), UserPoolPolicy.Mfa.OPTIONAL,
                Set.of(), P.lockout(), P.codes(), true, true, P.authSessionValidity()))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new UserPoolPolicy(P.signIn(), false, P.password(), P.tokens(), P.mfa(),
                P.mfaFactors(), P.lockout(), P.codes(), true, true, Duration.ofMinutes(2)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new UserPoolPolicy.Lockout(5, Duration.ofMinutes(1), Duration.ofSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
