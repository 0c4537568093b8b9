package studio.brain.assist;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import studio.brain.gate.Actor;
import studio.brain.gate.ProposalGate;
import studio.brain.gate.ProposalRequest;
import studio.brain.gate.RegistryCatalog;
import studio.brain.gate.capability.Approval;
import studio.brain.gate.capability.Capability;
import studio.brain.gate.capability.ReloadableCapabilities;
import studio.brain.hash.CanonicalJson;
import studio.brain.ledger.Ledger;
import studio.brain.ledger.SigningKey;
import studio.brain.outbox.Outbox;
import studio.brain.testing.TestDatabase;

/**
 * No path from the assistive routes reaches anything without a staff approval: the routes propose only draft
 * capabilities that require approval (checked on the route files themselves), and whatever a scan drafts — any
 * text, any numbers — the repository's gate answers "waiting for staff" or a refusal, never an approval or a grant.
 */
class AssistStaysDraftOnlyProperties {
    private static final List<String> ASSIST_ROUTES = List.of("routes/ops-anomaly-scan.camel.yaml",
            "routes/finance-reconciliation.camel.yaml", "routes/marketing-drafts.camel.yaml");
    private static final Set<String> DRAFTS = Set.of("ops.recommendation", "finance.flag", "marketing.draft");

    private static TestDatabase db;
    private static Ledger ledger;
    private static ProposalGate gate;
    private static ReloadableCapabilities capabilities;

    @BeforeContainer
    static void start() throws Exception {
        db = new TestDatabase();
        SigningKey key = SigningKey.loadOrCreate(Files.createTempDirectory("assist"), "studio-brain.local/studio-main");
        ledger = new Ledger(() -> db.hub, Clock.systemUTC(), key, 10_000, Duration.ofHours(1));
        capabilities = new ReloadableCapabilities(Path.of("policies/capabilities.yaml"));
        // Writes enabled: the strictest setting for this promise, since anchor mode would refuse writes anyway.
        gate = new ProposalGate(() -> db.hub, Clock.systemUTC(), ledger, new Outbox(Clock.systemUTC()),
                new RegistryCatalog(capabilities), "studio-main", true, key);
    }

    @AfterContainer
    static void stop() {
        gate.close();
        ledger.close();
        db.close();
    }

    @Example
    void theAssistRoutesProposeOnlyDraftCapabilitiesThatNeedApproval() throws Exception {
        Pattern proposes = Pattern.compile("name: StudioBrainCapability\\s+constant: ([a-z_.]+)");
        for (String route : ASSIST_ROUTES) {
            Matcher m = proposes.matcher(Files.readString(Path.of(route)));
            int found = 0;
            while (m.find()) {
                found++;
                String capability = m.group(1);
                assertThat(DRAFTS).as(route).contains(capability);
                Capability declared = capabilities.current().find(capability).orElseThrow();
                assertThat(declared.approval()).as(capability).isEqualTo(Approval.REQUIRED);
                assertThat(declared.exemptable()).as(capability).isFalse();
            }
            assertThat(found).as(route + " proposes through the gate").isPositive();
            assertThat(Files.readString(Path.of(route))).as(route).doesNotContain("direct:execute-");
        }
    }

    @Property(tries = 60)
    void whateverAScanDraftsWaitsForStaff(@ForAll("drafts") ProposalRequest draft) throws Exception {
        ProposalGate.Outcome outcome = gate.submit(Actor.system("ops-anomaly-scan-run", "studio-main"), draft, "prop");
        assertThat(outcome.grant()).isNull();
        if (outcome.allowed()) {
            assertThat(outcome.status()).isEqualTo("pending_approval");
        }
    }

    @Provide
    Arbitrary<ProposalRequest> drafts() {
        Arbitrary<String> text = Arbitraries.strings().withCharRange(' ', '~').ofMinLength(1).ofMaxLength(180);
        Arbitrary<String> capability = Arbitraries.of(DRAFTS);
        Arbitrary<String> kind = Arbitraries.of("paid_not_recorded", "duplicate_charge", "payout_gap", "other");
        return Combinators.combine(capability, text, text, kind).as((cap, summary, note, k) -> {
            Map<String, Object> input = switch (cap) {
                case "ops.recommendation" -> Map.of("summary", summary, "details", note);
                case "finance.flag" -> Map.of("kind", k, "note", note);
                default -> Map.of("channel", "newsletter", "title", summary.substring(0, Math.min(100,
                        summary.length())), "body", note);
            };
            return new ProposalRequest(cap, "studio-main", "assist:" + cap, null,
                    CanonicalJson.mapper().valueToTree(input), "A scan found this and staff should look at it",
                    null, List.of(), null);
        });
    }
}
