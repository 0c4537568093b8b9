package studio.brain.devices.valetudo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import studio.brain.devices.AlertSeverity;
import studio.brain.devices.DeviceAlert;
import studio.brain.devices.DeviceKind;
import studio.brain.devices.DeviceState;
import studio.brain.devices.ErrorKind;
import studio.brain.testing.MutableClock;

class ValetudoRobotsTest {
    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-30T10:00:00Z"));

    private ValetudoRobots robots(String prefix) {
        return new ValetudoRobots(prefix, ConsumableThresholds.defaults(), Duration.ofMinutes(10), clock);
    }

    private static void replay(ValetudoRobots robots, String fixture, boolean retained) {
        ValetudoTopicTree.load(fixture).forEach(m -> robots.accept(m.topic(), m.bytes(), retained));
    }

    private static void send(ValetudoRobots robots, String topic, String payload) {
        robots.accept(topic, payload.getBytes(StandardCharsets.UTF_8), false);
    }

    private static List<String> codes(DeviceState device) {
        return device.alerts().stream().map(DeviceAlert::code).toList();
    }

    @Test
    void aDockedRoborockReadsAsAnOnlineVacuumWithItsBatteryAndTypedAttributes() {
        ValetudoRobots robots = robots("valetudo");
        replay(robots, "kiln-room-robot.mqtt", false);

        DeviceState robot = robots.devices().get(0);
        assertThat(robot.connector()).isEqualTo("valetudo");
        assertThat(robot.id()).isEqualTo("KilnRoomRobot");
        assertThat(robot.label()).isEqualTo("Kiln room robot");
        assertThat(robot.kind()).isEqualTo(DeviceKind.VACUUM);
        assertThat(robot.online()).isTrue();
        assertThat(robot.batteryPct()).isEqualTo(87);
        assertThat(robot.lastSeenAt()).isEqualTo(clock.instant());
        assertThat(robot.stale()).isFalse();
        assertThat(robot.attributes())
                .containsEntry("StatusStateAttribute/status", "docked")
                .containsEntry("AttachmentStateAttribute/dustbin", true)
                .containsEntry("ConsumableMonitoringCapability/brush-main", 702000L)
                .containsEntry("FanSpeedControlCapability/preset", "medium")
                .containsEntry("$state", "ready")
                .doesNotContainKey("MapData/map-data");
        // 18 h of sensor time left is above the default 3 h; 102 h filter above 15 h: nothing to do.
        assertThat(robot.alerts()).isEmpty();
        assertThat(robots.problems()).isEmpty();
    }

    @Test
    void theLastWillLostTakesTheRobotOfflineWithAnAlertAndIsNoSignOfLife() {
        ValetudoRobots robots = robots("valetudo");
        replay(robots, "kiln-room-robot.mqtt", false);
        Instant heard = clock.instant();
        clock.advance(Duration.ofMinutes(3));

        send(robots, "valetudo/KilnRoomRobot/$state", "lost");

        DeviceState robot = robots.devices().get(0);
        assertThat(robot.online()).isFalse();
        assertThat(robot.lastSeenAt()).isEqualTo(heard);
        assertThat(robot.alerts()).extracting(DeviceAlert::code, DeviceAlert::severity)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("DEVICE_OFFLINE", AlertSeverity.WARNING));
        assertThat(robot.alerts().get(0).message()).contains("Kiln room robot").contains("lost");

