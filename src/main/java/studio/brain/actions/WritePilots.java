package studio.brain.actions;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.camel.CamelContext;
import org.apache.camel.Processor;
import java.net.URI;
import studio.brain.actions.hubitat.DeviceCommandAllowlist;
import studio.brain.actions.hubitat.HubitatCommands;
import studio.brain.actions.opsnote.OpsNotes;
import studio.brain.gate.ExecutionService;
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
    static final String HUBITAT_COMMAND = "hubitat.device.command";
    /**
     * How long a switched device has to show its new state before the outcome is unknown, in Maker API call time
     * limits: long enough for a Zigbee or Z-Wave report to come back, short enough for staff to wait for.
     */
    static final int HUBITAT_CONFIRM_CALLS = 4;

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
                                    ProposalRollbacks rollbacks, ExecutionService execution,
                                    Map<String, String> started) {
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
        started.put(HUBITAT_COMMANDS_ENABLED, Boolean.toString(wireHubitatCommands(camel, config, sentGrantCheck,
                rollbacks, execution, problems)));
        return problems;
    }

    /** Whether the configuration asks for the Hubitat command pilot (writes on, the pilot on, the Maker API set). */
    public static boolean hubitatCommandsWanted(HubConfig config) {
        return config.writesEnabled() && config.pilots().hubitatCommandsEnabled()
                && config.devices().hubitat().configured();
    }

    private static boolean wireHubitatCommands(CamelContext camel, HubConfig config, Processor sentGrantCheck,
                                               ProposalRollbacks rollbacks, ExecutionService execution,
                                               List<String> problems) {
        if (!hubitatCommandsWanted(config)) {
            if (config.pilots().hubitatCommandsEnabled() && !config.devices().hubitat().configured()) {
                problems.add("Hubitat command pilot off: the Maker API is not configured");
            }
            return false;
        }
        DeviceCommandAllowlist allowlist;
        try {
            allowlist = DeviceCommandAllowlist.load(config.policiesDir());
        } catch (DeviceCommandAllowlist.DeviceCommandsException e) {
            problems.add("Hubitat command pilot off: " + e.getMessage());
            return false;
        }
        HubConfig.HubitatSettings hubitat = config.devices().hubitat();
        camel.getRegistry().bind("hubitatCommands", new HubitatCommands(URI.create(hubitat.url().orElseThrow()),
                hubitat.appId().orElseThrow(), hubitat.accessToken().orElseThrow(), hubitat.timeout(),
                hubitat.timeout().multipliedBy(HUBITAT_CONFIRM_CALLS), allowlist, sentGrantCheck));
        // Checked again at execution, before the grant is spent: the allowlist may have changed since the approval.
        execution.registerCheck(HUBITAT_COMMAND, (input, target) -> allowlist.require(input.path("deviceId").asText(),
                input.path("command").asText()));
        rollbacks.register(HUBITAT_COMMAND, WritePilots::reverseTheCommand);
        return true;
    }

    /** A switch is undone by the opposite switch, as its own approved proposal. */
    private static RollbackPlanner.Plan reverseTheCommand(RollbackPlanner.Executed original) {
        String command = original.input().path("command").asText();
        ObjectNode input = CanonicalJson.mapper().createObjectNode();
        input.put("deviceId", original.input().path("deviceId").asText());
        input.put("command", "on".equals(command) ? "off" : "on");
        return new RollbackPlanner.Plan(HUBITAT_COMMAND, original.target(), input,
                "Switch " + original.resource() + " back " + input.get("command").asText());
    }

    /** An appended note is undone by deleting exactly that note: its id is the execution's idempotency key. */
    private static RollbackPlanner.Plan deleteTheNote(RollbackPlanner.Executed original) {
        ObjectNode input = CanonicalJson.mapper().createObjectNode();
        input.put("noteId", GrantToken.idempotencyKeyFor(original.proposalId(), original.capabilityId()));
        return new RollbackPlanner.Plan(OPS_NOTE_DELETE, original.target(), input,
                "Delete the ops note " + original.resource());
    }
}
