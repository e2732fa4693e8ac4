package org.expensetracker.core.document;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.UUID;
import org.expensetracker.core.OwnerId;
import org.junit.jupiter.api.Test;

class ReceiptKeysTest {
    private static final OwnerId OWNER = new OwnerId("7d3c6a52-3f0e-4b8e-9a61-2f4c8e1b9a77");
    private static final UUID DOCUMENT = UUID.fromString("0b7e5d2a-1c4f-4e8a-9d3b-5a6c7e8f9012");
    private static final String SHA = "a".repeat(64);

    @Test
    void givenEachKindOfKey_whenParsed_thenOwnerDocumentAndKindComeBack() {
        assertThat(ReceiptKeys.parse(ReceiptKeys.upload(OWNER, DOCUMENT)))
                .contains(new ReceiptKeys.Parsed(OWNER, DOCUMENT, ReceiptKeys.Kind.UPLOAD));
        assertThat(ReceiptKeys.parse(ReceiptKeys.accepted(OWNER, DOCUMENT, SHA)))
                .contains(new ReceiptKeys.Parsed(OWNER, DOCUMENT, ReceiptKeys.Kind.ACCEPTED));
        assertThat(ReceiptKeys.parse("receipts/" + OWNER + "/" + DOCUMENT))
                .contains(new ReceiptKeys.Parsed(OWNER, DOCUMENT, ReceiptKeys.Kind.LEGACY));
    }

    @Test
    void givenKeysTheApplicationDoesNotMake_whenParsed_thenNothing() {
        assertThat(ReceiptKeys.parse("uploads/" + OWNER + "/not-a-uuid")).isEmpty();
        assertThat(ReceiptKeys.parse("uploads/" + OWNER + "/" + DOCUMENT + "/x")).isEmpty();
        assertThat(ReceiptKeys.parse("receipts/" + OWNER + "/" + DOCUMENT + ".short")).isEmpty();
        assertThat(ReceiptKeys.parse("exports/" + OWNER + "/" + DOCUMENT)).isEmpty();
        assertThat(ReceiptKeys.parse("uploads//" + DOCUMENT)).isEmpty();
        assertThat(ReceiptKeys.parse(null)).isEmpty();
    }

    @Test
    void givenSomethingThatIsNotAHexDigest_whenMadeAnAcceptedKey_thenRefused() {
        assertThatThrownBy(() -> ReceiptKeys.accepted(OWNER, DOCUMENT, "A".repeat(64)))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