        send(robots, "valetudo/KilnRoomRobot/$state", "ready");
        assertThat(robots.devices().get(0).online()).isTrue();
        assertThat(robots.devices().get(0).alerts()).isEmpty();
    }

    @Test
    void aCleanDisconnectIsOfflineToo() {
        ValetudoRobots robots = robots("valetudo");
        replay(robots, "kiln-room-robot.mqtt", true);
        send(robots, "valetudo/KilnRoomRobot/$state", "disconnected");
        assertThat(robots.devices().get(0).online()).isFalse();
        assertThat(codes(robots.devices().get(0))).containsExactly("DEVICE_OFFLINE");
    }

    @Test
    void retainedReplaysRestoreStateButOnlyLiveMessagesCountAsSeenAndStalenessFollowsTheClock() {
        ValetudoRobots robots = robots("valetudo");
        replay(robots, "kiln-room-robot.mqtt", true);

        DeviceState replayed = robots.devices().get(0);
        assertThat(replayed.batteryPct()).isEqualTo(87);
        assertThat(replayed.lastSeenAt()).isNull();
        assertThat(replayed.stale()).isTrue();

        send(robots, "valetudo/KilnRoomRobot/BatteryStateAttribute/level", "86");
        assertThat(robots.devices().get(0).stale()).isFalse();
        assertThat(robots.devices().get(0).batteryPct()).isEqualTo(86);

        clock.advance(Duration.ofMinutes(11));
        assertThat(robots.devices().get(0).stale()).isTrue();
        assertThat(robots.lastLiveMessageAt()).isEqualTo(clock.instant().minus(Duration.ofMinutes(11)));
    }

    @Test
    void anErrorStatusAlertsWithTheRobotsOwnErrorText() {
        ValetudoRobots robots = robots("valetudo");
        replay(robots, "kiln-room-robot.mqtt", false);
        send(robots, "valetudo/KilnRoomRobot/StatusStateAttribute/error",
                "{\"severity\":{\"kind\":\"permanent\",\"level\":\"error\"},\"subsystem\":\"motors\","
                        + "\"message\":\"Main brush jammed\"}");
        send(robots, "valetudo/KilnRoomRobot/StatusStateAttribute/status", "error");

        DeviceState robot = robots.devices().get(0);
        assertThat(codes(robot)).containsExactly("VACUUM_ERROR");
        assertThat(robot.alerts().get(0).message()).isEqualTo("Kiln room robot: Main brush jammed");
        assertThat(robot.attributes().get("StatusStateAttribute/error"))
                .isEqualTo(Map.of("message", "Main brush jammed", "subsystem", "motors",
                        "severityKind", "permanent", "severityLevel", "error"));
    }

    @Test
    void anOlderRobotsPlainErrorDescriptionIsUsedWhenThereIsNoJsonError() {
        ValetudoRobots robots = robots("valetudo");
        send(robots, "valetudo/OldRobot/$state", "ready");
        send(robots, "valetudo/OldRobot/StatusStateAttribute/error_description", "Wheels stuck");
        send(robots, "valetudo/OldRobot/StatusStateAttribute/status", "error");
        assertThat(robots.devices().get(0).alerts()).extracting(DeviceAlert::message)
                .containsExactly("OldRobot: Wheels stuck");
    }

    @Test
    void aPausedJobAndWornPercentConsumablesAlertUnderAPrefixWithSlashes() {
        ValetudoRobots robots = robots("studio/vacuums/");
        replay(robots, "glaze-room-robot.mqtt", false);

        DeviceState robot = robots.devices().get(0);
        assertThat(robot.id()).isEqualTo("GlazeRoomRobot");
        assertThat(robot.batteryPct()).isEqualTo(54);
        // side brush 4 % and filter 7 % are under 10 %; main brush 59 % is not; the mop has no alert code
        assertThat(codes(robot)).containsExactlyInAnyOrder("VACUUM_PAUSED", "SIDE_BRUSH_LOW", "FILTER_LOW");
        assertThat(robot.alerts()).filteredOn(a -> a.code().equals("VACUUM_PAUSED"))
                .extracting(DeviceAlert::severity).containsExactly(AlertSeverity.INFO);
        assertThat(robot.alerts()).filteredOn(a -> a.code().equals("FILTER_LOW"))
                .extracting(DeviceAlert::message).containsExactly("Glaze room robot: filter 7% left");
    }

    @Test
    void runTimeConsumablesAreComparedWithTheTimeThresholdsFromThePolicy() {
        ConsumableThresholds strict = new ConsumableThresholds(Map.of(
                ConsumablePart.FILTER, new ConsumableThresholds.Limit(10, Duration.ofHours(150)),
                ConsumablePart.MAIN_BRUSH, new ConsumableThresholds.Limit(10, Duration.ofHours(30)),
                ConsumablePart.SIDE_BRUSH, new ConsumableThresholds.Limit(10, Duration.ofHours(20)),
                ConsumablePart.SENSOR, new ConsumableThresholds.Limit(10, Duration.ofHours(20))));
        ValetudoRobots robots = new ValetudoRobots("valetudo", strict, Duration.ofMinutes(10), clock);
        replay(robots, "kiln-room-robot.mqtt", false);

        // filter 367200 s = 102 h < 150 h; sensor 64800 s = 18 h < 20 h
        assertThat(codes(robots.devices().get(0))).containsExactlyInAnyOrder("FILTER_LOW", "SENSOR_LOW");
        assertThat(robots.devices().get(0).alerts()).extracting(DeviceAlert::message)
                .contains("Kiln room robot: sensors 18 h 0 min left");
    }

    @Test
    void aConsumableWhoseUnitIsNotYetKnownRaisesNoAlert() {
        ValetudoRobots robots = robots("valetudo");
        send(robots, "valetudo/NewRobot/ConsumableMonitoringCapability/filter-main", "3");
        assertThat(robots.devices().get(0).alerts()).isEmpty();
        send(robots, "valetudo/NewRobot/ConsumableMonitoringCapability/filter-main/$unit", "%");
        assertThat(codes(robots.devices().get(0))).containsExactly("FILTER_LOW");
    }

    @Test
    void malformedValuesAreProblemsForTheirRobotAndKeepTheLastGoodValue() {
        ValetudoRobots robots = robots("valetudo");
        replay(robots, "kiln-room-robot.mqtt", false);

        send(robots, "valetudo/KilnRoomRobot/BatteryStateAttribute/level", "eighty");
        send(robots, "valetudo/KilnRoomRobot/StatusStateAttribute/error", "{\"message\": ");
        send(robots, "valetudo/KilnRoomRobot/AttachmentStateAttribute/dustbin", "yes");
        send(robots, "valetudo/KilnRoomRobot/$state", "exploded");
        send(robots, "valetudo/KilnRoomRobot/BatteryStateAttribute/level", "140");

        DeviceState robot = robots.devices().get(0);
        assertThat(robot.batteryPct()).isEqualTo(87);
        assertThat(robot.online()).isTrue();
        assertThat(robot.attributes()).containsEntry("AttachmentStateAttribute/dustbin", true);
        assertThat(robots.problems()).extracting(ValetudoProblem::topic).containsExactlyInAnyOrder(
                "valetudo/KilnRoomRobot/BatteryStateAttribute/level",
                "valetudo/KilnRoomRobot/StatusStateAttribute/error",
                "valetudo/KilnRoomRobot/AttachmentStateAttribute/dustbin",
                "valetudo/KilnRoomRobot/$state");
        assertThat(robots.problems()).allMatch(p -> p.kind() == ErrorKind.BAD_RESPONSE);
        assertThat(robots.problems().get(0).toFailure().kind()).isEqualTo(ErrorKind.BAD_RESPONSE);
        assertThat(robots.problems()).filteredOn(p -> p.topic().endsWith("level"))
                .extracting(ValetudoProblem::message).containsExactly("BatteryStateAttribute/level 140 is outside 0..100");

        send(robots, "valetudo/KilnRoomRobot/BatteryStateAttribute/level", "85");
        assertThat(robots.devices().get(0).batteryPct()).isEqualTo(85);
        assertThat(robots.problems()).extracting(ValetudoProblem::topic)
                .doesNotContain("valetudo/KilnRoomRobot/BatteryStateAttribute/level");
    }

    @Test
    void commandTopicsOtherPrefixesAndAnEmptyRetainedClearAreHandledWithoutInventingState() {
        ValetudoRobots robots = robots("valetudo");
        replay(robots, "kiln-room-robot.mqtt", false);

        send(robots, "valetudo/KilnRoomRobot/BasicControlCapability/operation/set", "START");
        send(robots, "valetudo/KilnRoomRobot/StatusStateAttribute/status/set", "cleaning");
        send(robots, "homeassistant/vacuum/KilnRoomRobot/KilnRoomRobot_vacuum/config", "{}");
        send(robots, "valetudo", "x");
        send(robots, "valetudo/KilnRoomRobot/FanSpeedControlCapability/preset", "");

        assertThat(robots.devices()).hasSize(1);
        DeviceState robot = robots.devices().get(0);
        assertThat(robot.attributes()).containsEntry("StatusStateAttribute/status", "docked")
                .doesNotContainKey("BasicControlCapability/operation")
                .doesNotContainKey("FanSpeedControlCapability/preset");
        assertThat(robots.problems()).isEmpty();
    }

    @Test
    void oversizedPayloadsAndTooManyRobotsAreBounded() {
        ValetudoRobots robots = robots("valetudo");
        robots.accept("valetudo/BigRobot/StatusStateAttribute/error", new byte[ValetudoRobots.MAX_PAYLOAD_BYTES + 1],
                false);
        assertThat(robots.problems()).extracting(ValetudoProblem::message)
                .allMatch(m -> m.contains("larger than"));
        for (int i = 0; i < ValetudoRobots.MAX_ROBOTS + 5; i++) {
            send(robots, "valetudo/Robot" + i + "/$state", "ready");
        }
        assertThat(robots.devices()).hasSize(ValetudoRobots.MAX_ROBOTS);
    }

    @Test
    void concurrentMessagesAndReadsDoNotCorruptState() throws Exception {
        ValetudoRobots robots = robots("valetudo");
        ExecutorService pool = Executors.newFixedThreadPool(4);
        for (int t = 0; t < 4; t++) {
            int robot = t;
            pool.submit(() -> {
                for (int i = 0; i <= 100; i++) {
                    send(robots, "valetudo/R" + robot + "/BatteryStateAttribute/level", String.valueOf(i));
                    robots.devices();
                }
            });
        }
        pool.shutdown();
        assertThat(pool.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
        assertThat(robots.devices()).hasSize(4).allMatch(d -> d.batteryPct() == 100);
    }

    @Test
    void aPrefixWithWildcardsOrAThresholdOutOfRangeIsRefused() {
        assertThatThrownBy(() -> robots("valetudo/#")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ConsumableThresholds.Limit(120, Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ConsumableThresholds(Map.of())).isInstanceOf(IllegalArgumentException.class);
    }
}
