package studio.brain.lint;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Connector Kamelets say what they are and declare their credentials as secrets. */
class KameletLintTest {

    @TempDir
    Path dir;

    private static String kamelet(String definition) {
        return """
                apiVersion: camel.apache.org/v1
                kind: Kamelet
                metadata:
                  name: hubitat-source
                spec:
                  definition:
                %s
                  template:
                    from:
                      uri: "kamelet:source"
                      steps:
                        - to: "log:x"
                """.formatted(definition.indent(4).stripTrailing());
    }

    private List<Finding> lint(String definition) throws Exception {
        LintRepo repo = LintRepo.in(dir).write("connectors-yaml/hubitat-source.kamelet.yaml", kamelet(definition));
        return KameletLint.check(repo.root);
    }

    @Test
    void aDescribedKameletWithItsCredentialsDeclaredSecretPasses() throws Exception {
        assertThat(lint("""
                title: "Hubitat devices"
                description: "Reads device states from the Maker API."
                properties:
                  baseUrl:
                    title: Base URL
                    type: string
                  accessToken:
                    title: Access token
                    type: string
                    format: password
                    x-descriptors:
                      - urn:camel:group:credentials
                """)).isEmpty();
    }

    @Test
    void aKameletWithoutTitleOrDescriptionIsAFinding() throws Exception {
        List<Finding> findings = lint("""
                description: "  "
                properties: {}
                """);
        assertThat(findings).extracting(Finding::rule).containsOnly(KameletLint.DEFINITION);
        assertThat(findings).extracting(Finding::message).containsExactlyInAnyOrder(
                "the Kamelet has no spec.definition.title", "the Kamelet has no spec.definition.description");
        assertThat(findings).allSatisfy(f -> assertThat(f.file())
                .isEqualTo("connectors-yaml/hubitat-source.kamelet.yaml"));
    }

    @Test
    void aCredentialNotDeclaredSecretIsAFindingOnItsLine() throws Exception {
        List<Finding> findings = lint("""
                title: "Hubitat devices"
                description: "Reads device states."
                properties:
                  access_token:
                    type: string
                  clientSecret:
                    type: string
                    format: password
                  apiKey:
                    type: string
                    x-descriptors: [urn:camel:group:credentials]
                """);
        assertThat(findings).extracting(Finding::rule).containsOnly(KameletLint.CREDENTIALS);
        assertThat(findings).extracting(Finding::line).containsExactly(10, 12, 15);
        assertThat(findings.get(0).message()).contains("access_token")
                .contains("format: password and x-descriptors urn:camel:group:credentials");
        assertThat(findings.get(1).message()).contains("clientSecret").doesNotContain("format: password and");
        assertThat(findings.get(2).message()).contains("apiKey").contains("missing format: password");
    }

    @Test
    void aSecretWithADefaultValueIsAFinding() throws Exception {
        List<Finding> findings = lint("""
                title: "Hubitat devices"
                description: "Reads device states."
                properties:
                  password:
                    type: string
                    format: password
                    x-descriptors: [urn:camel:group:credentials]
                    default: hunter2
                """);
        assertThat(findings).singleElement().satisfies(f -> {
            assertThat(f.message()).contains("has a default value").doesNotContain("hunter2");
        });
    }

    @Test
    void credentialsAreRecognisedByTheWordsOfTheName() {
        assertThat(List.of("accessToken", "access_token", "api-key", "apiKey", "APIKEY", "password",
                "clientSecret", "credentials", "serviceAccountKey", "makerToken"))
                .allMatch(KameletLint::isCredential);
        assertThat(List.of("baseUrl", "monkey", "keyboardLayout", "tokenizer", "secretary", "operation", "dir"))
                .noneMatch(KameletLint::isCredential);
    }

    @Test
    void aKameletThatIsNotYamlIsAFinding() throws Exception {
        LintRepo repo = LintRepo.in(dir).write("connectors-yaml/bad.kamelet.yaml", "spec: [unclosed\n");
        assertThat(KameletLint.check(repo.root)).singleElement()
                .satisfies(f -> assertThat(f.rule()).isEqualTo(KameletLint.PARSE));
    }
}
