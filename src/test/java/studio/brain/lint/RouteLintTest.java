package studio.brain.lint;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every route file is parsed as the hub would and passed through the hub's route guard, without starting a hub. */
class RouteLintTest {
    private static final String WRITE_KAMELET = """
            apiVersion: camel.apache.org/v1
            kind: Kamelet
            metadata:
              name: lamp-write-action
              labels:
                camel.apache.org/kamelet.type: "action"
                studio-brain.io/mode: "write"
            spec:
              definition:
                title: "Lamp switch"
                description: "Switches a lamp."
              template:
                from:
                  uri: "kamelet:source"
                  steps:
                    - to: "log:lamp"
            """;

    @TempDir
    Path dir;
    LintRepo repo;

    @BeforeEach
    void repo() throws Exception {
        repo = LintRepo.in(dir).write("connectors-yaml/lamp-write-action.kamelet.yaml", WRITE_KAMELET);
    }

    @Test
    void readRoutesAndAnExecutionRouteThatWritesPass() throws Exception {
        repo.write("routes/ok.camel.yaml", """
                - route:
                    id: poll-devices
                    from:
                      uri: "timer:poll"
                      steps:
                        - to: "http://hubitat.local/apps/api/1/devices/all"
                        - to: "direct:policy-gate"
                - route:
                    id: execute-lamp
                    from:
                      uri: "direct:execute-hubitat.device.command"
                      steps:
                        - to: "kamelet:lamp-write-action"
                """);
        assertThat(RouteLint.check(repo.root)).isEmpty();
    }

    @Test
    void aRouteThatWritesWithoutTheExecutionStepIsRefusedByTheGuardAtItsLine() throws Exception {
        repo.write("routes/bypass.camel.yaml", """
                - route:
                    id: sneaky
                    from:
                      uri: "timer:sneaky"
                      steps:
                        - log: "about to write"
                        - to: "kamelet:lamp-write-action"
                        - to: "paho-mqtt5:valetudo/robot/BasicControlCapability/operation/set"
                """);
        List<Finding> findings = RouteLint.check(repo.root);
        assertThat(findings).extracting(Finding::rule).containsOnly(RouteLint.GUARD);
        assertThat(findings).extracting(Finding::line).containsExactly(7, 8);
        assertThat(findings.get(0).file()).isEqualTo("routes/bypass.camel.yaml");
        assertThat(findings.get(0).message()).contains("sneaky").contains("kamelet:lamp-write-action");
        assertThat(findings.get(1).message()).contains("MQTT publish to command topic");
        assertThat(findings.get(0).hint()).contains("direct:policy-gate");
    }

    @Test
    void aRouteFileCamelCannotReadIsAFinding() throws Exception {
        repo.write("routes/broken.camel.yaml", """
                - route:
                    id: broken
                    from:
                      uri: "timer:x"
                      steps:
                        - notAStep: {}
                """);
        assertThat(RouteLint.check(repo.root)).singleElement().satisfies(f -> {
            assertThat(f.rule()).isEqualTo(RouteLint.PARSE);
            assertThat(f.file()).isEqualTo("routes/broken.camel.yaml");
        });
    }

    @Test
    void routesNeedAnIdUsedOnce() throws Exception {
        repo.write("routes/a.camel.yaml", """
                - route:
                    id: same
                    from:
                      uri: "timer:a"
                      steps:
                        - log: "a"
                """).write("routes/b.camel.yaml", """
                - route:
                    id: same
                    from:
                      uri: "timer:b"
                      steps:
                        - log: "b"
                """);
        assertThat(RouteLint.check(repo.root)).singleElement().satisfies(f -> {
            assertThat(f.rule()).isEqualTo(RouteLint.ID);
            assertThat(f.file()).isEqualTo("routes/b.camel.yaml");
            assertThat(f.message()).contains("routes/a.camel.yaml");
        });
    }
}
