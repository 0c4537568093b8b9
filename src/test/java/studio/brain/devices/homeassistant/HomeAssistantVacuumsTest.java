package studio.brain.devices.homeassistant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import studio.brain.devices.AlertSeverity;
import studio.brain.devices.ConnectorFailure;
import studio.brain.devices.DeviceAlert;
import studio.brain.devices.DeviceKind;
import studio.brain.devices.DeviceState;
import studio.brain.devices.ErrorKind;
import studio.brain.testing.MutableClock;

class HomeAssistantVacuumsTest {
    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-30T10:00:00Z"));

    private HomeAssistantVacuums vacuums(String allowlist) {
        return new HomeAssistantVacuums(HomeAssistantVacuums.parseAllowlist(allowlist), Duration.ofMinutes(15), clock);
    }

    private static Map<String, DeviceState> byId(List<DeviceState> devices) {
        return devices.stream().collect(Collectors.toMap(DeviceState::id, d -> d));
    }

    private static List<String> codes(DeviceState device) {
        return device.alerts().stream().map(DeviceAlert::code).toList();
    }

    @Test
    void onlyAllowlistedVacuumsAreReadAndMappedFromHomeAssistantsStateObjects() {
        List<DeviceState> devices = vacuums(HomeAssistantStates.ALLOWLIST)
                .normalize(HomeAssistantStates.load("states.json"));

        assertThat(devices).extracting(DeviceState::id).containsExactly("vacuum.glaze_room", "vacuum.office",
                "vacuum.shipping_room", "vacuum.throwing_room", "vacuum.wheel_room");
        assertThat(devices).allMatch(d -> d.connector().equals("home-assistant") && d.kind() == DeviceKind.VACUUM);

        DeviceState docked = byId(devices).get("vacuum.throwing_room");
        assertThat(docked.label()).isEqualTo("Throwing room");
        assertThat(docked.online()).isTrue();
        assertThat(docked.batteryPct()).isEqualTo(100);
        assertThat(docked.lastSeenAt()).isEqualTo(Instant.parse("2026-11-30T09:59:10.552730Z"));
        assertThat(docked.stale()).isFalse();
        assertThat(docked.alerts()).isEmpty();
        assertThat(docked.attributes()).containsEntry("state", "docked").containsEntry("fan_speed", "balanced")
                .containsEntry("supported_features", 13180L)
                .containsEntry("fan_speed_list", List.of("off", "quiet", "balanced", "turbo", "max", "max_plus",
                        "custom"));
    }

