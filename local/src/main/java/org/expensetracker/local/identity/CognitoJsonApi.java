package org.expensetracker.local.identity;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.expensetracker.local.identity.IdentityResults.AuthOutcome;
import org.expensetracker.local.identity.IdentityResults.CodeDelivery;
import org.expensetracker.local.identity.IdentityResults.MfaSetting;
import org.expensetracker.local.identity.IdentityResults.SignUpResult;

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
            case "ConfirmSignUp":
                identity.confirmSignUp(text(request, "ClientId"), text(request, "Username"),
                        text(request, "ConfirmationCode"));
                return empty();
            case "ResendConfirmationCode":
                return withDelivery(identity.resendConfirmationCode(text(request, "ClientId"), text(request, "Username")));
            case "InitiateAuth":
                return outcome(identity.initiateAuth(text(request, "AuthFlow"), text(request, "ClientId"),
                        stringMap(request, "AuthParameters")));
            case "RespondToAuthChallenge":
                return outcome(identity.respondToAuthChallenge(text(request, "ClientId"), text(request, "ChallengeName"),
                        text(request, "Session"), stringMap(request, "ChallengeResponses")));
            case "ForgotPassword":
                return withDelivery(identity.forgotPassword(text(request, "ClientId"), text(request, "Username")));
            case "ConfirmForgotPassword":
                identity.confirmForgotPassword(text(request, "ClientId"), text(request, "Username"),
                        text(request, "ConfirmationCode"), text(request, "Password"));
                return empty();
            case "ChangePassword":
                identity.changePassword(text(request, "AccessToken"), text(request, "PreviousPassword"),
                        text(request, "ProposedPassword"));
                return empty();
            case "GetUser":
                return getUser(request);
            case "UpdateUserAttributes":
                return updateUserAttributes(request);
            case "VerifyUserAttribute":
                identity.verifyUserAttribute(text(request, "AccessToken"), text(request, "AttributeName"),
                        text(request, "Code"));
                return empty();
            case "GetUserAttributeVerificationCode":
                return withDelivery(identity.getUserAttributeVerificationCode(text(request, "AccessToken"),
                        text(request, "AttributeName")));
            case "GlobalSignOut":
                identity.globalSignOut(text(request, "AccessToken"));
                return empty();
            case "RevokeToken":
                identity.revokeToken(text(request, "ClientId"), required(request, "Token"));
                return empty();
            case "DeleteUser":
                identity.deleteUser(text(request, "AccessToken"));
                return empty();
            case "AssociateSoftwareToken":
                return associateSoftwareToken(request);
            case "VerifySoftwareToken":
                return verifySoftwareToken(request);
            case "SetUserMFAPreference":
                identity.setUserMfaPreference(text(request, "AccessToken"), mfaSetting(request, "SMSMfaSettings"),
                        mfaSetting(request, "SoftwareTokenMfaSettings"), mfaSetting(request, "EmailMfaSettings"));
                return empty();
            case "AdminUserGlobalSignOut":
                identity.adminUserGlobalSignOut(text(request, "UserPoolId"), text(request, "Username"));
                return empty();
            case "AdminDeleteUser":
                identity.adminDeleteUser(text(request, "UserPoolId"), text(request, "Username"));
                return empty();
            case "AdminGetUser":
                return adminGetUser(request);
            default:
                throw CognitoException.unknownOperation("Operation " + operation + " is not supported by the local identity endpoint");
        }
    }

    private ObjectNode signUp(JsonNode request) {
        SignUpResult result = identity.signUp(text(request, "ClientId"), text(request, "Username"),
                text(request, "Password"), attributes(request));
        ObjectNode response = Json.MAPPER.createObjectNode();
        response.put("UserConfirmed", result.userConfirmed());
        response.put("UserSub", result.userSub());
        if (result.codeDelivery() != null) {
            putDelivery(response.putObject("CodeDeliveryDetails"), result.codeDelivery());
        }
        return response;
    }

    private static ObjectNode outcome(AuthOutcome outcome) {
        ObjectNode response = Json.MAPPER.createObjectNode();
        if (outcome.tokens() != null) {
            AuthenticationResult result = outcome.tokens();
            ObjectNode auth = response.putObject("AuthenticationResult");
            auth.put("AccessToken", result.accessToken());
            auth.put("ExpiresIn", result.expiresIn());
            auth.put("TokenType", result.tokenType());
            if (result.refreshToken() != null) {
                auth.put("RefreshToken", result.refreshToken());
            }
            auth.put("IdToken", result.idToken());
        } else {
            response.put("ChallengeName", outcome.challengeName());
            response.put("Session", outcome.session());
        }
        ObjectNode parameters = response.putObject("ChallengeParameters");
        outcome.challengeParameters().forEach(parameters::put);
        return response;
    }

    private ObjectNode getUser(JsonNode request) {
        UserProfile user = identity.getUser(text(request, "AccessToken"));
        ObjectNode response = Json.MAPPER.createObjectNode();
        response.put("Username", user.username());
        ArrayNode attributes = response.putArray("UserAttributes");
        user.attributes().forEach((name, value) -> attributes.addObject().put("Name", name).put("Value", value));
        if (!user.mfa().enabled().isEmpty()) {
            ArrayNode list = response.putArray("UserMFASettingList");
            user.mfa().enabled().forEach(list::add);
        }
        if (user.mfa().preferred() != null) {
            response.put("PreferredMfaSetting", user.mfa().preferred());
        }
        return response;
    }

    private ObjectNode adminGetUser(JsonNode request) {
        LocalIdentity.AdminUser admin = identity.adminGetUser(text(request, "UserPoolId"), text(request, "Username"));
        UserProfile user = admin.profile();
        ObjectNode response = Json.MAPPER.createObjectNode();
        response.put("Username", user.username());
        ArrayNode attributes = response.putArray("UserAttributes");
        user.attributes().forEach((name, value) -> attributes.addObject().put("Name", name).put("Value", value));
        response.put("Enabled", true);
        response.put("UserStatus", admin.confirmed() ? "CONFIRMED" : "UNCONFIRMED");
        if (!user.mfa().enabled().isEmpty()) {
            ArrayNode list = response.putArray("UserMFASettingList");
            user.mfa().enabled().forEach(list::add);
        }
        return response;
    }

    /** Operations AWS authorizes by an IAM signature instead of a token: the HTTP handler checks it first. */
    static boolean isAdmin(String operation) {
        return operation.startsWith("Admin");
    }

    private ObjectNode updateUserAttributes(JsonNode request) {
        List<CodeDelivery> deliveries = identity.updateUserAttributes(text(request, "AccessToken"), attributes(request));
        ObjectNode response = Json.MAPPER.createObjectNode();
        ArrayNode list = response.putArray("CodeDeliveryDetailsList");
        deliveries.forEach(d -> putDelivery(list.addObject(), d));
        return response;
    }

    private ObjectNode associateSoftwareToken(JsonNode request) {
        IdentityResults.SoftwareTokenAssociation result = identity.associateSoftwareToken(
                text(request, "AccessToken"), text(request, "Session"));
        ObjectNode response = Json.MAPPER.createObjectNode();
        response.put("SecretCode", result.secretCode());
        if (result.session() != null) {
            response.put("Session", result.session());
        }
        return response;
    }

    private ObjectNode verifySoftwareToken(JsonNode request) {
        IdentityResults.SoftwareTokenVerification result = identity.verifySoftwareToken(
                text(request, "AccessToken"), text(request, "Session"), text(request, "UserCode"));
        ObjectNode response = Json.MAPPER.createObjectNode();
        response.put("Status", result.status());
        if (result.session() != null) {
            response.put("Session", result.session());
        }
        return response;
    }

    private static ObjectNode withDelivery(CodeDelivery delivery) {
        ObjectNode response = Json.MAPPER.createObjectNode();
        putDelivery(response.putObject("CodeDeliveryDetails"), delivery);
        return response;
    }

    private static void putDelivery(ObjectNode node, CodeDelivery delivery) {
        node.put("Destination", delivery.destination());
        node.put("DeliveryMedium", delivery.deliveryMedium());
        node.put("AttributeName", delivery.attributeName());
    }

    private static ObjectNode empty() {
        return Json.MAPPER.createObjectNode();
    }

    private static Map<String, String> attributes(JsonNode request) {
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
        return attributes;
    }

    private static Map<String, String> stringMap(JsonNode request, String member) {
        Map<String, String> parameters = new LinkedHashMap<>();
        JsonNode map = request.path(member);
        if (!map.isMissingNode() && !map.isNull() && !map.isObject()) {
            throw CognitoException.serialization(member + " must be a map");
        }
        map.properties().forEach(e -> {
            if (!e.getValue().isTextual()) {
                throw CognitoException.serialization(member + " values must be strings");
            }
            parameters.put(e.getKey(), e.getValue().asText());
        });
        return parameters;
    }

    private static MfaSetting mfaSetting(JsonNode request, String member) {
        JsonNode node = request.get(member);
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isObject()) {
            throw CognitoException.serialization(member + " must be a structure");
        }
        return new MfaSetting(bool(node, "Enabled"), bool(node, "PreferredMfa"));
    }

    private static Boolean bool(JsonNode node, String member) {
        JsonNode value = node.get(member);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isBoolean()) {
            throw CognitoException.serialization("Member " + member + " must be a boolean");
        }
        return value.asBoolean();
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
