package org.expensetracker.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.expensetracker.core.error.DomainException;
import org.expensetracker.core.error.ErrorCode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** A body's numbers are kept as written: the value alone cannot tell 1E-2 from 0.01. */
class JsonTest {

    @ParameterizedTest
    @ValueSource(strings = {"1E-2", "5E0", "100E-2", "1e2", "1E+2", "-0", "-0.0", "12.5", "1250", "1250.00", "0.010",
            "123456789012345678901234567890", "1e400"})
    void givenANumber_whenParsed_thenItsLiteralTextIsKept(String literal) {
        Json.Body body = Json.parseBody("{\"amount\":" + literal + "}");
        assertThat(body.object().get("amount").isNumber()).isTrue();
        assertThat(body.numberText("amount")).isEqualTo(literal);
    }

    @Test
    void givenNestedAndOddlyNamedNumbers_whenParsed_thenEachIsFoundByItsPath() {
        Json.Body body = Json.parseBody("{\"filters\":{\"minAmount\":1E-2,\"a/b~c\":5E0,\"list\":[7e1]},\"x\":\"1\"}");
        assertThat(body.numberText("filters", "minAmount")).isEqualTo("1E-2");
        assertThat(body.numberText("filters", "a/b~c")).isEqualTo("5E0");
        assertThat(body.numberText("minAmount")).isNull();
        assertThat(body.numberText("x")).isNull();
        assertThat(body.numberText("filters")).isNull();
    }

    @Test
    void givenARepeatedName_whenParsed_thenTheLastValueWinsInTheTreeAndTheLiterals() {
        Json.Body body = Json.parseBody("{\"amount\":1E-2,\"amount\":5}");
        assertThat(body.object().get("amount").asText()).isEqualTo("5");
        assertThat(body.numberText("amount")).isEqualTo("5");
        Json.Body text = Json.parseBody("{\"amount\":5,\"amount\":\"1E-2\"}");
        assertThat(text.object().get("amount").isTextual()).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"{\"amount\":0x10}", "{\"amount\":1.}", "{\"amount\":.5}", "{\"amount\":+5}",
            "{\"amount\":01}", "{\"amount\":NaN}", "{\"amount\":1}}", "[1]", "", "{\"amount\":1e99999999999}"})
    void givenTextThatIsNoJsonObject_whenParsed_thenMalformedJson(String text) {
        assertThatThrownBy(() -> Json.parseBody(text)).isInstanceOfSatisfying(DomainException.class,
                e -> assertThat(e.code()).isEqualTo(ErrorCode.MALFORMED_JSON));
    }
}
