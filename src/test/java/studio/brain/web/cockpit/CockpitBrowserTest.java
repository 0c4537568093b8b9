package studio.brain.web.cockpit;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;
import studio.brain.config.ConfigLoader;
import studio.brain.hub.Hub;
import studio.brain.intake.WebhookSignature;
import studio.brain.ledger.ActorType;
import studio.brain.state.StudioStateService;
import studio.brain.testing.TestHub;

/**
 * The cockpit in a real browser against a real hub, as staff use it: sign in with the admin token, see the empty and
 * then the populated studio (the bundled sample studio's StudioState over three days, proposals an agent submitted),
 * decide proposals, work the kill switch and exemptions, filter the audit trail, decide an intake item, and see what
 * the page says when the API fails or the hub cannot be reached. One hub and one browser serve every test, in order;
 * each panel's screenshot is saved to {@code target/screenshots/}.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class CockpitBrowserTest {
    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final Path SCREENSHOTS = Path.of("target/screenshots");
    private static final String SECRET = "whsec_" + Base64.getEncoder().encodeToString(
            "cockpit-webhook-test-secret-32-bytes".getBytes(StandardCharsets.UTF_8));

    @TempDir
    static Path work;
    static ShiftedClock clock = new ShiftedClock();
    static Hub hub;
    static Http http;
    static String base;
    static String dbUrl;
    static ChromeDriver browser;
    static String agent;
    static Map<String, String> proposals = new LinkedHashMap<>();

    @BeforeAll
    static void start() throws Exception {
        Map<String, String> env = TestHub.env(work);
        env.put("STUDIO_BRAIN_STATE_STALE_HOURS", "1");
        env.put("STUDIO_BRAIN_INTAKE_WEBHOOK_SECRET", SECRET);
        dbUrl = env.get("STUDIO_BRAIN_DB_URL");
        Path routes = Files.createDirectories(Path.of(env.get("STUDIO_BRAIN_ROUTES_DIR")));
        Files.copy(Path.of("routes/intake-webhook.camel.yaml"), routes.resolve("intake-webhook.camel.yaml"));
        // Only the on-demand compute of the studio-state routes: the catch-up timer would compute today's snapshot on
        // its own, and the empty state would never be seen.
        String studioState = Files.readString(Path.of("routes/studio-state.camel.yaml"));
        Files.writeString(routes.resolve("studio-state-compute.camel.yaml"),
                studioState.substring(studioState.indexOf("- route:\n    id: studio-state-compute")));
        hub = Hub.start(ConfigLoader.load(ConfigLoader.bundledDefaults(), env), clock);
        http = new Http(hub.config().httpPort());
        base = "http://127.0.0.1:" + hub.config().httpPort();
        Files.createDirectories(SCREENSHOTS);
        browser = Chromium.start(work.resolve("chromium-profile"));
    }

    @AfterAll
    static void stop() {
        if (browser != null) {
            browser.quit();
        }
        if (hub != null) {
            hub.close();
        }
    }

    @Test
    @Order(1)
    void signingInNeedsTheAdminTokenAndKeepsNothingInTheBrowsersStorage() throws Exception {
        browser.get(base + "/dashboard");
        WebElement credential = waitFor(By.id("credential"));
        credential.sendKeys("not-the-admin-token");
        browser.findElement(By.id("sign-in-button")).click();
        until(ExpectedConditions.textToBePresentInElementLocated(By.id("sign-in-message"), "not accepted"));
        assertThat(browser.findElement(By.id("nav")).isDisplayed()).isFalse();
        screenshot("sign-in");

        credential.sendKeys(adminToken());
        browser.findElement(By.id("sign-in-button")).click();
        until(ExpectedConditions.visibilityOfElementLocated(By.id("nav")));
        assertThat(browser.findElement(By.id("tenant")).getText()).isEqualTo(hub.config().tenantId());
        assertThat(browser.findElement(By.id("actor")).getText()).contains("local-admin");
        assertThat(credential.getAttribute("value")).isEmpty();
        assertThat(js("return window.localStorage.length + window.sessionStorage.length")).isEqualTo(0L);
        assertThat((String) js("return document.cookie")).as("the session cookie is HttpOnly")
                .doesNotContain("studio_brain_session");
        assertThat(browser.getPageSource()).doesNotContain(adminToken());
    }

    @Test
    @Order(2)
    void eachPanelSaysWhenThereIsNothingYet() throws Exception {
        show("#/state");
        assertThat(panelState()).isEqualTo("empty");
        assertThat(panel().getText()).contains("No snapshot yet");
        screenshot("state-empty");
        show("#/proposals");
        assertThat(panel().findElement(By.cssSelector("#proposal-list [data-state]")).getAttribute("data-state"))
                .isEqualTo("empty");
        show("#/intake");
        assertThat(panelState()).isEqualTo("empty");
        show("#/drafts/ops");
        assertThat(panelState()).isEqualTo("empty");
    }

    @Test
    @Order(3)
    void theStateShowsTheSampleStudioWithItsLabelsStalenessDiffAndTrends() throws Exception {
        StudioStateService state = hub.camel().getRegistry().lookupByNameAndType("studioState",
                StudioStateService.class);
        clock.shift(Duration.ofDays(-2));
        state.compute("test: two days ago", ActorType.SYSTEM, "cockpit-test", "seed-1");
        clock.shift(Duration.ofDays(-1));
        state.compute("test: yesterday", ActorType.SYSTEM, "cockpit-test", "seed-2");
        clock.shift(Duration.ZERO);

        show("#/state");
        WebElement stale = panel().findElement(By.cssSelector("[data-testid='stale-banner']"));
        assertThat(stale.getText()).contains("Stale").contains("threshold is 60 min");
        assertThat(panel().getText()).contains("Derived from cloud").contains("Sample data");
        screenshot("state-stale");

        browser.findElement(By.id("compute-state")).click();
        until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("[data-testid='fresh-note']")));
        assertThat(panel().findElements(By.cssSelector("[data-testid='stale-banner']"))).isEmpty();
        List<WebElement> metrics = panel().findElements(By.cssSelector("[data-testid='metrics'] tbody tr"));
        assertThat(metrics).hasSizeGreaterThanOrEqualTo(5);
        assertThat(panel().findElements(By.cssSelector("[data-testid='metrics'] svg.trend polyline")))
                .as("a trend line per metric over three snapshots").hasSize(metrics.size());
        assertThat(panel().getText()).contains("Firestore read at").contains("Since the previous snapshot")
                .contains("Drift warnings");
        screenshot("state");
    }

    @Test
    @Order(4)
    void theQueueListsAndFiltersTheProposals() throws Exception {
        agent = agentToken();
        proposals.put("bisque", propose("kiln-room", "Schedule a bisque firing for the stalled batches", null));
        proposals.put("glaze", propose("glaze-shelf", "Reorder celadon glaze before the weekend classes", null));
        proposals.put("merch", propose("market-stall", "Restock the market stall with branded plates",
                "wi-merch-1"));

        show("#/proposals");
        assertThat(queueRows()).hasSize(3);
        WebElement target = browser.findElement(By.cssSelector("#proposal-filters input[name='target']"));
        target.sendKeys("kiln-room");
        browser.findElement(By.cssSelector("#proposal-filters button[type='submit']")).click();
        until(d -> queueRows().size() == 1);
        assertThat(queueRows().get(0).getAttribute("data-proposal")).isEqualTo(proposals.get("bisque"));
        target.clear();
        browser.findElement(By.cssSelector("#proposal-filters button[type='submit']")).click();
        until(d -> queueRows().size() == 3);

        // Keyboard: arrows move between rows, Enter opens the focused one.
        List<WebElement> links = browser.findElements(By.cssSelector("#proposal-list a.row-link"));
        links.get(0).sendKeys("");
        js("arguments[0].focus()", links.get(0));
        links.get(0).sendKeys(org.openqa.selenium.Keys.ARROW_DOWN);
        assertThat(browser.switchTo().activeElement()).isEqualTo(links.get(1));
        screenshot("proposals");
    }

    @Test
    @Order(5)
    void approvingNeedsARationaleWaitsForTheHubAndCannotBeSentTwice() throws Exception {
        String id = proposals.get("bisque");
        show("#/proposals/" + id);
        assertThat(panel().findElement(By.cssSelector("[data-testid='proposal-id']")).getText()).isEqualTo(id);
        assertThat(panel().getText()).contains("Schedule a bisque firing").contains("Predicted effects")
                .contains("Linked ledger chain").contains("Dry-run preview");
        assertThat(status(id)).as("opening a link decides nothing").isEqualTo("pending_approval");

        WebElement approve = panel().findElement(By.cssSelector("button[data-verb='approve']"));
        approve.click();
        assertThat(refusal().getAttribute("data-code")).isEqualTo("RATIONALE_REQUIRED");
        rationale().sendKeys("ok");
        approve.click();
        until(d -> "RATIONALE_REQUIRED".equals(refusal().getAttribute("data-code"))
                && refusal().getText().contains("—"));
        assertThat(status(id)).isEqualTo("pending_approval");

        rationale().clear();
        rationale().sendKeys("Twelve batches are waiting and the kiln is free on Thursday");
        js("arguments[0].click(); arguments[0].click();", approve);
        until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#decision-outcome [data-outcome='ok']")));
        assertThat(panel().findElement(By.id("decision-outcome")).getText()).contains("approved");
        assertThat(status(id)).isEqualTo("approved");
        // One approval (the second click found the button disabled), and the one refusal the hub recorded for "ok".
        assertThat(staffGet("/api/audit?action=proposal.approve&correlationId=" + id).get("events")
                .findValuesAsText("action")).containsExactlyInAnyOrder("proposal.approved", "proposal.approve_refused");
        assertThat(panel().findElements(By.cssSelector("button[data-verb='approve']"))).isEmpty();
        screenshot("proposal-detail");
    }

    @Test
    @Order(6)
    void rejectingAndReopeningAreDecisionsWithReasons() throws Exception {
        String id = proposals.get("glaze");
        show("#/proposals/" + id);
        rationale().sendKeys("The glaze order already went out with last week's supplies");
        panel().findElement(By.cssSelector("button[data-verb='reject']")).click();
        until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("button[data-verb='reopen']")));
        assertThat(status(id)).isEqualTo("rejected");

        panel().findElement(By.cssSelector("button[data-verb='reopen']")).click();
        assertThat(refusal().getAttribute("data-code")).isEqualTo("RATIONALE_REQUIRED");
        assertThat(status(id)).isEqualTo("rejected");
        rationale().sendKeys("The supplier cancelled that order, so this one is needed after all");
        panel().findElement(By.cssSelector("button[data-verb='reopen']")).click();
        until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("button[data-verb='approve']")));
        assertThat(status(id)).isEqualTo("pending_approval");
        assertThat(panel().findElement(By.cssSelector("[data-testid='transitions']")).getText())
                .contains("rejected").contains("pending_approval");

        js("document.activeElement.blur()");
        new org.openqa.selenium.interactions.Actions(browser).sendKeys(org.openqa.selenium.Keys.ESCAPE).perform();
        until(d -> "#/proposals".equals(js("return location.hash")));
    }

    @Test
    @Order(7)
    void theKillSwitchGoesOnAndOffWithARationale() throws Exception {
        show("#/policy");
        assertThat(killSwitchPosition()).isEqualTo("off");
        browser.findElement(By.id("kill-rationale")).sendKeys("Kiln room smoke alarm, stop everything until checked");
        browser.findElement(By.id("kill-toggle")).click();
        until(d -> "on".equals(killSwitchPosition()));
        assertThat(staffGet("/api/policy/kill-switch").get("on").asBoolean()).isTrue();
        assertThat(browser.findElement(By.id("kill-outcome")).getText()).contains("ON");

        browser.findElement(By.id("kill-rationale")).sendKeys("Alarm was dust on the sensor; cleaned and tested");
        browser.findElement(By.id("kill-toggle")).click();
        until(d -> "off".equals(killSwitchPosition()));
        assertThat(staffGet("/api/policy/kill-switch").get("on").asBoolean()).isFalse();
    }

    @Test
    @Order(8)
    void anExemptionIsCreatedAndRevoked() throws Exception {
        show("#/policy");
        new Select(browser.findElement(By.id("exemption-capability"))).selectByValue("notify.webhook");
        browser.findElement(By.id("exemption-justification"))
                .sendKeys("Open-studio week: class reminders go out without waiting for approval");
        browser.findElement(By.id("exemption-create")).click();
        until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("tr[data-status='live']")));
        String exemption = browser.findElement(By.cssSelector("tr[data-status='live']")).getAttribute("data-exemption");
        assertThat(exemptionStatus(exemption)).isEqualTo("live");
        screenshot("policy");

        WebElement row = browser.findElement(By.cssSelector("tr[data-exemption='" + exemption + "']"));
        row.findElement(By.cssSelector("input.revoke-rationale")).sendKeys("Open-studio week is over");
        row.findElement(By.cssSelector("button.revoke")).click();
        until(ExpectedConditions.presenceOfElementLocated(
                By.cssSelector("tr[data-exemption='" + exemption + "'][data-status='revoked']")));
        assertThat(exemptionStatus(exemption)).isEqualTo("revoked");
    }

    @Test
    @Order(9)
    void aHeldIntakeItemShowsOnItsProposalAndIsDecidedWithAReasonCode() throws Exception {
        byte[] body = Http.JSON.writeValueAsBytes(Map.of("workItemId", "wi-merch-1", "ownerUid", "member-ana",
                "actor", Map.of("type", "agent", "id", "agent-glaze-bot"),
                "description", "Chanel logo plates for resale at my boutique.", "tags", List.of("merch"),
                "source", "portal"));
        String webhookId = UUID.randomUUID().toString();
        long timestamp = clock.instant().getEpochSecond();
        Http.Answer flagged = http.send("POST", "/api/intake/flags", Map.of("webhook-id", webhookId,
                "webhook-timestamp", Long.toString(timestamp),
                "webhook-signature", WebhookSignature.sign(SECRET, webhookId, timestamp, body)),
                new String(body, StandardCharsets.UTF_8));
        assertThat(flagged.status()).as(flagged.body()).isEqualTo(202);

        show("#/proposals/" + proposals.get("merch"));
        assertThat(panel().findElement(By.cssSelector("[data-testid='intake-banner']")).getText())
                .contains("Intake risk").contains("wi-merch-1");
        screenshot("proposal-intake-hold");

        show("#/intake");
        WebElement card = panel().findElement(By.cssSelector("[data-intake]"));
        assertThat(card.getText()).contains("wi-merch-1").contains("Why held");
        screenshot("intake");
        new Select(card.findElement(By.cssSelector("select[name='decision']"))).selectByValue("override_denied");
        assertThat(card.findElement(By.cssSelector("input[name='reasonCode']")).getAttribute("value"))
                .isEqualTo("policy_trademark_resale");
        card.findElement(By.cssSelector("textarea[name='rationale']"))
                .sendKeys("Branded resale without a licence is not work we take on");
        card.findElement(By.cssSelector("button[type='submit']")).click();
        until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#intake-outcome [data-outcome='ok']")));
        assertThat(panelState()).isEqualTo("empty");
        assertThat(staffGet("/api/audit?action=intake.override_denied").get("events")).hasSize(1);
    }

    @Test
    @Order(10)
    void theAuditPanelVerifiesTheChainAndFiltersTheTimeline() throws Exception {
        show("#/audit");
        until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("[data-verified='ok']")));
        assertThat(browser.findElement(By.id("audit-export")).getAttribute("href")).endsWith("/api/audit/export");
        WebElement action = browser.findElement(By.cssSelector("#audit-filters input[name='action']"));
        action.sendKeys("proposal.approved");
        browser.findElement(By.cssSelector("#audit-filters button[type='submit']")).click();
        until(d -> {
            List<WebElement> rows = browser.findElements(By.cssSelector("[data-testid='audit'] tbody tr"));
            return !rows.isEmpty() && rows.stream().allMatch(r -> "proposal.approved".equals(r.getAttribute("data-action")));
        });
        assertThat(panel().getText()).contains("Twelve batches are waiting");
        screenshot("audit");
    }

    @Test
    @Order(11)
    void draftsConnectorsAndScorecardShowWhatThisHubHas() throws Exception {
        show("#/drafts/ops");
        assertThat(panel().findElements(By.cssSelector("[data-draft]"))).hasSize(3);
        screenshot("drafts");
        show("#/drafts/triage");
        browser.findElement(By.id("triage-title")).sendKeys("Someone is selling stolen kiln shelves in the forum");
        browser.findElement(By.id("triage-note")).sendKeys("The post links to a listing with our studio's stamp on them");
        browser.findElement(By.id("triage-suggest")).click();
        waitFor(By.cssSelector("[data-testid='suggestion'] button[data-verdict='accepted']")).click();
        until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#triage-outcome [data-outcome='ok']")));
        until(d -> !browser.findElements(By.cssSelector("#panel table tbody tr")).isEmpty());
        screenshot("drafts-triage");
        show("#/connectors");
        assertConnectedOrNotLanded("/api/connectors", "[data-connector]");
        screenshot("connectors");
        show("#/scorecard");
        assertConnectedOrNotLanded("/api/scorecard", "[data-indicator]");
        screenshot("scorecard");
    }

    /**
     * The connectors and scorecard panels draw every part of the agreed answers, and server text stays text: the page
     * is given those answers in the browser (its fetch of that one path answered with the agreed JSON), because this
     * hub has no connector configured and a fresh scorecard.
     */
    @Test
    @Order(12)
    void theConnectorsAndScorecardPanelsDrawTheAgreedShapesAsText() throws Exception {
        String connectors = """
                {"tenantId": "studio-main", "connectors": [
                  {"name": "hubitat", "title": "Hubitat Maker API", "version": "1.0", "mode": "read-only",
                   "configured": true, "state": "running", "availability": "degraded", "breaker": "closed",
                   "lastSuccessAt": "2026-11-30T10:00:00Z",
                   "lastError": {"kind": "TIMEOUT", "retryable": true, "message": "no answer in 5 s", "at": "2026-11-30T09:58:00Z"},
                   "latencyMs": 42, "requestId": "req-1", "pushStale": true,
                   "devices": [{"id": "12", "label": "Kiln room sensor <img src=x onerror=alert(1)>", "kind": "sensor",
                     "online": true, "batteryPct": 87, "lastSeenAt": "2026-11-30T10:00:00Z", "stale": false,
                     "attributes": {"temperature": 41.5, "humidity": 41},
                     "alerts": [{"code": "KILN_ROOM_TEMPERATURE_HIGH", "severity": "warning",
                                 "message": "Kiln room is 41.5 °C"}]}]},
                  {"name": "valetudo", "title": "Valetudo robots", "version": "1.0", "mode": "read-only",
                   "configured": false, "state": "not configured", "availability": "down", "breaker": "closed",
                   "lastSuccessAt": null, "lastError": null, "latencyMs": null, "requestId": null, "pushStale": false,
                   "devices": []}]}""";
        String scorecard = """
                {"computedAt": "2026-11-30T10:00:00Z", "indicators": [
                  {"key": "snapshot_freshness", "title": "Snapshot freshness", "value": 30, "unit": "hours",
                   "status": "warning", "warning": 26, "critical": 48, "owner": "studio manager",
                   "note": "the nightly compute did not run"}]}""";

        showAnswering("#/connectors", "/api/connectors", connectors);
        WebElement hubitat = panel().findElement(By.cssSelector("[data-connector='hubitat']"));
        assertThat(hubitat.getText()).contains("degraded").contains("breaker closed").contains("event push silent")
                .contains("TIMEOUT (retryable)").contains("KILN_ROOM_TEMPERATURE_HIGH")
                .contains("Kiln room sensor <img src=x onerror=alert(1)>").contains("temperature 41.5");
        assertThat(panel().findElements(By.tagName("img"))).as("server text stays text").isEmpty();
        assertThat(panel().findElement(By.cssSelector("[data-connector='valetudo']")).getText())
                .contains("not configured").contains("Not configured: no devices are read.");
        showAnswering("#/scorecard", "/api/scorecard", scorecard);
        assertThat(panel().findElement(By.cssSelector("[data-indicator='snapshot_freshness']")).getText())
                .contains("Snapshot freshness").contains("30 hours").contains("warning").contains("studio manager");
        js("window.fetch = window.realFetch || window.fetch;");
    }

    @Test
    @Order(13)
    void aFailingApiAndAnUnreachableHubAreShownAsSuch() throws Exception {
        try (Connection c = DriverManager.getConnection(dbUrl, "postgres", null); Statement s = c.createStatement()) {
            s.execute("alter table proposals rename to proposals_away");
            try {
                show("#/proposals");
                WebElement error = panel().findElement(By.cssSelector("#proposal-list [data-state='error']"));
                assertThat(error.getText()).contains("INTERNAL").contains("request id");
                screenshot("error-state");
            } finally {
                s.execute("alter table proposals_away rename to proposals");
            }
        }
        panel().findElement(By.cssSelector("#proposal-list [data-state='error'] button")).click();
        until(d -> queueRows().size() == 1 && queueRows().get(0).getAttribute("data-proposal")
                .equals(proposals.get("glaze")));

        browser.executeCdpCommand("Network.enable", Map.of());
        browser.executeCdpCommand("Network.setBlockedURLs", Map.of("urls", List.of("*/api/*", "*/readyz")));
        try {
            show("#/state");
            assertThat(panelState()).isEqualTo("offline");
            until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#hub-status [data-hub='offline']")));
            screenshot("offline-state");
        } finally {
            browser.executeCdpCommand("Network.setBlockedURLs", Map.of("urls", List.of()));
        }
    }

    @Test
    @Order(14)
    void nothingOnThePageBrokeThePolicyOrThrew() {
        List<String> console = browser.manage().logs().get(org.openqa.selenium.logging.LogType.BROWSER).getAll()
                .stream().map(org.openqa.selenium.logging.LogEntry::getMessage).toList();
        assertThat(console).as("the console is read: the API failure of the error-state test is in it")
                .anyMatch(m -> m.contains("status of 500"));
        List<String> problems = console.stream().filter(m -> m.contains("Content Security Policy") || m.contains("Uncaught")
                        || m.contains("TypeError") || m.contains("ReferenceError"))
                .toList();
        assertThat(problems).isEmpty();
    }

    // --- the page ---

    /** Opens a panel by its link (or draws it again when it is open) and waits until it has finished loading. */
    private static void show(String hash) {
        // A reload makes a new window (without the mark) and starts the drawing count again.
        js("window.drawnBefore = document.getElementById('panel').dataset.render || '0'");
        if (hash.equals(js("return location.hash"))) {
            browser.navigate().refresh();
        } else {
            js("location.hash = arguments[0]", hash);
        }
        until(d -> Boolean.TRUE.equals(js("const panel = document.getElementById('panel');"
                + "const drawn = panel.dataset.render;"
                + "return !panel.hidden && drawn !== undefined && (window.drawnBefore === undefined"
                + " || window.drawnBefore !== drawn) && !panel.hasAttribute('aria-busy');")));
    }

    /**
     * Opens a panel with one API path answered by the hub when it serves it, else in the page with the given JSON (for
     * endpoints that land separately); true when the page answered.
     */
    /**
     * Shows the panel with {@code json} as the answer to {@code path}, in the page only: the panel must draw exactly the
     * agreed shape (a degraded connector with an error and alerts, a hostile device label) whatever this hub has.
     * The real fetch is kept in {@code window.realFetch} for the test to put back.
     */
    private static void showAnswering(String hash, String path, String json) throws Exception {
        js("const [path, body] = arguments; window.realFetch = window.realFetch || window.fetch.bind(window);"
                + "const real = window.realFetch;"
                + "window.fetch = (url, init) => String(url).startsWith(path)"
                + " ? Promise.resolve(new Response(body, {status: 200, headers: {'Content-Type': 'application/json'}}))"
                + " : real(url, init);", path, json);
        if (hash.equals(js("return location.hash"))) {
            show("#/state");
        }
        show(hash);
    }

    private static WebElement panel() {
        return browser.findElement(By.id("panel"));
    }

    private static String panelState() {
        return panel().findElement(By.cssSelector("[data-state]")).getAttribute("data-state");
    }

    private static List<WebElement> queueRows() {
        return browser.findElements(By.cssSelector("#proposal-list tbody tr[data-proposal]"));
    }

    private static WebElement rationale() {
        return browser.findElement(By.id("decision-rationale"));
    }

    private static WebElement refusal() {
        return waitFor(By.cssSelector("#decision-outcome [data-outcome='refused']"));
    }

    private static String killSwitchPosition() {
        return (String) js("const el = document.querySelector('[data-kill-switch]');"
                + "return el ? el.getAttribute('data-kill-switch') : null;");
    }

    private static void assertConnectedOrNotLanded(String path, String landedSelector) throws Exception {
        int status = http.send("GET", path, staff(), null).status();
        if (status == 404) {
            assertThat(panelState()).isEqualTo("unavailable");
            assertThat(panel().getText()).contains("not available in this hub yet");
        } else {
            assertThat(status).isEqualTo(200);
            assertThat(panel().findElements(By.cssSelector(landedSelector + ", [data-state='empty']"))).isNotEmpty();
        }
    }

    private static WebElement waitFor(By locator) {
        return new WebDriverWait(browser, WAIT).until(ExpectedConditions.presenceOfElementLocated(locator));
    }

    private static <T> T until(java.util.function.Function<org.openqa.selenium.WebDriver, T> condition) {
        // A panel draws itself again after each answer, so an element found a moment ago may be gone: look again.
        return new WebDriverWait(browser, WAIT).ignoring(StaleElementReferenceException.class).until(condition);
    }

    private static Object js(String script, Object... args) {
        return ((JavascriptExecutor) browser).executeScript(script, args);
    }

    /** The whole page, not only the window: the content's size from the browser, captured in one image. */
    @SuppressWarnings("unchecked")
    private static void screenshot(String name) throws Exception {
        Map<String, Object> metrics = browser.executeCdpCommand("Page.getLayoutMetrics", Map.of());
        Map<String, Object> size = (Map<String, Object>) metrics.get("cssContentSize");
        Map<String, Object> clip = Map.of("x", 0, "y", 0, "scale", 1,
                "width", ((Number) size.get("width")).doubleValue(),
                "height", Math.min(((Number) size.get("height")).doubleValue(), 4000));
        Map<String, Object> shot = browser.executeCdpCommand("Page.captureScreenshot", Map.of("format", "png",
                "captureBeyondViewport", true, "clip", clip));
        Files.write(SCREENSHOTS.resolve(name + ".png"), Base64.getDecoder().decode((String) shot.get("data")));
    }

    // --- the hub, as a client ---

    private static String adminToken() throws Exception {
        return Files.readString(hub.config().dataDir().resolve("admin-token")).strip();
    }

    private static Map<String, String> staff() throws Exception {
        return Map.of("Authorization", "Bearer " + adminToken());
    }

    private static JsonNode staffGet(String path) throws Exception {
        Http.Answer answer = http.send("GET", path, staff(), null);
        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        return answer.json();
    }

    private static String status(String proposal) throws Exception {
        return staffGet("/api/proposals/" + proposal).at("/proposal/status").asText();
    }

    private static String exemptionStatus(String id) throws Exception {
        for (JsonNode exemption : staffGet("/api/policy/exemptions").get("exemptions")) {
            if (exemption.get("id").asText().equals(id)) {
                return exemption.get("status").asText();
            }
        }
        return null;
    }

    private static String agentToken() throws Exception {
        Http.Answer issued = http.send("POST", "/api/delegations", staff(), Map.of("ownerUid", "member-ana",
                "agentUid", "agent-glaze-bot", "scopes", List.of("capability:ops.recommendation:propose"),
                "ttl", "P1D"));
        assertThat(issued.status()).as(issued.body()).isEqualTo(201);
        return "Delegation " + issued.json().at("/token/value").asText();
    }

    private static String propose(String target, String summary, String workItemId) throws Exception {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("capabilityId", "ops.recommendation");
        body.put("target", target);
        body.put("targetOwnerUid", "member-ana");
        body.put("input", Map.of("summary", summary));
        body.put("rationale", summary + ": the studio's state suggests it this week");
        if (workItemId != null) {
            body.put("workItemId", workItemId);
        }
        Http.Answer created = http.send("POST", "/api/proposals", Map.of("Authorization", agent), body);
        assertThat(created.status()).as(created.body()).isEqualTo(202);
        return created.json().get("proposalId").asText();
    }
}
