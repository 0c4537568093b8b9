package studio.brain.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Every variable the code reads is documented in README's table and in .env.example, and nothing else is. */
class ConfigDocumentationTest {
    private static final Pattern VARIABLE = Pattern.compile("STUDIO_BRAIN_[A-Z][A-Z0-9_]*[A-Z0-9]");

    @Test
    void readmeAndEnvExampleListExactlyTheVariablesTheHubReads() throws IOException {
        Set<String> declared = new TreeSet<>();
        for (ConfigKey key : ConfigKey.values()) {
            declared.add(key.envName());
        }
        Set<String> mentionedInCode = new TreeSet<>();
        for (String dir : new String[] {"src/main", "routes", "connectors-yaml", "policies"}) {
            mentionedInCode.addAll(variablesIn(Path.of(dir)));
        }
        assertThat(declared).as("variables named in code must be declared in ConfigKey").containsAll(mentionedInCode);

        Set<String> readmeTable = new TreeSet<>();
        for (String line : Files.readAllLines(Path.of("README.md"))) {
            Matcher m = Pattern.compile("^\\|\\s*`(STUDIO_BRAIN_[A-Z0-9_]+)`").matcher(line);
            if (m.find()) {
                readmeTable.add(m.group(1));
            }
        }
        assertThat(readmeTable).as("README configuration table").isEqualTo(declared);

        Set<String> envExample = new TreeSet<>();
        for (String line : Files.readAllLines(Path.of(".env.example"))) {
            Matcher m = Pattern.compile("^#?\\s*(STUDIO_BRAIN_[A-Z0-9_]+)=").matcher(line);
            if (m.find()) {
                envExample.add(m.group(1));
            }
        }
        assertThat(envExample).as(".env.example").isEqualTo(declared);
    }

    @Test
    void envExampleHoldsNoSecretValues() throws IOException {
        for (String line : Files.readAllLines(Path.of(".env.example"))) {
            assertThat(line).doesNotContainPattern("(sk|rk)_(live|test)_[A-Za-z0-9]{6,}");
            for (ConfigKey key : ConfigKey.values()) {
                if (key.isSecret() && line.startsWith(key.envName() + "=")) {
                    assertThat(line).isEqualTo(key.envName() + "=");
                }
            }
        }
    }

    private static Set<String> variablesIn(Path dir) throws IOException {
        Set<String> found = new TreeSet<>();
        if (!Files.isDirectory(dir)) {
            return found;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                Matcher m = VARIABLE.matcher(Files.readString(file));
                while (m.find()) {
                    String name = m.group();
                    if (!name.equals("STUDIO_BRAIN_")) {
                        found.add(name);
                    }
                }
            }
        }
        return found;
    }
}
