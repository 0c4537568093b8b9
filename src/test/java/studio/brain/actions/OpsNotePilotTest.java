package studio.brain.actions;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import studio.brain.cloud.FakeFirestoreHandle;
import studio.brain.gate.GrantToken;
import studio.brain.testing.TestHub;
import studio.brain.web.api.ApiHub;

/**
 * The ops-note write pilot end to end, against the in-process Firestore fake that records every write: an agent
 * proposes a note, staff approve it, look at its dry run and execute it — the note is written once, with its proposal
 * id and approver — and an approved rollback deletes exactly that note. A replayed grant writes nothing; a Firestore
 * that does not answer in time leaves the outcome unknown, never retried, with a drift check for staff.
 */
class OpsNotePilotTest {
    private static final String APPEND = "firestore.ops_note.append";
    private static final String DELETE = "firestore.ops_note.delete";

    @TempDir
    static Path work;
    static FakeFirestoreHandle firestore;
    static ApiHub api;
    static String agent;

    @BeforeAll
    static void start() throws Exception {
        firestore = FakeFirestoreHandle.start();
        Map<String, String> env = TestHub.env(work);
        env.put("STUDIO_BRAIN_WRITES_ENABLED", "true");
        env.put("STUDIO_BRAIN_FIRESTORE_PROJECT_ID", "demo-studio");
        env.put("FIRESTORE_EMULATOR_HOST", firestore.hostPort());
        env.put("STUDIO_BRAIN_OPS_NOTES_COLLECTION", "studioOpsNotes");
        env.put("STUDIO_BRAIN_CLOUD_READ_TIMEOUT_SECONDS", "2");
        env.put("STUDIO_BRAIN_POLICIES_DIR", PilotHubs.policiesEnabling(work, APPEND, DELETE).toString());
        PilotHubs.routes(work, "ops-note-pilot.camel.yaml");
        api = ApiHub.start(env);
        agent = api.agent("member-ana", "agent-shelf-bot", "capability:" + APPEND + ":propose");
    }

    @AfterAll
    static void stop() {
        if (api != null) {
            api.close();
        }
        if (firestore != null) {
            firestore.close();
        }
    }

    @Test
    void anApprovedNoteIsWrittenOnceAndAnApprovedRollbackRemovesExactlyIt() throws Exception {
        String id = propose("Shelf 3 in kiln 2 is cracked; do not load it until replaced");
        String grant = approve(id, "The crack is confirmed on the photo from this morning");

        // Medium risk: no execution before staff have looked at the dry run.
        ApiHub.Answer early = api.post("/api/proposals/" + id + "/execute", api.staff(), ApiHub.json("grant", grant));
        assertThat(early.code()).as(early.body()).isEqualTo("DRY_RUN_REQUIRED");
        ApiHub.Answer dryRun = api.post("/api/proposals/" + id + "/dry-run", api.staff(), ApiHub.json());
        assertThat(dryRun.status()).as(dryRun.body()).isEqualTo(200);
        assertThat(dryRun.json().at("/preview/change").asText()).isEqualTo("create");
        assertThat(firestore.appliedWrites()).isEmpty();

        ApiHub.Answer executed = api.post("/api/proposals/" + id + "/execute", api.staff(), ApiHub.json("grant", grant));
        assertThat(executed.status()).as(executed.body()).isEqualTo(200);
        assertThat(executed.json().get("status").asText()).isEqualTo("executed");
        String noteId = GrantToken.idempotencyKeyFor(java.util.UUID.fromString(id), APPEND);
        assertThat(firestore.appliedWrites()).containsExactly("update studioOpsNotes/" + noteId);
        Map<String, Object> note = firestore.document("studioOpsNotes/" + noteId);
        assertThat(note).containsEntry("proposalId", id).containsEntry("writtenBy", "studio-brain")
                .containsEntry("text", "Shelf 3 in kiln 2 is cracked; do not load it until replaced");
        assertThat(note.get("approvedBy")).isNotNull();

        // A replayed grant writes nothing.
        ApiHub.Answer replay = api.post("/api/proposals/" + id + "/execute", api.staff(), ApiHub.json("grant", grant));
        assertThat(replay.status()).isEqualTo(409);
        assertThat(firestore.appliedWrites()).hasSize(1);

        // The rollback is a proposal of its own, approved and executed like any other.
        ApiHub.Answer asked = api.post("/api/proposals/" + id + "/rollback", api.staff(),
                ApiHub.json("rationale", "The shelf was replaced, the warning no longer applies"));
        assertThat(asked.status()).as(asked.body()).isEqualTo(202);
        String rollback = asked.json().get("rollbackProposalId").asText();
        String rollbackGrant = approve(rollback, "Removing the outdated shelf warning is right");
        ApiHub.Answer rollbackPreview = api.post("/api/proposals/" + rollback + "/dry-run", api.staff(), ApiHub.json());
        assertThat(rollbackPreview.json().at("/preview/change").asText()).as(rollbackPreview.body()).isEqualTo("delete");
        ApiHub.Answer undone = api.post("/api/proposals/" + rollback + "/execute", api.staff(),
                ApiHub.json("grant", rollbackGrant));
        assertThat(undone.status()).as(undone.body()).isEqualTo(200);
        assertThat(firestore.document("studioOpsNotes/" + noteId)).isNull();
        assertThat(firestore.appliedWrites()).containsExactly("update studioOpsNotes/" + noteId,
                "delete studioOpsNotes/" + noteId);
        assertThat(api.get("/api/proposals/" + id, api.staff()).json().at("/proposal/status").asText())
                .isEqualTo("rolled_back");

        List<String> trail = api.auditActions("correlationId=" + id);
        assertThat(trail).contains("dry_run.generated", "execution.requested", "execution.succeeded",
                "rollback.invoked", "proposal.rolled_back", "proposal.execute_refused");
    }

