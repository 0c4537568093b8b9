package studio.brain.actions.opsnote;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.cloud.firestore.DocumentReference;
import com.google.cloud.firestore.DocumentSnapshot;
import com.google.cloud.firestore.Firestore;
import com.google.cloud.firestore.Precondition;
import io.grpc.Status;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Pattern;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import studio.brain.cloud.CloudReadException;
import studio.brain.cloud.FirestoreErrors;
import studio.brain.devices.ConnectorFailure;
import studio.brain.devices.ErrorKind;
import studio.brain.gate.GrantToken;
import studio.brain.hash.CanonicalJson;
import studio.brain.hash.ContentHash;

/**
 * The ops-note write pilot: appends a staff-visible note to one configured Firestore collection, and deletes exactly
 * such a note as its rollback. The document id is the execution's idempotency key, and the note is created with
 * "must not exist", so a replay finds its own note instead of writing a second one. The collection comes from
 * configuration, never from a proposal's input. Each call is tried once: a timeout is an unknown outcome for the
 * gate to record, not something to send again.
 *
 * <p>Called by the action Kamelet {@code firestore-ops-note-action} (append, delete) on an execution route, and
 * directly by the dry-run routes (preview-append, preview-delete), which only read.
 */
public final class OpsNotes {
    static final String CONNECTOR = "firestore-ops-notes";
    private static final Pattern NOTE_ID = Pattern.compile("[A-Za-z0-9_-]{1,128}");

    private final Firestore firestore;
    private final String collection;
    private final Duration timeout;
    private final Clock clock;
    private final Processor sentGrantCheck;

    /**
     * @param sentGrantCheck the gate's check that this exchange is a guarded execution whose one send is marked;
     *                       append and delete run it first, so calling this bean from any other route writes nothing
     */
    public OpsNotes(Firestore firestore, String collection, Duration timeout, Clock clock, Processor sentGrantCheck) {
        this.sentGrantCheck = Objects.requireNonNull(sentGrantCheck, "sentGrantCheck");
        this.firestore = Objects.requireNonNull(firestore, "firestore");
        if (collection == null || !NOTE_ID.matcher(collection).matches()) {
            throw new IllegalArgumentException("the ops-notes collection must be a plain collection id");
        }
        this.collection = collection;
        this.timeout = timeout;
        this.clock = clock;
    }

    public String collection() {
        return collection;
    }

    /** What an append would write, and whether the note already exists (a replay). Reads only. */
    public String previewAppend(Exchange exchange) throws Exception {
        UUID proposal = UUID.fromString(header(exchange, "StudioBrainProposalId"));
        String key = GrantToken.idempotencyKeyFor(proposal, header(exchange, "StudioBrainCapability"));
        DocumentSnapshot existing = read(firestore.collection(collection).document(key));
        Map<String, Object> preview = new LinkedHashMap<>();
        preview.put("change", existing.exists() ? "none: the note already exists" : "create");
        preview.put("resource", resource(key));
        preview.put("fields", Map.of("proposalId", proposal.toString(), "text", input(exchange).path("text").asText()));
        preview.put("current", existing.exists() ? existing.getData() : null);
        return CanonicalJson.of(preview);
    }

    /** Creates the note once; answers where it lives and its pre and post hashes. */
    public String append(Exchange exchange) throws Exception {
        sentGrantCheck.process(exchange);
        String key = header(exchange, "Idempotency-Key");
        String proposal = header(exchange, "StudioBrainProposalId");
        Map<String, Object> note = new LinkedHashMap<>();
        note.put("proposalId", proposal);
        note.put("approvalId", header(exchange, "StudioBrainApprovalId"));
        note.put("approvedBy", exchange.getIn().getHeader("StudioBrainApprovedBy", String.class));
        note.put("text", input(exchange).path("text").asText());
        note.put("tenantId", header(exchange, "StudioBrainTenant"));
        note.put("writtenBy", "studio-brain");
        note.put("createdAt", clock.instant().toString());
        DocumentReference doc = firestore.collection(collection).document(key);
        try {
            doc.create(note).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            if (FirestoreErrors.codeIn(e) != Status.Code.ALREADY_EXISTS) {
                throw failure("append", e);
            }
            // A replay of this execution: the note is there already. It must be ours.
            DocumentSnapshot existing = read(doc);
            if (!proposal.equals(existing.getString("proposalId"))) {
                throw new ConnectorFailure(CONNECTOR, ErrorKind.BAD_RESPONSE, "a note with this execution's key "
                        + "belongs to another proposal");
            }
            return answer(key, "absent", existing.getData(), "replay: the note already existed");
        } catch (TimeoutException e) {
            throw new ConnectorFailure(CONNECTOR, ErrorKind.TIMEOUT, "append: no answer within " + timeout);
        }
        return answer(key, "absent", note, null);
    }

