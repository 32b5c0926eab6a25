package dev.polystack.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.polystack.local.lambda.Invocation;
import dev.polystack.order.adapter.DynamoOrderReadModel;
import dev.polystack.session.SessionService;
import dev.polystack.session.SessionStore;
import dev.polystack.session.WriteRace;
import dev.polystack.session.adapter.DynamoSessionStore;
import dev.polystack.shared.Role;
import dev.polystack.shared.adapter.SingleTable;
import dev.polystack.upload.adapter.DynamoUploadRepository;
import dev.polystack.user.Email;
import dev.polystack.user.Password;
import dev.polystack.user.adapter.Argon2PasswordHasher;
import dev.polystack.user.adapter.DynamoUserRepository;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbEnhancedClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Roles end to end: the operator function, the authorizer's context, administrators' role routes, DynamoDB Local. The
 * operator function through {@code local/invoke} is in {@link InvokeIT}, on the shared process stack.
 */
class RolesIT {
    static final StackClient API = new StackClient(SharedBackend.get().gatewayEndpoint());

    /** A signed-up user: id, e-mail and a bearer token (without "Bearer "). */
    record Account(String userId, String email, String token) {}

    static Account newAccount() {
        String email = UserSessionIT.uniqueEmail();
        String userId = UserSessionIT.signUp(email);
        return new Account(userId, email, UserSessionIT.login(email).substring("Bearer ".length()));
    }

    /** What {@code local/invoke GrantRole -e …} does, through the stack's own functions. */
    static JsonNode operator(String action, String email, String role) {
        String event = "{\"source\":\"polystack.operator\",\"action\":\"" + action + "\",\"email\":\"" + email
                + "\",\"role\":\"" + role + "\",\"operator\":\"roles-it\"}";
        Invocation invocation = SharedBackend.get()
                .functions()
                .invoke(
                        "GrantRole",
                        event.getBytes(StandardCharsets.UTF_8),
                        UUID.randomUUID().toString());
        assertFalse(invocation.failed(), invocation.payloadText());
        return parse(invocation.payloadText());
    }

    /** A new user made administrator by the operator function, already logged in. */
    static Account newAdmin() {
        Account account = newAccount();
        JsonNode granted = operator("grant", account.email(), "admin");
        assertEquals("admin", granted.get("roles").get(0).asText(), granted.toString());
        return account;
    }

    static HttpResponse<String> role(String method, String token, String userId, String role) {
        return API.send(method, "/users/" + userId + "/roles/" + role, token, null);
    }

    static JsonNode roles(Account account) {
        return StackClient.json(API.send("GET", "/users/me", account.token(), null))
                .get("roles");
    }

    static JsonNode parse(String json) {
        try {
            return UserSessionIT.JSON.readTree(json);
        } catch (Exception e) {
            throw new AssertionError(json, e);
        }
    }

    @Test
    void theFirstAdministratorComesFromTheOperatorFunctionNotFromHttp() {
        HttpResponse<String> claim = API.send(
                "POST",
                "/users",
                null,
                "{\"email\":\"" + UserSessionIT.uniqueEmail()
                        + "\",\"password\":\"correct horse battery\",\"name\":\"Mallory\",\"roles\":[\"admin\"]}");
        assertEquals(400, claim.statusCode());
        assertEquals(
                "UNKNOWN_FIELD",
                StackClient.json(claim).get("error").get("code").asText());

        Account ada = newAccount();
        assertEquals(0, roles(ada).size(), "nobody starts with a role");
        HttpResponse<String> selfGrant = role("PUT", ada.token(), ada.userId(), "admin");
        assertEquals(403, selfGrant.statusCode());
        assertEquals(
                "ADMIN_REQUIRED",
                StackClient.json(selfGrant).get("error").get("code").asText());
        assertEquals(0, roles(ada).size());

        JsonNode granted = operator("grant", ada.email(), "admin");
        assertEquals(ada.userId(), granted.get("userId").asText());
        assertEquals(1, granted.get("sessionsUpdated").asInt(), "the open session");
        assertEquals("admin", roles(ada).get(0).asText());

        Account bob = newAccount();
        HttpResponse<String> byAdmin = role("PUT", ada.token(), bob.userId(), "admin");
        assertEquals(200, byAdmin.statusCode(), byAdmin.body());
        assertEquals("admin", StackClient.json(byAdmin).get("roles").get(0).asText());
        assertEquals("admin", roles(bob).get(0).asText(), "bob's open session has it too");
    }