    @Test
    void unavailableIsOfflineWithAnAlertAndLastSeenWhenItDropped() {
        DeviceState gone = byId(vacuums(HomeAssistantStates.ALLOWLIST)
                .normalize(HomeAssistantStates.load("states.json"))).get("vacuum.shipping_room");
        assertThat(gone.online()).isFalse();
        assertThat(gone.batteryPct()).isNull();
        assertThat(gone.lastSeenAt()).isEqualTo(Instant.parse("2026-11-29T22:03:17.664420Z"));
        assertThat(gone.stale()).isTrue();
        assertThat(gone.alerts()).extracting(DeviceAlert::code, DeviceAlert::severity)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("DEVICE_OFFLINE", AlertSeverity.WARNING));
    }

    @Test
    void errorPausedAndUnknownEachSayWhatStaffShouldKnow() {
        Map<String, DeviceState> devices = byId(vacuums(HomeAssistantStates.ALLOWLIST)
                .normalize(HomeAssistantStates.load("states.json")));

        DeviceState error = devices.get("vacuum.glaze_room");
        assertThat(codes(error)).containsExactly("VACUUM_ERROR");
        assertThat(error.alerts().get(0).message()).isEqualTo("Glaze room: Main brush jammed");
        assertThat(error.batteryPct()).isEqualTo(41);

        DeviceState paused = devices.get("vacuum.wheel_room");
        assertThat(codes(paused)).containsExactly("VACUUM_PAUSED");
        assertThat(paused.batteryPct()).isEqualTo(63);

        DeviceState unknown = devices.get("vacuum.office");
        assertThat(unknown.online()).isTrue();
        assertThat(unknown.attributes()).containsEntry("state", "unknown");
        assertThat(unknown.alerts()).extracting(DeviceAlert::code, DeviceAlert::severity)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("DEVICE_STATE_UNKNOWN", AlertSeverity.INFO));
    }

    @Test
    void anEmptyAllowlistReadsNothingAndAListedEntityThatIsGoneShowsOffline() {
        HomeAssistantVacuums none = vacuums("  ");
        assertThat(none.readsNothing()).isTrue();
        assertThat(none.normalize(HomeAssistantStates.load("states.json"))).isEmpty();

        DeviceState missing = vacuums("vacuum.attic").normalize(HomeAssistantStates.load("states.json")).get(0);
        assertThat(missing.online()).isFalse();
        assertThat(codes(missing)).containsExactly("DEVICE_OFFLINE");
    }

    @Test
    void staleFollowsTheClockOnTheKeptReading() {
        HomeAssistantVacuums vacuums = vacuums("vacuum.throwing_room");
        vacuums.accept(HomeAssistantStates.load("states.json"));
        assertThat(vacuums.devices().get(0).stale()).isFalse();
        clock.advance(Duration.ofMinutes(20));
        assertThat(vacuums.devices().get(0).stale()).isTrue();
    }

    @Test
    void malformedJsonAndWrongTypesAreBadResponsesAndKeepTheLastGoodReading() {
        HomeAssistantVacuums vacuums = vacuums(HomeAssistantStates.ALLOWLIST);
        vacuums.accept(HomeAssistantStates.load("states.json"));

        for (String body : List.of(HomeAssistantStates.load("states-wrong-types.json"), "[{\"entity_id\": ",
                "{\"message\": \"API running.\"}", "", "[{\"state\": \"docked\"}]",
                "[{\"entity_id\": \"vacuum.office\", \"state\": 3, \"attributes\": {}}]",
                "[{\"entity_id\": \"vacuum.office\", \"state\": \"docked\", \"attributes\": []}]",
                "[{\"entity_id\": \"vacuum.office\", \"state\": \"docked\", \"attributes\": {},"
                        + " \"last_updated\": \"yesterday\"}]",
                "[{\"entity_id\": \"vacuum.office\", \"state\": \"docked\", \"attributes\": {\"battery_level\": 180}}]",
                "[{\"entity_id\": \"vacuum.office\", \"entity_id\": \"vacuum.glaze_room\"}]")) {
            assertThatThrownBy(() -> vacuums.accept(body)).as(body)
                    .isInstanceOfSatisfying(ConnectorFailure.class, failure -> {
                        assertThat(failure.kind()).isEqualTo(ErrorKind.BAD_RESPONSE);
                        assertThat(failure.connector()).isEqualTo("home-assistant");
                        assertThat(failure.retryable()).isFalse();
                    });
        }
        assertThat(vacuums.devices()).hasSize(5);
    }

    @Test
    void wrongTypesOnEntitiesOutsideTheAllowlistDoNotFailTheRead() {
        String body = "[{\"entity_id\": \"sensor.odd\", \"state\": 12, \"attributes\": []},"
                + " {\"entity_id\": \"vacuum.office\", \"state\": \"idle\", \"attributes\": {\"friendly_name\": \"Office\"},"
                + " \"last_updated\": \"2026-11-30T09:59:00+00:00\"}]";
        assertThat(vacuums("vacuum.office").normalize(body)).extracting(DeviceState::lastSeenAt)
                .containsExactly(Instant.parse("2026-11-30T09:59:00Z"));
    }

    @Test
    void anAllowlistNamingSomethingOtherThanAVacuumIsRefused() {
        assertThatThrownBy(() -> new HomeAssistantVacuums(Set.of("light.kiln"), Duration.ofMinutes(1), clock))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("vacuum.*");
    }
}
