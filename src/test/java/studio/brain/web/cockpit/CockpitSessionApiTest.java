package studio.brain.web.cockpit;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import studio.brain.testing.TestHub;
import studio.brain.web.api.StaffSessions;

/**
 * The cockpit's session over HTTP: signing in with the admin token sets an HttpOnly, SameSite=Strict cookie holding
 * a random id (never the token) and answers with a CSRF token; with the cookie, reads work, and a change without the
 * CSRF token — or with a wrong one — is refused and changes nothing; sign-out ends the session on the hub. The page
 * and every answer carry the security headers.
 */
class CockpitSessionApiTest {
    @TempDir
    static Path work;
    static TestHub hub;
    static Http http;

    @BeforeAll
    static void start() throws Exception {
        hub = TestHub.start(TestHub.env(work));
        http = new Http(hub.hub().config().httpPort());
    }

    @AfterAll
    static void stop() {
        if (hub != null) {
            hub.close();
        }
    }

    private record Session(String cookie, String csrf, Http.Answer answer) {
        Map<String, String> withCookie() {
            return Map.of("Cookie", cookie);
        }

        Map<String, String> withCookieAndCsrf(String token) {
            return Map.of("Cookie", cookie, StaffSessions.CSRF_HEADER, token);
        }
    }

    private static Session signIn() throws Exception {
        Http.Answer answer = http.send("POST", "/api/session", Map.of("Authorization", "Bearer " + hub.adminToken()),
                null);
        assertThat(answer.status()).as(answer.body()).isEqualTo(201);
        String setCookie = answer.header("Set-Cookie");
        assertThat(setCookie).as("the session cookie").isNotNull();
        String cookie = setCookie.substring(0, setCookie.indexOf(';'));
        return new Session(cookie, answer.json().get("csrfToken").asText(), answer);
    }

