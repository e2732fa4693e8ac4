package org.expensetracker.core;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class OwnerIdTest {

    @ParameterizedTest
    @ValueSource(strings = {"6f1c2a9e-1b2c-4d5e-8f90-123456789abc", "google_1234567890", "a", "us-east-1:abc",
            "\u00e9l\u00e8ve", "\ud83d\ude00 emoji"})
    void givenASubjectAnIdentityProviderIssues_whenReadAsAnOwner_thenItIsTheOwnerId(String sub) {
        assertThat(OwnerId.ofSubject(sub)).hasValue(new OwnerId(sub));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " ", "\t", "a\u0000b", "a\nb", "a\u007fb", "a\u0085b", "a/b", "/", "a\ud800", "\udc00a",
            "a\ud800b"})
    void givenASubjectNoOwnerCanHave_whenReadAsAnOwner_thenEmpty(String sub) {
        assertThat(OwnerId.ofSubject(sub)).isEmpty();
    }

    @org.junit.jupiter.api.Test
    void givenASubjectOverTheLengthLimit_whenReadAsAnOwner_thenEmpty() {
        assertThat(OwnerId.ofSubject("s".repeat(OwnerId.MAX_LENGTH))).isPresent();
        assertThat(OwnerId.ofSubject("s".repeat(OwnerId.MAX_LENGTH + 1))).isEmpty();
        assertThat(OwnerId.ofSubject("s".repeat(200))).isEmpty();
        assertThat(OwnerId.ofSubject(null)).isEmpty();
    }
}