    @Test
    void aRevokedAdministratorIsRefusedOnTheirNextRequestButStaysSignedIn() {
        Account ada = newAdmin();
        Account bob = newAccount();
        assertEquals(200, role("PUT", ada.token(), bob.userId(), "admin").statusCode());
        Account carol = newAccount();
        assertEquals(200, role("PUT", bob.token(), carol.userId(), "admin").statusCode(), "bob acts as administrator");

        HttpResponse<String> revoked = role("DELETE", ada.token(), bob.userId(), "admin");
        assertEquals(200, revoked.statusCode(), revoked.body());
        assertEquals(0, StackClient.json(revoked).get("roles").size());

        HttpResponse<String> refused = role("DELETE", bob.token(), carol.userId(), "admin");
        assertEquals(403, refused.statusCode(), "at once, with the same token");
        assertEquals(
                "ADMIN_REQUIRED",
                StackClient.json(refused).get("error").get("code").asText());
        assertEquals("admin", roles(carol).get(0).asText(), "nothing changed");
        assertEquals(200, API.send("GET", "/users/me", bob.token(), null).statusCode(), "still signed in");
        assertEquals(0, roles(bob).size());
    }

    @Test
    void everyRoleChangeIsAuditedWithWhoMadeIt() {
        Account ada = newAdmin();
        Account bob = newAccount();
        role("PUT", ada.token(), bob.userId(), "admin");
        role("PUT", ada.token(), bob.userId(), "admin");
        role("DELETE", ada.token(), bob.userId(), "admin");

        List<Map<String, AttributeValue>> audit = UserSessionIT.dynamo()
                .query(q -> q.tableName(LocalBackend.TABLE)
                        .keyConditionExpression("PK = :pk AND begins_with(SK, :prefix)")
                        .expressionAttributeValues(Map.of(
                                ":pk",
                                AttributeValue.fromS(SingleTable.userKey(bob.userId())),
                                ":prefix",
                                AttributeValue.fromS(SingleTable.ROLE_CHANGE_PREFIX))))
                .items();
        assertEquals(
                List.of("grant", "revoke"),
                audit.stream().map(item -> item.get("change").s()).toList(),
                "a repeated grant changes nothing");
        assertTrue(
                audit.stream().allMatch(item -> item.get("actor").s().equals("user:" + ada.userId())),
                audit.toString());
        List<Map<String, AttributeValue>> first = UserSessionIT.dynamo()
                .query(q -> q.tableName(LocalBackend.TABLE)
                        .keyConditionExpression("PK = :pk AND begins_with(SK, :prefix)")
                        .expressionAttributeValues(Map.of(
                                ":pk",
                                AttributeValue.fromS(SingleTable.userKey(ada.userId())),
                                ":prefix",
                                AttributeValue.fromS(SingleTable.ROLE_CHANGE_PREFIX))))
                .items();
        assertEquals("operator:roles-it", first.get(0).get("actor").s());
    }

    @Test
    void theAuthorizerStillMakesOneCallAndAnAdministratorsLoginSix() {
        Account ada = newAdmin();
        SharedBackend.CALLS.reset();
        UserSessionIT.login(ada.email());
        assertEquals(
                List.of(
                        "DynamoDb.GetItem",
                        "DynamoDb.UpdateItem",
                        "DynamoDb.GetItem",
                        "DynamoDb.TransactWriteItems",
                        "DynamoDb.UpdateItem",
                        "DynamoDb.GetItem"),
                SharedBackend.CALLS.calls(),
                "the address read, the account's attempt counted; the credentials with the roles; session and pointer"
                        + " in one transaction; the attempt given back; the profile's roles read again");
        SharedBackend.CALLS.reset();
        assertEquals(200, role("PUT", ada.token(), ada.userId(), "admin").statusCode());
        assertEquals("DynamoDb.GetItem", SharedBackend.CALLS.calls().get(0), "the authorizer: one GetItem");
    }

    @Test
    void aLoginThatRacesAGrantStoresTheNewRoles() {
        Account ada = newAccount();
        var dynamo = UserSessionIT.dynamo();
        DynamoUserRepository users = new DynamoUserRepository(
                dynamo,
                DynamoDbEnhancedClient.builder().dynamoDbClient(dynamo).build(),
                LocalBackend.TABLE,
                DynamoOrderReadModel.ITEMS,
                DynamoUploadRepository.ITEMS);
        DynamoSessionStore store = new DynamoSessionStore(
                DynamoDbEnhancedClient.builder().dynamoDbClient(dynamo).build(), dynamo, LocalBackend.TABLE);
        SessionStore racing = WriteRace.before(store, () -> operator("grant", ada.email(), "admin"));
        SessionService login =
                new SessionService(users, racing, new Argon2PasswordHasher(), Clock.systemUTC(), Duration.ofHours(1));

        SessionService.Issued issued = login.login(new Email(ada.email()), new Password(UserSessionIT.PASSWORD));

        assertEquals(
                Set.of(Role.ADMIN),
                store.find(issued.token().hash(), Instant.now()).orElseThrow().roles(),
                "the grant found no session to update; the login's own check stored the new roles");
    }
}
