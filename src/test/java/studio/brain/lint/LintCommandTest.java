package studio.brain.lint;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import studio.brain.cli.StudioBrain;
import studio.brain.hash.CanonicalJson;

/**
 * {@code studio-brain lint}, run in-process as the CLI runs it: the repository itself is clean (which makes the lint
 * part of {@code ./mvnw verify}), a planted bad capability fails it, and usage errors exit 2.
 */
class LintCommandTest {

    @TempDir
    Path dir;

    private record Run(int exit, String out, String err) {
    }

    private static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = new CommandLine(new StudioBrain());
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        int exit = cli.execute(args);
        return new Run(exit, out.toString(), err.toString());
    }

    @Test
    void theRepositoryItselfIsClean() {
        Run run = run("lint", "--repo", LintRepo.REAL.toString());
        assertThat(run.out()).isEqualTo("lint: clean" + System.lineSeparator());
        assertThat(run.exit()).isEqualTo(LintCommand.CLEAN);
    }

    /** The CI smoke: a copy of the repository's policies, routes and connectors with one bad capability planted. */
    @Test
    void aPlantedBadCapabilityFailsTheLint() throws Exception {
        for (String folder : new String[] {"policies", "routes", "connectors-yaml"}) {
            copy(LintRepo.REAL.resolve(folder), dir.resolve(folder));
        }
        Path registry = dir.resolve("policies/capabilities.yaml");
        Files.writeString(registry, Files.readString(registry) + """

                  - id: front_door.unlock
                    title: Unlock the front door for a member
                    target: local
                    mode: write
                    risk: critical
                    approval: none
                    exemptable: true
                    class: locks
                    enabled: true
                    owner: facilities
                    rollback: lock it again
                    dryRun: false
                    actionSchema: { type: object }
                """);
        Run run = run("lint", "--repo", dir.toString());

        assertThat(run.exit()).isEqualTo(LintCommand.FINDINGS);
        assertThat(run.out())
                .contains("policies/capabilities.yaml:")
                .contains("[" + CapabilityLint.WRITE_APPROVAL + "] capability 'front_door.unlock' writes without "
                        + "approval: required")
                .contains("[" + CapabilityLint.NOT_EXEMPTABLE + "] capability 'front_door.unlock' is of class 'locks'")
                .contains("    fix: set approval: required")
                .endsWith("lint: 2 findings" + System.lineSeparator());
    }

    @Test
    void findingsComeAsJsonOnRequest() throws Exception {
        LintRepo repo = LintRepo.in(dir).capabilities(
                LintRepo.goodWith("hubitat.device.command", "rollback: send the reverse command", "rollback: none"));
        Run run = run("lint", "--repo", repo.root.toString(), "--json");
        assertThat(run.exit()).isEqualTo(LintCommand.FINDINGS);
        JsonNode json = CanonicalJson.mapper().readTree(run.out());
        assertThat(json.get("clean").asBoolean()).isFalse();
        assertThat(json.get("findings")).singleElement().satisfies(f -> {
            assertThat(f.get("rule").asText()).isEqualTo(CapabilityLint.WRITE_ROLLBACK);
            assertThat(f.get("file").asText()).isEqualTo("policies/capabilities.yaml");
            assertThat(f.get("line").asInt()).isPositive();
            assertThat(f.get("hint").asText()).isNotBlank();
        });
    }

    @Test
    void againstARevisionEveryLooseningFailsTheLint() throws Exception {
        LintRepo repo = LintRepo.in(dir).capabilities(LintRepo.GOOD_CAPABILITIES);
        repo.git("init", "-q", "-b", "main");
        repo.git("add", "-A");
        repo.git("commit", "-q", "-m", "registry");
        assertThat(run("lint", "--repo", repo.root.toString(), "--against", "main").exit())
                .isEqualTo(LintCommand.CLEAN);

        repo.capabilities(LintRepo.GOOD_CAPABILITIES.replace("enabled: false", "enabled: true"));
        repo.git("commit", "-q", "-am", "enable the lamp");
        Run run = run("lint", "--repo", repo.root.toString(), "--against", "HEAD~1");
        assertThat(run.exit()).isEqualTo(LintCommand.FINDINGS);
        assertThat(run.out()).contains("[" + CapabilityLoosening.WRITE_ENABLED + "] capability "
                + "'hubitat.device.command' writes and is now enabled (it was disabled)");
    }

    @Test
    void usageErrorsExitTwoAndSayWhy() throws Exception {
        Run unknownOption = run("lint", "--frobnicate");
        assertThat(unknownOption.exit()).isEqualTo(LintCommand.USAGE);
        assertThat(unknownOption.err()).contains("--frobnicate");

        Run notARepo = run("lint", "--repo", dir.resolve("nowhere").toString());
        assertThat(notARepo.exit()).isEqualTo(LintCommand.USAGE);
        assertThat(notARepo.err()).contains("not a Studio Brain repository");

        LintRepo repo = LintRepo.in(dir.resolve("repo")).capabilities(LintRepo.GOOD_CAPABILITIES);
        repo.git("init", "-q", "-b", "main");
        Run badRevision = run("lint", "--repo", repo.root.toString(), "--against", "release-9");
        assertThat(badRevision.exit()).isEqualTo(LintCommand.USAGE);
        assertThat(badRevision.err()).contains("--against").contains("release-9");
        assertThat(badRevision.out()).isEmpty();
    }

    private static void copy(Path from, Path to) throws IOException {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path source : files.toList()) {
                Path target = to.resolve(from.relativize(source).toString());
                if (Files.isDirectory(source)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(source, target, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
    }
}
