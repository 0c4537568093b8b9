package studio.brain.actions;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import studio.brain.devices.hubitat.FakeMakerApi;
import studio.brain.devices.hubitat.HubitatHubFixture;
import studio.brain.testing.Ports;
import studio.brain.web.api.ApiHub;

/**
 * The Hubitat command pilot end to end, against the fake Maker API that records every request: an approved switch
 * of an allowlisted outlet runs once after its dry run and is confirmed by reading the device back; its rollback is
 * the reverse command. A device off the allowlist, a command the device may not get, and a device that never shows
 * the change are refused or left unknown — with their reason codes in the ledger and no second command.
 */
class HubitatCommandPilotTest {
    private static final String COMMAND = "hubitat.device.command";

    @TempDir
    static Path work;
    static FakeMakerApi maker;
    static ApiHub api;
    static String agent;

    @BeforeAll
    static void start() throws Exception {
        maker = new FakeMakerApi(HubitatHubFixture.TOKEN, Ports.free()).start();
        Map<String, String> env = HubitatHubFixture.env(work, maker);
        env.put("STUDIO_BRAIN_WRITES_ENABLED", "true");
        env.put("STUDIO_BRAIN_HUBITAT_COMMANDS_ENABLED", "true");
        Path policies = PilotHubs.policiesEnabling(work, COMMAND);
        Files.writeString(policies.resolve("device-commands.yaml"), """
                version: "test-1"
                devices:
                  - id: "7"
                    label: Glaze room outlet (kiln vent relay)
                    kind: relay
                    commands: ["on", "off"]
                  - id: "5"
                    label: Kiln room extractor fan
                    kind: fan
                    commands: ["on"]
                """);
        env.put("STUDIO_BRAIN_POLICIES_DIR", policies.toString());
        PilotHubs.routes(work, "hubitat-command-pilot.camel.yaml");
        api = ApiHub.start(env);
        agent = api.agent("member-ana", "agent-kiln-bot", "capability:" + COMMAND + ":propose");
    }

    @AfterAll
    static void stop() {
        if (api != null) {
            api.close();
        }
        if (maker != null) {
            maker.close();
        }
    }

    @BeforeEach
    void outletOn() {
        maker.mode(FakeMakerApi.Mode.OK);
        maker.ignoreCommands(false);
    }

    @Test
    void anApprovedSwitchRunsOnceIsReadBackAndItsRollbackSwitchesBack() throws Exception {
        String id = propose("7", maker.outletSwitch().equals("on") ? "off" : "on");
        String target = api.get("/api/proposals/" + id, api.staff()).json().at("/proposal/input/command").asText();
        String grant = approve(id);
        assertThat(api.post("/api/proposals/" + id + "/execute", api.staff(), ApiHub.json("grant", grant)).code())
                .isEqualTo("DRY_RUN_REQUIRED");
        ApiHub.Answer preview = api.post("/api/proposals/" + id + "/dry-run", api.staff(), ApiHub.json());
        assertThat(preview.status()).as(preview.body()).isEqualTo(200);
        assertThat(preview.json().at("/preview/expected/switch").asText()).isEqualTo(target);
        assertThat(preview.json().at("/preview/change").asText()).contains("-> " + target);
        long commandsBefore = maker.commandsSent();

        ApiHub.Answer executed = api.post("/api/proposals/" + id + "/execute", api.staff(), ApiHub.json("grant", grant));
        assertThat(executed.status()).as(executed.body()).isEqualTo(200);
        assertThat(maker.outletSwitch()).isEqualTo(target);
        assertThat(maker.commandsSent() - commandsBefore).isEqualTo(1);
        assertThat(api.post("/api/proposals/" + id + "/execute", api.staff(), ApiHub.json("grant", grant)).status())
                .isEqualTo(409);
        assertThat(maker.commandsSent() - commandsBefore).isEqualTo(1);
        ApiHub.Answer detail = api.get("/api/proposals/" + id, api.staff());
        assertThat(detail.body()).contains("execution.succeeded").contains("hubitat:device/7");

        ApiHub.Answer asked = api.post("/api/proposals/" + id + "/rollback", api.staff(),
                ApiHub.json("rationale", "The glaze room needs the outlet back as it was"));
        assertThat(asked.status()).as(asked.body()).isEqualTo(202);
        String rollback = asked.json().get("rollbackProposalId").asText();
        String rollbackGrant = approve(rollback);
        assertThat(api.post("/api/proposals/" + rollback + "/dry-run", api.staff(), ApiHub.json()).status()).isEqualTo(200);
        ApiHub.Answer undone = api.post("/api/proposals/" + rollback + "/execute", api.staff(),
                ApiHub.json("grant", rollbackGrant));
        assertThat(undone.status()).as(undone.body()).isEqualTo(200);
        assertThat(maker.outletSwitch()).isEqualTo("on".equals(target) ? "off" : "on");
        assertThat(api.get("/api/proposals/" + id, api.staff()).json().at("/proposal/status").asText())
                .isEqualTo("rolled_back");
    }

