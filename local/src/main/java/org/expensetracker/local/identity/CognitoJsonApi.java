package org.expensetracker.local.identity;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The Cognito Identity Provider JSON protocol on top of {@link LocalIdentity}: request and
 * response members use Cognito's names ({@code ClientId}, {@code AuthenticationResult}, ...),
 * so the AWS SDKs and CLI parse the answers as they would Cognito's.
 */
final class CognitoJsonApi {

    private final LocalIdentity identity;

    CognitoJsonApi(LocalIdentity identity) {
        this.identity = identity;
    }

    /** @param operation the part of {@code X-Amz-Target} after {@code AWSCognitoIdentityProviderService.} */
    ObjectNode invoke(String operation, JsonNode request) {
        if (!request.isObject()) {
            throw CognitoException.serialization("Request body must be a JSON object");
        }
        switch (operation) {
            case "SignUp":
                return signUp(request);
            case "InitiateAuth":
                return initiateAuth(request);
            case "GetUser":
                return getUser(request);
            case "GlobalSignOut":
                identity.globalSignOut(text(request, "AccessToken"));
                return Json.MAPPER.createObjectNode();
            case "RevokeToken":
                identity.revokeToken(text(request, "ClientId"), required(request, "Token"));
                return Json.MAPPER.createObjectNode();
            default:
                throw CognitoException.unknownOperation("Operation " + operation + " is not supported by the local identity endpoint");
        }
    }

    private ObjectNode signUp(JsonNode request) {
        Map<String, String> attributes = new LinkedHashMap<>();
        JsonNode list = request.path("UserAttributes");
        if (!list.isMissingNode() && !list.isNull() && !list.isArray()) {
            throw CognitoException.serialization("UserAttributes must be a list");
        }
        for (JsonNode attribute : list) {
            String name = text(attribute, "Name");
            if (name == null) {
                throw CognitoException.invalidParameter(SignUpRules.notNull("userAttributes.member.name"));
            }
            attributes.put(name, text(attribute, "Value"));
        }
        SignUpResult result = identity.signUp(text(request, "ClientId"), text(request, "Username"),
                text(request, "Password"), attributes);
        ObjectNode response = Json.MAPPER.createObjectNode();
        response.put("UserConfirmed", result.userConfirmed());
        response.put("UserSub", result.userSub());
        return response;
    }

    private ObjectNode initiateAuth(JsonNode request) {
        Map<String, String> parameters = new LinkedHashMap<>();
        request.path("AuthParameters").properties().forEach(e -> {
            if (!e.getValue().isTextual()) {
                throw CognitoException.serialization("AuthParameters values must be strings");
            }
            parameters.put(e.getKey(), e.getValue().asText());
        });
        AuthenticationResult result = identity.initiateAuth(text(request, "AuthFlow"), text(request, "ClientId"), parameters);
        ObjectNode response = Json.MAPPER.createObjectNode();
        ObjectNode auth = response.putObject("AuthenticationResult");
        auth.put("AccessToken", result.accessToken());
        auth.put("ExpiresIn", result.expiresIn());
        auth.put("TokenType", result.tokenType());
        if (result.refreshToken() != null) {
            auth.put("RefreshToken", result.refreshToken());
        }
        auth.put("IdToken", result.idToken());
        response.putObject("ChallengeParameters");
        return response;
    }

    private ObjectNode getUser(JsonNode request) {
        UserProfile user = identity.getUser(text(request, "AccessToken"));
        ObjectNode response = Json.MAPPER.createObjectNode();
        response.put("Username", user.username());
        ArrayNode attributes = response.putArray("UserAttributes");
        user.attributes().forEach((name, value) -> attributes.addObject().put("Name", name).put("Value", value));
        return response;
    }

    private static String required(JsonNode request, String member) {
        String value = text(request, member);
        if (value == null) {
            String camel = Character.toLowerCase(member.charAt(0)) + member.substring(1);
            throw CognitoException.invalidParameter(SignUpRules.notNull(camel));
        }
        return value;
    }

    /** A string member, null when absent; a member of another JSON type is a protocol error, as on AWS. */
    private static String text(JsonNode node, String member) {
        JsonNode value = node.get(member);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isTextual()) {
            throw CognitoException.serialization("Member " + member + " must be a string");
        }
        return value.asText();
    }
}
