package studio.brain.lint;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Every policy file has a JSON Schema beside it and matches it. */
class PolicySchemaLintTest {
    private static final String SCHEMA = """
            {
              "$schema": "https://json-schema.org/draft/2020-12/schema",
              "type": "object",
              "additionalProperties": false,
              "required": ["version", "windows"],
              "properties": {
                "version": { "type": "string" },
                "windows": {
                  "type": "array",
                  "items": {
                    "type": "object",
                    "required": ["name", "days"],
                    "properties": { "name": { "type": "string" }, "days": { "type": "integer", "minimum": 1 } }
                  }
                }
              }
            }
            """;

    @TempDir
    Path dir;

    @Test
    void aPolicyFileThatMatchesItsSchemaPasses() throws Exception {
        LintRepo repo = LintRepo.in(dir).write("policies/schema/retention.schema.json", SCHEMA)
                .write("policies/retention.yaml", """
                        version: "1"
                        windows:
                          - { name: snapshots, days: 90 }
                        """);
        assertThat(PolicySchemaLint.check(repo.root)).isEmpty();
    }

    @Test
    void eachMismatchIsAFindingAtItsLine() throws Exception {
        LintRepo repo = LintRepo.in(dir).write("policies/schema/retention.schema.json", SCHEMA)
                .write("policies/retention.yaml", """
                        version: "1"
                        windows:
                          - { name: snapshots, days: 90 }
                          - name: diffs
                            days: 0
                        extra: true
                        """);
        List<Finding> findings = PolicySchemaLint.check(repo.root);
        assertThat(findings).extracting(Finding::rule).containsOnly(PolicySchemaLint.MISMATCH);
        assertThat(findings).extracting(Finding::line).containsExactlyInAnyOrder(5, 6);
        assertThat(findings).anySatisfy(f -> assertThat(f.message()).startsWith("/windows/1/days: "));
        assertThat(findings).allSatisfy(f -> assertThat(f.hint()).contains("policies/schema/retention.schema.json"));
    }

    @Test
    void aPolicyFileWithoutASchemaIsAFinding() throws Exception {
        LintRepo repo = LintRepo.in(dir).write("policies/retention.yaml", "version: \"1\"\n");
        assertThat(PolicySchemaLint.check(repo.root)).singleElement().satisfies(f -> {
            assertThat(f.rule()).isEqualTo(PolicySchemaLint.MISSING);
            assertThat(f.file()).isEqualTo("policies/retention.yaml");
            assertThat(f.hint()).contains("policies/schema/retention.schema.json");
        });
    }

    @Test
    void aSchemaThatDoesNotCompileOrAFileThatIsNotYamlIsAFinding() throws Exception {
        LintRepo repo = LintRepo.in(dir).write("policies/schema/retention.schema.json", "{ not json")
                .write("policies/schema/scorecard.schema.json", SCHEMA)
                .write("policies/retention.yaml", "version: \"1\"\n")
                .write("policies/scorecard.yaml", "version: [\n");
        List<Finding> findings = PolicySchemaLint.check(repo.root);
        assertThat(findings).extracting(Finding::file, Finding::rule).containsExactly(
                org.assertj.core.groups.Tuple.tuple("policies/schema/retention.schema.json", PolicySchemaLint.MISMATCH),
                org.assertj.core.groups.Tuple.tuple("policies/scorecard.yaml", PolicySchemaLint.PARSE));
    }

    @Test
    void theRepositorysOwnPolicyFilesAllHaveASchemaTheyMatch() {
        assertThat(PolicySchemaLint.check(LintRepo.REAL)).isEmpty();
    }

    @ParameterizedTest(name = "{0}: {1} -> {2}")
    @CsvSource(delimiter = '|', value = {
        "anomaly-rules.yaml       | kind: spike          | kind: spiky",
        "marketing-templates.yaml | channel: newsletter  | channel: fax",
        "studio-metrics.yaml      | key: finance.unsettledPayments | key: finance.unsettled-payments",
        "triage-rules.yaml        | atLeast: high        | atLeast: urgent",
        "intake-rules.yaml        | threshold: 0.6       | threshold: 1.5",
    })
    void eachOfTheRepositorysSchemasCatchesABadEditAtItsLine(String name, String from, String to) throws Exception {
        String real = Files.readString(LintRepo.REAL.resolve("policies").resolve(name));
        String edited = real.replaceFirst(java.util.regex.Pattern.quote(from), to);
        LintRepo repo = LintRepo.in(dir)
                .write("policies/schema/" + name.replace(".yaml", ".schema.json"), Files.readString(
                        LintRepo.REAL.resolve("policies/schema").resolve(name.replace(".yaml", ".schema.json"))))
                .write("policies/" + name, edited);
        assertThat(PolicySchemaLint.check(repo.root)).isNotEmpty()
                .allSatisfy(f -> assertThat(f.rule()).isEqualTo(PolicySchemaLint.MISMATCH))
                .anySatisfy(f -> assertThat(f.line()).isEqualTo(LintRepo.lineOf(edited, "", to)));
    }
}
