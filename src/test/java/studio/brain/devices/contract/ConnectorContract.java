package studio.brain.devices.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import studio.brain.devices.ConnectorBoard;
import studio.brain.devices.ConnectorCalls;
import studio.brain.devices.ConnectorFailure;
import studio.brain.devices.ConnectorHealth;
import studio.brain.devices.ErrorKind;
import studio.brain.devices.Intent;
import studio.brain.hash.ContentHash;
import studio.brain.testing.CapturedOutput;
import studio.brain.testing.TestHub;

/**
 * The contract every device connector passes, run by each connector's test against that connector and a fake of
 * its system: one hub per connector, the fake's faults switched between checks. It checks the health shape, the
 * read shape, request-id propagation, hashes, the error taxonomy under each fault, the circuit breaker opening and
 * recovering, write intent refused, and that no credential appears in the logs, the API, the metrics or the ledger.
 * Each check's outcome goes to {@code target/connector-contract/<connector>.json}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@ExtendWith(ContractSummary.class)
public abstract class ConnectorContract {
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final Set<String> AVAILABILITY = Set.of("healthy", "degraded", "down");
    private static final Set<String> KINDS = Set.of("switch", "dimmer", "sensor", "thermostat", "vacuum", "lock", "other");

    private ConnectorFixture fixture;
    private CapturedOutput output;
    private TestHub hub;
    private Path work;

    /** The connector's fixture; called once. */
    protected abstract ConnectorFixture createFixture();

    public final ConnectorFixture fixture() {
        if (fixture == null) {
            fixture = createFixture();
        }
        return fixture;
    }

    @BeforeAll
    void startHub() throws Exception {
        output = new CapturedOutput();
        work = Files.createTempDirectory("connector-contract-");
        fixture().startFake();
        hub = TestHub.start(fixture().hubEnv(work));
        awaitHealthy();
    }

    @AfterAll
    void stopHub() {
        try {
            if (hub != null) {
                hub.close();
            }
        } finally {
            fixture().close();
            if (output != null) {
                output.close();
            }
        }
    }

    @Test
    @Order(1)
    void healthShape() throws Exception {
        JsonNode c = view();
        for (String field : new String[] {"name", "title", "version", "mode", "configured", "state", "availability",
                "breaker", "lastSuccessAt", "lastError", "latencyMs", "requestId", "pushStale", "devices"}) {
            assertThat(c.has(field)).as("field " + field + " in " + c).isTrue();
        }
        assertThat(c.get("name").asText()).isEqualTo(fixture().connector());
        assertThat(c.get("mode").asText()).isEqualTo("read-only");
        assertThat(c.get("configured").asBoolean()).isTrue();
        assertThat(c.get("state").asText()).isEqualTo("running");
        assertThat(AVAILABILITY).contains(c.get("availability").asText());
        assertThat(Set.of("closed", "open", "half_open")).contains(c.get("breaker").asText());
        assertThat(Instant.parse(c.get("lastSuccessAt").asText())).isNotNull();
        assertThat(c.get("latencyMs").isIntegralNumber()).isTrue();
        ConnectorHealth health = board().latestHealth(fixture().connector()).orElseThrow();
        assertThat(health.connectorVersion()).isEqualTo(c.get("version").asText());
        assertThat(health.ok()).isTrue();
        assertThat(health.error()).isNull();
    }

    @Test
    @Order(2)
    void readShape() throws Exception {
        JsonNode devices = view().get("devices");
        assertThat(devices.size()).as("devices").isPositive();
        for (JsonNode d : devices) {
            assertThat(d.get("id").isTextual()).as("id of " + d).isTrue();
            assertThat(d.get("label").isTextual()).isTrue();
            assertThat(KINDS).contains(d.get("kind").asText());
            assertThat(d.get("online").isBoolean()).isTrue();
            assertThat(d.get("batteryPct").isNull() || (d.get("batteryPct").isInt()
                    && d.get("batteryPct").asInt() >= 0 && d.get("batteryPct").asInt() <= 100)).isTrue();
            assertThat(d.get("lastSeenAt").isNull() || Instant.parse(d.get("lastSeenAt").asText()) != null).isTrue();
            assertThat(d.get("stale").isBoolean()).isTrue();
            assertThat(d.get("attributes").isObject()).isTrue();
            for (JsonNode a : d.get("alerts")) {
                assertThat(a.get("code").asText()).matches("[A-Z][A-Z0-9_]+");
                assertThat(Set.of("info", "warning", "critical")).contains(a.get("severity").asText());
                assertThat(a.get("message").asText()).isNotBlank();
            }
        }
    }

    @Test
    @Order(3)
    void requestIdReachesTheSystem() throws Exception {
        String notApplicable = fixture().checksNotApplicable().get("requestIdReachesTheSystem");
        Assumptions.assumeTrue(notApplicable == null, () -> "request id: " + notApplicable);
        ConnectorHealth health = awaitOutcome(Instant.now(), h -> h.ok());
        assertThat(health.requestId()).isNotBlank();
        assertThat(fixture().requestIdsSeen()).contains(health.requestId());
        assertThat(view().get("requestId").asText()).isNotBlank();
    }

    @Test
    @Order(4)
    void inputAndOutputHashesArePresent() throws Exception {
        ConnectorHealth health = awaitOutcome(Instant.now(), h -> h.ok());
        assertThat(ContentHash.isHash(health.inputHash())).as("input hash").isTrue();
        assertThat(ContentHash.isHash(health.outputHash())).as("output hash").isTrue();
    }

    @ParameterizedTest(name = "taxonomy {0}")
    @EnumSource(Fault.class)
    @Order(5)
    void errorTaxonomy(Fault fault) throws Exception {
        String notApplicable = fixture().notApplicable().get(fault);
        Assumptions.assumeTrue(notApplicable == null, () -> fault + ": " + notApplicable);
        awaitHealthy();
        Instant mark = Instant.now();
        inject(fault);
        try {
            ConnectorHealth failed = awaitOutcome(mark, h -> !h.ok());
            assertThat(failed.error()).as(fault + " -> " + failed.errorMessage()).isEqualTo(fault.expected());
            assertThat(failed.availability().wireName()).isIn("degraded", "down");
            JsonNode lastError = view().get("lastError");
            if (lastError.get("kind").asText().equals(fault.expected().name())) {
                assertThat(lastError.get("retryable").asBoolean()).isEqualTo(fault.expected().retryable());
                if (fault == Fault.RATE_LIMITED_429) {
                    assertThat(lastError.get("retryAfterSeconds").asLong()).as("Retry-After").isPositive();
                }
            } else {
                // Only a later call can have replaced it: one the breaker held back, which the fault's failures
                // (with any still in the breaker's window) opened.
                assertThat(lastError.get("kind").asText()).as("the error after " + fault).isEqualTo("UNAVAILABLE");
                assertThat(Instant.parse(lastError.get("at").asText())).isAfter(failed.checkedAt());
                assertThat(board().recentHealth(fixture().connector())).as("outcomes after " + fault)
                        .anyMatch(h -> h.checkedAt().isAfter(failed.checkedAt()) && h.error() == ErrorKind.UNAVAILABLE);
            }
        } finally {
            clear(fault);
        }
        awaitHealthy();
    }

    @Test
    @Order(6)
    void breakerOpensAndRecovers() throws Exception {
        awaitHealthy();
        inject(Fault.SERVER_ERROR_500);
        try {
            JsonNode open = awaitView(c -> "open".equals(c.get("breaker").asText()));
            assertThat(open.get("availability").asText()).isIn("degraded", "down");
            ConnectorHealth held = awaitOutcome(Instant.now(), h -> !h.ok());
            assertThat(held.error()).isEqualTo(ErrorKind.UNAVAILABLE);
        } finally {
            fixture().clearFaults();
        }
        JsonNode recovered = awaitHealthy();
        assertThat(recovered.get("breaker").asText()).isEqualTo("closed");
    }

    @Test
    @Order(7)
    void writeIntentIsRejected() throws Exception {
        ConnectorCalls calls = hub.hub().camel().getRegistry().lookupByNameAndType("connectorCalls", ConnectorCalls.class);
        for (boolean dryRun : new boolean[] {false, true}) {
            assertThatThrownBy(() -> calls.execute(fixture().connector(), Intent.WRITE, dryRun, "contract-write"))
                    .isInstanceOfSatisfying(ConnectorFailure.class,
                            f -> assertThat(f.kind()).isEqualTo(ErrorKind.READ_ONLY_VIOLATION));
        }
        Map<String, Object> dryRead = calls.execute(fixture().connector(), Intent.READ, true, "contract-read");
        assertThat(dryRead.get("dryRun")).isEqualTo(true);
        assertThat(dryRead).doesNotContainKey("devices");
        awaitLedger("connector.write_refused");
    }

    @Test
    @Order(8)
    void noCredentialAppearsAnywhere() throws Exception {
        fixture().exerciseInbound(hub);
        String connectors = hub.get("/api/connectors").body();
        String metrics = hub.get("/metrics").body();
        String ledger = ledgerText();
        String readiness = hub.get("/readyz").body();
        String logs = output.text();
        assertThat(ledger).contains("connector.state_changed");
        assertThat(logs).contains("connector.call_failed");
        for (String credential : fixture().credentials()) {
            assertThat(connectors).as("/api/connectors").doesNotContain(credential);
            assertThat(metrics).as("/metrics").doesNotContain(credential);
            assertThat(ledger).as("the ledger").doesNotContain(credential);
            assertThat(readiness).as("/readyz").doesNotContain(credential);
            assertThat(logs).as("the log").doesNotContain(credential);
        }
        assertThat(logs + connectors + metrics + ledger).doesNotContainPattern("access_token=(?!\\[redacted\\])[^&\\s\"]");
    }

    private void inject(Fault fault) {
        if (fault == Fault.CONNECTION_REFUSED) {
            fixture().stopFake();
        } else {
            fixture().inject(fault);
        }
    }

    private void clear(Fault fault) throws Exception {
        fixture().clearFaults();
        if (fault == Fault.CONNECTION_REFUSED) {
            fixture().startFake();
        }
    }

    private ConnectorBoard board() {
        return hub.hub().camel().getRegistry().lookupByNameAndType("connectorBoard", ConnectorBoard.class);
    }

    private JsonNode view() throws Exception {
        JsonNode answer = TestHub.json(hub.get("/api/connectors"));
        for (JsonNode c : answer.get("connectors")) {
            if (fixture().connector().equals(c.get("name").asText())) {
                return c;
            }
        }
        throw new AssertionError("connector " + fixture().connector() + " is not in /api/connectors: " + answer);
    }

    private JsonNode awaitView(Predicate<JsonNode> condition) throws Exception {
        long deadline = System.nanoTime() + WAIT.toNanos();
        JsonNode last = null;
        while (System.nanoTime() < deadline) {
            fixture().triggerRead(hub);
            last = view();
            if (condition.test(last)) {
                return last;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("the connector never reached the expected state; last: " + last);
    }

    private JsonNode awaitHealthy() throws Exception {
        return awaitView(c -> "healthy".equals(c.get("availability").asText())
                && "closed".equals(c.get("breaker").asText()));
    }

    /** The first recorded outcome after {@code mark} that satisfies the condition. */
    private ConnectorHealth awaitOutcome(Instant mark, Predicate<ConnectorHealth> condition) throws Exception {
        long deadline = System.nanoTime() + WAIT.toNanos();
        ConnectorHealth last = null;
        while (System.nanoTime() < deadline) {
            fixture().triggerRead(hub);
            // Every outcome since the mark, in order: two calls close together (a timer catching up) both count.
            for (ConnectorHealth outcome : board().recentHealth(fixture().connector())) {
                last = outcome;
                if (outcome.checkedAt().isAfter(mark) && condition.test(outcome)) {
                    return outcome;
                }
            }
            Thread.sleep(50);
        }
        throw new AssertionError("no matching call outcome; last: " + last);
    }

    /** Every ledger event of this hub, each row as JSON text. */
    private String ledgerText() throws Exception {
        StringBuilder text = new StringBuilder();
        try (java.sql.Connection c = hub.hub().database().dataSource().getConnection();
             java.sql.Statement s = c.createStatement();
             java.sql.ResultSet rs = s.executeQuery("select row_to_json(e)::text from audit_events e order by seq")) {
            while (rs.next()) {
                text.append(rs.getString(1)).append('\n');
            }
        }
        return text.toString();
    }

    private void awaitLedger(String action) throws Exception {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            if (ledgerText().contains("\"" + action + "\"")) {
                return;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("the ledger has no " + action);
    }
}