    /** What a delete would remove. Reads only. */
    public String previewDelete(Exchange exchange) throws Exception {
        JsonNode input = input(exchange);
        String noteId = noteId(input);
        DocumentSnapshot existing = read(firestore.collection(collection).document(noteId));
        Map<String, Object> preview = new LinkedHashMap<>();
        preview.put("resource", resource(noteId));
        if (!existing.exists()) {
            preview.put("change", "none: no such note");
        } else if (!input.path("rollbackOf").asText().equals(existing.getString("proposalId"))) {
            preview.put("change", "refused: the note belongs to another proposal");
        } else {
            preview.put("change", "delete");
        }
        preview.put("current", existing.exists() ? existing.getData() : null);
        return CanonicalJson.of(preview);
    }

    /**
     * Deletes the note, only if it is the one the rolled-back proposal wrote and nobody changed it since it was read.
     */
    public String delete(Exchange exchange) throws Exception {
        sentGrantCheck.process(exchange);
        JsonNode input = input(exchange);
        String noteId = noteId(input);
        DocumentReference doc = firestore.collection(collection).document(noteId);
        DocumentSnapshot existing = read(doc);
        if (!existing.exists()) {
            throw new ConnectorFailure(CONNECTOR, ErrorKind.BAD_RESPONSE, "no note " + noteId + " to delete");
        }
        if (!input.path("rollbackOf").asText().equals(existing.getString("proposalId"))) {
            throw new ConnectorFailure(CONNECTOR, ErrorKind.BAD_RESPONSE, "note " + noteId
                    + " was not written by the proposal being rolled back");
        }
        try {
            doc.delete(Precondition.updatedAt(existing.getUpdateTime())).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw failure("delete", e);
        } catch (TimeoutException e) {
            throw new ConnectorFailure(CONNECTOR, ErrorKind.TIMEOUT, "delete: no answer within " + timeout);
        }
        return answer(noteId, existing.getData(), "absent", null);
    }

    private DocumentSnapshot read(DocumentReference doc) throws Exception {
        try {
            return doc.get().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw failure("read", e);
        } catch (TimeoutException e) {
            throw new ConnectorFailure(CONNECTOR, ErrorKind.TIMEOUT, "read: no answer within " + timeout);
        }
    }

    private String answer(String key, Object before, Object after, String detail) {
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("resource", resource(key));
        answer.put("preHash", ContentHash.of(before));
        answer.put("postHash", ContentHash.of(after));
        answer.put("outcome", "succeeded");
        answer.put("detail", detail);
        return CanonicalJson.of(answer);
    }

    private String resource(String key) {
        return "firestore:" + collection + "/" + key;
    }

    private static ConnectorFailure failure(String operation, Exception e) {
        CloudReadException mapped = FirestoreErrors.map(e, "ops note " + operation);
        ErrorKind kind = switch (mapped.kind()) {
            case TIMEOUT -> ErrorKind.TIMEOUT;
            case UNAVAILABLE -> ErrorKind.UNAVAILABLE;
            case AUTH -> ErrorKind.AUTH;
            case NOT_FOUND, BAD_REQUEST -> ErrorKind.BAD_RESPONSE;
            case UNKNOWN -> ErrorKind.UNKNOWN;
        };
        return new ConnectorFailure(CONNECTOR, kind, mapped.getMessage());
    }

    private static String noteId(JsonNode input) {
        String id = input.path("noteId").asText("");
        if (!NOTE_ID.matcher(id).matches()) {
            throw new IllegalArgumentException("noteId must be a document id");
        }
        return id;
    }

    private static JsonNode input(Exchange exchange) throws Exception {
        return CanonicalJson.mapper().readTree(exchange.getIn().getBody(String.class));
    }

    private static String header(Exchange exchange, String name) {
        String value = exchange.getIn().getHeader(name, String.class);
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("the execution route did not set " + name);
        }
        return value;
    }
}