    private static Map<String, Object> body(Object... pairs) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            map.put((String) pairs[i], pairs[i + 1]);
        }
        return map;
    }

    @Test
    void signingInSetsAStrictHttpOnlyCookieWithARandomIdAndAnswersWithTheCsrfToken() throws Exception {
        Session session = signIn();
        String setCookie = session.answer().header("Set-Cookie");
        List<String> attributes = List.of(setCookie.split(";\\s*"));
        assertThat(attributes).contains("Path=/", "HttpOnly", "SameSite=Strict");
        assertThat(attributes.get(0)).startsWith(StaffSessions.COOKIE + "=");
        String id = attributes.get(0).substring(StaffSessions.COOKIE.length() + 1);
        assertThat(id).matches("[A-Za-z0-9_-]{43}").isNotEqualTo(hub.adminToken());
        assertThat(session.csrf()).matches("[A-Za-z0-9_-]{43}").isNotEqualTo(id);
        assertThat(session.answer().body()).doesNotContain(hub.adminToken()).doesNotContain(id);
        assertThat(session.answer().json().at("/actor/id").asText()).isEqualTo("local-admin");
        assertThat(session.answer().json().get("tenantId").asText()).isEqualTo(hub.hub().config().tenantId());
        assertThat(session.answer().header("Cache-Control")).isEqualTo("no-store");

        Http.Answer resumed = http.send("GET", "/api/session", session.withCookie(), null);
        assertThat(resumed.status()).as(resumed.body()).isEqualTo(200);
        assertThat(resumed.json().get("csrfToken").asText()).isEqualTo(session.csrf());
        assertThat(http.send("GET", "/api/policy/kill-switch", session.withCookie(), null).status()).isEqualTo(200);
        assertThat(signIn().cookie()).as("every sign-in a new session").isNotEqualTo(session.cookie());
    }

    @Test
    void aChangeWithTheCookieButWithoutTheRightCsrfTokenIsRefusedAndChangesNothing() throws Exception {
        Session session = signIn();
        int history = http.send("GET", "/api/policy/kill-switch", session.withCookie(), null).json()
                .get("history").size();
        Map<String, Object> on = body("on", true, "rationale", "Kiln room alarm is sounding, stop every write now");

        Http.Answer missing = http.send("POST", "/api/policy/kill-switch", session.withCookie(), on);
        Http.Answer wrong = http.send("POST", "/api/policy/kill-switch",
                session.withCookieAndCsrf(signIn().csrf()), on);
        Http.Answer empty = http.send("POST", "/api/policy/kill-switch", session.withCookieAndCsrf(""), on);
        for (Http.Answer refused : List.of(missing, wrong, empty)) {
            assertThat(refused.status()).as(refused.body()).isEqualTo(403);
            assertThat(refused.code()).isEqualTo("CSRF_TOKEN_INVALID");
        }
        Http.Answer after = http.send("GET", "/api/policy/kill-switch", session.withCookie(), null);
        assertThat(after.json().get("on").asBoolean()).isFalse();
        assertThat(after.json().get("history").size()).isEqualTo(history);
        assertThat(http.send("DELETE", "/api/session", session.withCookie(), null).code())
                .as("signing out is a change too").isEqualTo("CSRF_TOKEN_INVALID");

        Http.Answer changed = http.send("POST", "/api/policy/kill-switch", session.withCookieAndCsrf(session.csrf()),
                on);
        assertThat(changed.status()).as(changed.body()).isEqualTo(200);
        assertThat(changed.json().get("on").asBoolean()).isTrue();
        Http.Answer off = http.send("POST", "/api/policy/kill-switch", session.withCookieAndCsrf(session.csrf()),
                body("on", false, "rationale", "The alarm was a sensor fault, writes may resume"));
        assertThat(off.json().get("on").asBoolean()).isFalse();
        assertThat(http.send("GET", "/api/audit?action=policy.kill_switch", Map.of("Authorization",
                "Bearer " + hub.adminToken()), null).json().get("events").findValuesAsText("actorId"))
                .containsOnly("local-admin");
    }

    @Test
    void aBearerCallNeedsNoCsrfTokenAndAHeaderWinsOverACookie() throws Exception {
        Map<String, String> staff = Map.of("Authorization", "Bearer " + hub.adminToken());
        Http.Answer quota = http.send("POST", "/api/policy/quotas/capability:ops.recommendation/reset", staff,
                body("rationale", "Start the window again after the test burst"));
        assertThat(quota.status()).as(quota.body()).isEqualTo(200);

        Session session = signIn();
        Http.Answer wrongHeader = http.send("GET", "/api/policy/kill-switch",
                Map.of("Cookie", session.cookie(), "Authorization", "Bearer not-the-token"), null);
        assertThat(wrongHeader.status()).isEqualTo(401);
        Http.Answer again = http.send("POST", "/api/session", Map.of("Cookie", session.cookie(),
                StaffSessions.CSRF_HEADER, session.csrf()), null);
        assertThat(again.status()).as("a session does not sign in").isEqualTo(400);
    }

    @Test
    void signingOutEndsTheSessionOnTheHubAndClearsTheCookie() throws Exception {
        Session session = signIn();
        Http.Answer out = http.send("DELETE", "/api/session", session.withCookieAndCsrf(session.csrf()), null);
        assertThat(out.status()).as(out.body()).isEqualTo(200);
        assertThat(out.header("Set-Cookie")).startsWith(StaffSessions.COOKIE + "=;").contains("Max-Age=0");

        Http.Answer after = http.send("GET", "/api/policy/kill-switch", session.withCookie(), null);
        assertThat(after.status()).isEqualTo(401);
        assertThat(after.code()).isEqualTo("NOT_AUTHENTICATED");
        assertThat(http.send("GET", "/api/session", session.withCookie(), null).status()).isEqualTo(401);
        assertThat(http.send("GET", "/api/proposals", Map.of("Cookie", StaffSessions.COOKIE + "=made-up"), null)
                .status()).isEqualTo(401);
    }

    @Test
    void aWrongTokenDoesNotSignInAndAnAgentCannotOpenASession() throws Exception {
        Http.Answer wrong = http.send("POST", "/api/session", Map.of("Authorization", "Bearer wrong-token"), null);
        assertThat(wrong.status()).isEqualTo(401);
        assertThat(wrong.header("Set-Cookie")).isNull();

        Map<String, String> staff = Map.of("Authorization", "Bearer " + hub.adminToken());
        Http.Answer issued = http.send("POST", "/api/delegations", staff, body("ownerUid", "member-ana",
                "agentUid", "agent-glaze-bot", "scopes", List.of("capability:ops.recommendation:propose"),
                "ttl", "P1D"));
        assertThat(issued.status()).as(issued.body()).isEqualTo(201);
        Http.Answer agent = http.send("POST", "/api/session", Map.of("Authorization",
                "Delegation " + issued.json().at("/token/value").asText()), null);
        assertThat(agent.status()).isEqualTo(403);
        assertThat(agent.header("Set-Cookie")).isNull();
    }

    @Test
    void theDashboardAndItsFilesCarryAStrictContentSecurityPolicyAndNothingElseIsServed() throws Exception {
        for (String path : List.of("/dashboard", "/dashboard/app.js", "/dashboard/cockpit.css", "/dashboard/nope.js")) {
            Http.Answer answer = http.send("GET", path, Map.of(), null);
            String policy = answer.header("Content-Security-Policy");
            assertThat(policy).as(path).contains("script-src 'self'", "frame-ancestors 'none'",
                    "default-src 'none'").doesNotContain("unsafe-inline").doesNotContain("unsafe-eval");
            assertThat(answer.header("X-Content-Type-Options")).as(path).isEqualTo("nosniff");
            assertThat(answer.header("Referrer-Policy")).as(path).isEqualTo("no-referrer");
        }
        Http.Answer page = http.send("GET", "/dashboard", Map.of(), null);
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.header("Content-Type")).startsWith("text/html");
        assertThat(page.body()).contains("<script type=\"module\" src=\"/dashboard/app.js\"></script>")
                .doesNotContainPattern("<script>|<script type=\"module\">|\\son[a-z]+=\"");
        assertThat(http.send("GET", "/dashboard/app.js", Map.of(), null).header("Content-Type"))
                .startsWith("text/javascript");
        for (String path : List.of("/dashboard/nope.js", "/dashboard/..%2Fapplication.properties",
                "/dashboard/.hidden.js", "/dashboard/APP.JS")) {
            assertThat(http.send("GET", path, Map.of(), null).status()).as(path).isEqualTo(404);
        }
        Http.Answer api = http.send("GET", "/api/proposals", Map.of("Authorization", "Bearer " + hub.adminToken()),
                null);
        assertThat(api.header("Cache-Control")).isEqualTo("no-store");
        assertThat(api.header("Content-Security-Policy")).contains("default-src 'none'", "frame-ancestors 'none'");
        assertThat(api.header("X-Content-Type-Options")).isEqualTo("nosniff");
    }
}
