package org.expensetracker.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.tests.EventLoader;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.expensetracker.entries.EntriesHandler;
import org.expensetracker.local.api.TestStack;
import org.expensetracker.local.gateway.LocalLambdaContext;
import org.junit.jupiter.api.Test;

/**
 * Handlers log structured JSON, one access line per request correlated by the API request id,
 * and never the token or what the user typed.
 */
class StructuredLogsTest {

    @Test
    void givenARequest_whenHandled_thenItLogsJsonWithTheRequestIdAndNoPersonalData() throws Exception {
        EntriesHandler handler = new EntriesHandler(TestStack.get().functionEnvironment()::get);
        APIGatewayV2HTTPEvent event = EventLoader.loadApiGatewayHttpEvent("events/entries-api/create-entry.json");
        event.getRequestContext().setRequestId("corr-" + System.nanoTime());
        String secretText = "Taxi to airport";
        String token = event.getHeaders().get("authorization");

        PrintStream original = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            handler.handleRequest(event, new LocalLambdaContext("lambda-req-1", "entries-api", 30_000, 1024));
        } finally {
            System.setOut(original);
        }

        String output = captured.toString(StandardCharsets.UTF_8);
        List<JsonNode> lines = new ArrayList<>();
        for (String line : output.split("\n")) {
            if (!line.isBlank()) {
                lines.add(new ObjectMapper().readTree(line));
            }
        }
        assertThat(lines).as(output).isNotEmpty();
        assertThat(lines).anySatisfy(line -> {
            assertThat(line.path("correlation_id").asText()).isEqualTo(event.getRequestContext().getRequestId());
            assertThat(line.path("function_request_id").asText()).isEqualTo("lambda-req-1");
            assertThat(line.path("message").asText()).contains("POST /entries");
        });
        assertThat(output).doesNotContain(secretText).doesNotContain("1250.00")
                .doesNotContain(token.substring("Bearer ".length()));
    }
}
