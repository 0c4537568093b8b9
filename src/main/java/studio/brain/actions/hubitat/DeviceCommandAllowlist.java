package studio.brain.actions.hubitat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;
import studio.brain.gate.GateException;
import studio.brain.gate.ReasonCode;
import studio.brain.gate.capability.JsonSchemas;
import studio.brain.hash.CanonicalJson;

/**
 * {@code policies/device-commands.yaml}: the devices the Hubitat pilot may switch (lamps, fans, relays) and the
 * commands each may get (on, off). Checked against its schema when loaded; a bad file is refused whole.
 */
public final class DeviceCommandAllowlist {
    public static final String FILE_NAME = "device-commands.yaml";

    /** One allowlisted device. */
    public record Device(String id, String label, String kind, Set<String> commands) {
    }

    private final String version;
    private final Map<String, Device> devices;

    private DeviceCommandAllowlist(String version, Map<String, Device> devices) {
        this.version = version;
        this.devices = Map.copyOf(devices);
    }

    /** Loads and checks the file; the exception's message names every problem. */
    public static DeviceCommandAllowlist load(Path policiesDir) throws DeviceCommandsException {
        Path file = policiesDir.resolve(FILE_NAME);
        Path schemaFile = policiesDir.resolve("schema/device-commands.schema.json");
        JsonNode document;
        JsonNode schema;
        try {
            Object yaml = new Load(LoadSettings.builder().build()).loadFromString(Files.readString(file));
            document = CanonicalJson.mapper().valueToTree(yaml);
            schema = CanonicalJson.mapper().readTree(Files.readString(schemaFile));
        } catch (IOException | RuntimeException e) {
            throw new DeviceCommandsException(file + ": cannot read it as YAML (" + e.getClass().getSimpleName() + ")");
        }
        List<String> problems = new ArrayList<>();
        for (JsonSchemas.Violation v : JsonSchemas.check(JsonSchemas.compile(schema), document)) {
            problems.add(JsonSchemas.pointer(v.path()) + ": " + v.message());
        }
        Map<String, Device> devices = new LinkedHashMap<>();
        if (problems.isEmpty()) {
            for (JsonNode d : document.get("devices")) {
                Set<String> commands = new TreeSet<>();
                d.get("commands").forEach(c -> commands.add(c.asText()));
                Device device = new Device(d.get("id").asText(), d.get("label").asText(), d.get("kind").asText(),
                        commands);
                if (devices.put(device.id(), device) != null) {
                    problems.add("/devices: device " + device.id() + " is listed twice");
                }
            }
        }
        if (!problems.isEmpty()) {
            throw new DeviceCommandsException(file + ": " + String.join("; ", problems));
        }
        return new DeviceCommandAllowlist(document.get("version").asText(), devices);
    }

    public String version() {
        return version;
    }

    public Optional<Device> device(String id) {
        return Optional.ofNullable(devices.get(id));
    }

    /** The execution-time check: the device is listed and the command is one it may get. */
    public Device require(String deviceId, String command) {
        Device device = device(deviceId).orElseThrow(() -> new GateException(ReasonCode.DEVICE_NOT_ALLOWED,
                "device " + deviceId + " is not on " + FILE_NAME));
        if (!device.commands().contains(command)) {
            throw new GateException(ReasonCode.COMMAND_NOT_ALLOWED, "device " + deviceId + " (" + device.kind()
                    + ") may not get the command " + command);
        }
        return device;
    }

    /** Why a file was refused. */
    public static final class DeviceCommandsException extends Exception {
        public DeviceCommandsException(String message) {
            super(message);
        }
    }
}
