package studio.brain.devices.hubitat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import studio.brain.devices.ConnectorFailure;
import studio.brain.devices.DeviceAlert;
import studio.brain.devices.DeviceAlertPolicy;
import studio.brain.devices.DeviceKind;
import studio.brain.devices.DeviceState;
import studio.brain.devices.ErrorKind;

/** The Maker API's two documented device shapes, and its pushed events, normalized the same way. */
class HubitatNormalizerTest {
    private static final Instant NOW = Instant.parse("2026-11-30T10:00:00Z");
    private final HubitatNormalizer normalizer = new HubitatNormalizer(DeviceAlertPolicy::defaults);

    @Test
    void devicesAllAttributesAsAMapOfTextBecomeTypedReadingsWithKindsAndAlerts() {
        List<DeviceState> devices = normalizer.normalize("hubitat", new FakeMakerApi("t", 0).devicesAll(), NOW, Map.of());
        assertThat(devices).extracting(DeviceState::id).containsExactly("12", "7", "31");
        DeviceState kiln = devices.get(0);
        assertThat(kiln.label()).isEqualTo("Kiln room sensor");
        assertThat(kiln.kind()).isEqualTo(DeviceKind.SENSOR);
        assertThat(kiln.attributes()).containsEntry("temperature", 38.5).containsEntry("humidity", 41L)
                .doesNotContainKey("pressure");
        assertThat(kiln.batteryPct()).isEqualTo(87);
        assertThat(kiln.online()).isTrue();
        assertThat(codes(kiln)).containsExactly("KILN_ROOM_TEMPERATURE_HIGH");
        DeviceState outlet = devices.get(1);
        assertThat(outlet.kind()).isEqualTo(DeviceKind.SWITCH);
        assertThat(outlet.online()).as("healthStatus offline").isFalse();
        assertThat(outlet.attributes()).containsEntry("switch", "on").containsEntry("power", 3.2);
        assertThat(codes(outlet)).containsExactly("DEVICE_OFFLINE");
        DeviceState door = devices.get(2);
        assertThat(door.kind()).isEqualTo(DeviceKind.SENSOR);
        assertThat(codes(door)).as("not in the kiln room: no climate alert").containsExactly("BATTERY_LOW");
    }

    @Test
    void deviceByIdAttributesAsAListWithDataTypesReadTheSame() {
        List<DeviceState> devices = normalizer.normalize("hubitat", FakeMakerApi.deviceTwelve(), NOW, Map.of());
        DeviceState kiln = devices.get(0);
        assertThat(kiln.id()).isEqualTo("12");
        assertThat(kiln.kind()).isEqualTo(DeviceKind.SENSOR);
        assertThat(kiln.attributes()).containsEntry("temperature", 24.5).containsEntry("humidity", 71)
                .doesNotContainKey("pressure");
        assertThat(kiln.lastSeenAt()).as("no date in devices/{id}: the time of the read").isEqualTo(NOW);
        assertThat(codes(kiln)).containsExactly("KILN_ROOM_HUMIDITY_HIGH");
    }

    @Test
    void theMakerApiDateIsTheLastActivity() {
        String body = "[{\"id\": 5, \"label\": \"Kiln vent\", \"type\": \"Generic Zigbee Switch\", "
                + "\"date\": \"2026-11-29T22:15:03+0000\", \"capabilities\": [\"Switch\"], \"attributes\": {\"switch\": \"off\"}}]";
        DeviceState vent = normalizer.normalize("hubitat", body, NOW, Map.of()).get(0);
        assertThat(vent.id()).isEqualTo("5");
        assertThat(vent.lastSeenAt()).isEqualTo(Instant.parse("2026-11-29T22:15:03Z"));
        assertThat(vent.kind()).isEqualTo(DeviceKind.SWITCH);
    }

    @Test
    void presenceNotPresentIsOfflineAndKindsComeFromCapabilitiesThenType() {
        String body = "[{\"id\": \"40\", \"label\": \"Thermostat\", \"capabilities\": [\"Thermostat\", \"TemperatureMeasurement\"],"
                + " \"attributes\": {}},"
                + " {\"id\": \"41\", \"label\": \"Dimmer\", \"capabilities\": [\"Switch\", \"SwitchLevel\"], \"attributes\": {\"level\": \"40\"}},"
                + " {\"id\": \"42\", \"label\": \"Front lock\", \"type\": \"Generic Z-Wave Lock\", \"capabilities\": [],"
                + " \"attributes\": {\"lock\": \"locked\"}},"
                + " {\"id\": \"43\", \"label\": \"Phone\", \"capabilities\": [\"PresenceSensor\"], \"attributes\": {\"presence\": \"not present\"}}]";
        List<DeviceState> devices = normalizer.normalize("hubitat", body, NOW, Map.of());
        assertThat(devices).extracting(DeviceState::kind).containsExactly(DeviceKind.THERMOSTAT, DeviceKind.DIMMER,
                DeviceKind.LOCK, DeviceKind.SENSOR);
        assertThat(devices.get(1).attributes()).containsEntry("level", 40L);
        assertThat(devices.get(3).online()).isFalse();
    }

    @Test
    void answersThatAreNotTheDocumentedShapeAreBadResponses() {
        for (String body : List.of("{\"error\": true}", "[{\"label\": \"no id\"}]", "[{\"id\": {\"x\": 1}}]",
                "[{\"id\": \"1\", \"attributes\": \"hot\"}]", "[{\"id\": \"1\", \"label\": [\"x\"]}]",
                "[{\"id\": \"1\", \"capabilities\": \"Switch\"}]", "[{\"id\": \"1\"", "")) {
            assertThatThrownBy(() -> normalizer.normalize("hubitat", body, NOW, Map.of()))
                    .as(body).isInstanceOfSatisfying(ConnectorFailure.class,
                            f -> assertThat(f.kind()).isEqualTo(ErrorKind.BAD_RESPONSE));
        }
    }

    @Test
    void aPushedEventReplacesOneAttributeAndReworksTheAlerts() {
        DeviceState kiln = normalizer.normalize("hubitat", new FakeMakerApi("t", 0).devicesAll(), NOW, Map.of()).get(0);
        Instant later = NOW.plusSeconds(30);
        DeviceState cooled = normalizer.withEvent(kiln, "temperature", "22.0", later);
        assertThat(cooled.attributes()).containsEntry("temperature", 22.0).containsEntry("humidity", 41L);
        assertThat(cooled.lastSeenAt()).isEqualTo(later);
        assertThat(cooled.alerts()).isEmpty();
        DeviceState gone = normalizer.withEvent(cooled, "healthStatus", "offline", later);
        assertThat(gone.online()).isFalse();
        assertThat(codes(gone)).containsExactly("DEVICE_OFFLINE");
    }

    private static List<String> codes(DeviceState device) {
        return device.alerts().stream().map(DeviceAlert::code).toList();
    }
}