    @Test
    void aFirestoreThatDoesNotAnswerLeavesTheOutcomeUnknownAndNothingIsRetried() throws Exception {
        String id = propose("Glaze bucket 4 is contaminated with iron; relabel before use");
        String grant = approve(id, "The contamination shows on the test tiles, note it");
        assertThat(api.post("/api/proposals/" + id + "/dry-run", api.staff(), ApiHub.json()).status()).isEqualTo(200);
        int commitsBefore = firestore.calls("Commit");
        firestore.delay("studioOpsNotes", Duration.ofSeconds(6));
        try {
            ApiHub.Answer slow = api.post("/api/proposals/" + id + "/execute", api.staff(), ApiHub.json("grant", grant));
            assertThat(slow.status()).as(slow.body()).isEqualTo(502);
            assertThat(slow.code()).isEqualTo("OUTCOME_UNKNOWN");
        } finally {
            firestore.reset();
        }
        assertThat(firestore.calls("Commit") - commitsBefore).isLessThanOrEqualTo(1);
        assertThat(api.get("/api/proposals/" + id, api.staff()).json().at("/proposal/status").asText())
                .isEqualTo("failed");
        ApiHub.Answer again = api.post("/api/proposals/" + id + "/execute", api.staff(), ApiHub.json("grant", grant));
        assertThat(again.status()).isEqualTo(409);
        assertThat(api.auditActions("action=proposal.created").size()).isGreaterThanOrEqualTo(2);
        ApiHub.Answer drift = api.get("/api/proposals?capability=ops.recommendation", api.staff());
        assertThat(drift.body()).contains("outcome of " + APPEND + " is unknown");
    }

    private String propose(String text) throws Exception {
        ApiHub.Answer created = api.post("/api/proposals", agent, ApiHub.json("capabilityId", APPEND,
                "target", "studioOpsNotes", "targetOwnerUid", "member-ana", "input", ApiHub.json("text", text),
                "rationale", "Staff should see this on the ops board before the next firing"));
        assertThat(created.status()).as(created.body()).isEqualTo(202);
        return created.json().get("proposalId").asText();
    }

    private String approve(String id, String rationale) throws Exception {
        ApiHub.Answer approved = api.post("/api/proposals/" + id + "/approve", api.staff(),
                ApiHub.json("rationale", rationale));
        assertThat(approved.status()).as(approved.body()).isEqualTo(200);
        return approved.json().get("grant").asText();
    }
}
