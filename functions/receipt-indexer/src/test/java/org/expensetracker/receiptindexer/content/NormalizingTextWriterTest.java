package org.expensetracker.receiptindexer.content;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class NormalizingTextWriterTest {

    @Test
    void givenWhitespaceRunsOfAllKinds_whenNormalized_thenOneSpaceBetweenWordsAndTrimmed() {
        assertThat(NormalizingTextWriter.normalize("  Taxi\r\n\tto \u00a0 airport\u2003\u2003 1250.00 \n", 100))
                .isEqualTo("Taxi to airport 1250.00");
    }

    @Test
    void givenNulAndControlCharacters_whenNormalized_thenTheyBecomeSeparators() {
        assertThat(NormalizingTextWriter.normalize("a\u0000b\u0007c\u200bd\ufeff", 100)).isEqualTo("a b c d");
    }

    @Test
    void givenUnpairedSurrogates_whenNormalized_thenDroppedButPairsKept() {
        assertThat(NormalizingTextWriter.normalize("x\ud800y\udc00z \ud83e\uddfe", 100)).isEqualTo("xyz \ud83e\uddfe");
    }

    @Test
    void givenIndicTextWithZeroWidthJoiners_whenNormalized_thenJoinersKept() {
        String malayalam = "\u0d28\u0d4d\u200d";
        assertThat(NormalizingTextWriter.normalize(malayalam, 100)).isEqualTo(malayalam);
    }

    @Test
    void givenMoreTextThanTheBound_whenWritten_thenBoundedTruncatedAndFurtherWritesStop() {
        NormalizingTextWriter writer = new NormalizingTextWriter(7);
        assertThatThrownBy(() -> writer.write("one two three"))
                .isInstanceOf(NormalizingTextWriter.LimitReachedException.class);
        assertThat(writer.text()).isEqualTo("one two");
        assertThat(writer.truncated()).isTrue();
        assertThatThrownBy(() -> writer.write("more"))
                .isInstanceOf(NormalizingTextWriter.LimitReachedException.class);
    }

    @Test
    void givenASurrogatePairAtTheBound_whenNormalized_thenNotSplit() {
        assertThat(NormalizingTextWriter.normalize("ab\ud83e\uddfe", 3)).isEqualTo("ab");
    }

    @Test
    void givenTextExactlyAtTheBoundFollowedByWhitespace_whenNormalized_thenNotTruncated() {
        NormalizingTextWriter writer = new NormalizingTextWriter(3).appendQuietly("abc \n ");
        assertThat(writer.text()).isEqualTo("abc");
        assertThat(writer.truncated()).isFalse();
    }
}