    @Test
    void aDeviceOffTheAllowlistOrACommandItMayNotGetIsRefusedWithItsReason() throws Exception {
        long commandsBefore = maker.commandsSent();
        String offList = propose("12", "on");
        ApiHub.Answer refused = api.post("/api/proposals/" + offList + "/execute", api.staff(),
                ApiHub.json("grant", approve(offList)));
        assertThat(refused.status()).as(refused.body()).isEqualTo(403);
        assertThat(refused.code()).isEqualTo("DEVICE_NOT_ALLOWED");

        String notAllowed = propose("5", "off");
        ApiHub.Answer command = api.post("/api/proposals/" + notAllowed + "/execute", api.staff(),
                ApiHub.json("grant", approve(notAllowed)));
        assertThat(command.code()).as(command.body()).isEqualTo("COMMAND_NOT_ALLOWED");

        assertThat(maker.commandsSent()).isEqualTo(commandsBefore);
        assertThat(api.get("/api/proposals/" + offList, api.staff()).body()).contains("DEVICE_NOT_ALLOWED");
        assertThat(api.get("/api/proposals/" + notAllowed, api.staff()).body()).contains("COMMAND_NOT_ALLOWED");
    }

    @Test
    void aDeviceThatNeverShowsTheChangeLeavesTheOutcomeUnknownAndIsNotCommandedAgain() throws Exception {
        maker.ignoreCommands(true);
        String before = maker.outletSwitch();
        String id = propose("7", "on".equals(before) ? "off" : "on");
        String grant = approve(id);
        assertThat(api.post("/api/proposals/" + id + "/dry-run", api.staff(), ApiHub.json()).status()).isEqualTo(200);
        long commandsBefore = maker.commandsSent();
        ApiHub.Answer unknown = api.post("/api/proposals/" + id + "/execute", api.staff(), ApiHub.json("grant", grant));
        assertThat(unknown.status()).as(unknown.body()).isEqualTo(502);
        assertThat(unknown.code()).isEqualTo("OUTCOME_UNKNOWN");
        assertThat(maker.commandsSent() - commandsBefore).isEqualTo(1);
        assertThat(maker.outletSwitch()).isEqualTo(before);
        assertThat(api.get("/api/proposals?capability=ops.recommendation", api.staff()).body())
                .contains("Check hubitat:device/7");
    }

    /** Each test names its own target: identical proposals within the capability's cooldown are duplicates. */
    private String propose(String deviceId, String command) throws Exception {
        String caller = StackWalker.getInstance().walk(frames -> frames.skip(1).findFirst().orElseThrow())
                .getMethodName();
        ApiHub.Answer created = api.post("/api/proposals", agent, ApiHub.json("capabilityId", COMMAND,
                "target", "hubitat:device/" + deviceId + " (" + caller + ")", "targetOwnerUid", "member-ana",
                "input", ApiHub.json("deviceId", deviceId, "command", command),
                "rationale", "The kiln room needs its ventilation changed for the glaze firing"));
        assertThat(created.status()).as(created.body()).isEqualTo(202);
        return created.json().get("proposalId").asText();
    }

    private String approve(String id) throws Exception {
        ApiHub.Answer approved = api.post("/api/proposals/" + id + "/approve", api.staff(),
                ApiHub.json("rationale", "Checked with the kiln tech, the change is safe now"));
        assertThat(approved.status()).as(approved.body()).isEqualTo(200);
        return approved.json().get("grant").asText();
    }
}
