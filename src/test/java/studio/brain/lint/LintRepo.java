package studio.brain.lint;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** A small repository in a temporary folder: the capability schema of the real one, and the files a test writes. */
final class LintRepo {
    static final Path REAL = Path.of("").toAbsolutePath();

    /** A read and a write capability that keep every rule. */
    static final String GOOD_CAPABILITIES = """
            version: "3.0"
            capabilities:
              - id: hubitat.devices.read
                title: Read device states
                target: hubitat
                mode: read
                risk: low
                approval: none
                exemptable: false
                enabled: true
                owner: facilities
                rollback: "none: read-only"
                dryRun: false
              - id: hubitat.device.command
                title: Switch an allowlisted lamp
                target: hubitat
                mode: write
                risk: medium
                approval: required
                exemptable: false
                enabled: false
                limits:
                  perActor: { max: 10, window: PT1H }
                  cooldown: PT1M
                owner: facilities
                rollback: send the reverse command
                dryRun: true
                actionSchema:
                  type: object
                  properties:
                    deviceId: { type: string }
                allowlist: ["12"]
            """;

    final Path root;

    private LintRepo(Path root) {
        this.root = root;
    }

    static LintRepo in(Path dir) throws IOException {
        Files.createDirectories(dir.resolve("policies/schema"));
        Files.copy(REAL.resolve("policies/schema/capabilities.schema.json"),
                dir.resolve("policies/schema/capabilities.schema.json"), StandardCopyOption.REPLACE_EXISTING);
        return new LintRepo(dir);
    }

    LintRepo write(String path, String text) throws IOException {
        Path file = root.resolve(path);
        Files.createDirectories(file.getParent());
        Files.writeString(file, text, StandardCharsets.UTF_8);
        return this;
    }

    LintRepo capabilities(String text) throws IOException {
        return write("policies/capabilities.yaml", text);
    }

    /** {@link #GOOD_CAPABILITIES} with one line replaced (the first occurrence after the capability's id). */
    static String goodWith(String capabilityId, String from, String to) {
        int at = GOOD_CAPABILITIES.indexOf("id: " + capabilityId);
        int field = GOOD_CAPABILITIES.indexOf(from, at);
        if (at < 0 || field < 0) {
            throw new IllegalArgumentException(from + " not found after " + capabilityId);
        }
        return GOOD_CAPABILITIES.substring(0, field) + to + GOOD_CAPABILITIES.substring(field + from.length());
    }

    /** The 1-based line of the first line of the text that holds this fragment after the given one. */
    static int lineOf(String text, String after, String fragment) {
        int from = text.indexOf(after);
        int at = text.indexOf(fragment, from);
        if (from < 0 || at < 0) {
            throw new IllegalArgumentException(fragment + " not found after " + after);
        }
        return (int) text.substring(0, at).chars().filter(c -> c == '\n').count() + 1;
    }

    List<Finding> lint() throws Exception {
        return Lint.run(root, java.util.Optional.empty());
    }

    /** Runs git in the repository (with a fixed identity), failing the test when git fails. */
    String git(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("git", "-c", "user.name=Lint Test", "-c",
                "user.email=lint@studio.test", "-c", "commit.gpgsign=false"));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).directory(root.toFile()).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
            throw new IllegalStateException("git " + String.join(" ", args) + " failed: " + output);
        }
        return output;
    }
}
