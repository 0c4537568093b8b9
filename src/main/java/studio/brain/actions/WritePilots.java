package studio.brain.actions;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.camel.CamelContext;
import org.apache.camel.Processor;
import studio.brain.actions.opsnote.OpsNotes;
import studio.brain.cloud.CloudReadException;
import studio.brain.cloud.FirestoreClients;
import studio.brain.config.HubConfig;
import studio.brain.gate.GrantToken;
import studio.brain.gate.ProposalRollbacks;
import studio.brain.gate.RollbackPlanner;
import studio.brain.hash.CanonicalJson;

/**
 * Wires the write pilots the configuration switches on, and only those: their write clients (by name, for their
 * action Kamelets and dry-run routes) and how each is rolled back. The routes in {@code routes/} start only when
 * {@link #OPS_NOTES_ENABLED} is true.
 */
public final class WritePilots {
    /** Route property: the ops-note pilot's routes start only when this is true. */
    public static final String OPS_NOTES_ENABLED = "studio.brain.pilots.ops-notes.enabled";
    /** Route property: the Hubitat command pilot's routes start only when this is true. */
    public static final String HUBITAT_COMMANDS_ENABLED = "studio.brain.pilots.hubitat-commands.enabled";
    static final String OPS_NOTE_APPEND = "firestore.ops_note.append";
    static final String OPS_NOTE_DELETE = "firestore.ops_note.delete";

    private WritePilots() {
    }

    /** Whether the configuration asks for the ops-note pilot (writes on, a collection, a Firestore project). */
    public static boolean opsNotesWanted(HubConfig config) {
        return config.writesEnabled() && config.pilots().opsNotesCollection().isPresent()
                && config.firestoreProjectId().isPresent();
    }

    /**
     * Binds the wanted pilots' beans; answers the problems (a pilot that cannot start stays off, and says why).
     * {@code started} receives each pilot's route property and whether its routes may start.
     */
    public static List<String> wire(CamelContext camel, HubConfig config, Clock clock, Processor sentGrantCheck,
                                    ProposalRollbacks rollbacks, Map<String, String> started) {
        List<String> problems = new ArrayList<>();
        boolean opsNotes = false;
        if (opsNotesWanted(config)) {
            try {
                Map<String, String> env = config.cloud().firestoreEmulatorHost()
                        .map(host -> Map.of(FirestoreClients.EMULATOR_HOST_VARIABLE, host)).orElse(Map.of());
                // One attempt per call: a write that may have happened is never sent again by the client.
                camel.getRegistry().bind("opsNotes", new OpsNotes(FirestoreClients.open(config.firestoreProjectId()
                        .orElseThrow(), config.cloud().readTimeout(), 1, env), config.pilots().opsNotesCollection()
                        .orElseThrow(), config.cloud().readTimeout(), clock, sentGrantCheck));
                rollbacks.register(OPS_NOTE_APPEND, WritePilots::deleteTheNote);
                opsNotes = true;
            } catch (CloudReadException e) {
                problems.add("ops-note pilot off: cannot open the Firestore client (" + e.kind() + ")");
            }
        }
        started.put(OPS_NOTES_ENABLED, Boolean.toString(opsNotes));
        return problems;
    }

    /** An appended note is undone by deleting exactly that note: its id is the execution's idempotency key. */
    private static RollbackPlanner.Plan deleteTheNote(RollbackPlanner.Executed original) {
        ObjectNode input = CanonicalJson.mapper().createObjectNode();
        input.put("noteId", GrantToken.idempotencyKeyFor(original.proposalId(), original.capabilityId()));
        return new RollbackPlanner.Plan(OPS_NOTE_DELETE, original.target(), input,
                "Delete the ops note " + original.resource());
    }
}
