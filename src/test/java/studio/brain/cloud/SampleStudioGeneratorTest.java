package studio.brain.cloud;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The committed sample studio is exactly what {@link SampleStudioGenerator} writes. Run with
 * {@code -Dsample.regenerate=true} to rewrite it after changing the generator.
 */
class SampleStudioGeneratorTest {
    private static final Path COMMITTED = Path.of("src/main/resources", SampleStudio.RESOURCE_ROOT);

    @Test
    void theCommittedSampleIsTheGeneratorsOutput() throws IOException {
        Map<String, byte[]> generated = SampleStudioGenerator.generate();
        if (Boolean.getBoolean("sample.regenerate")) {
            for (String stale : committedJson().keySet()) {
                Files.delete(COMMITTED.resolve(stale));
            }
            SampleStudioGenerator.writeTo(COMMITTED);
        }
        Map<String, String> committed = committedJson();
        Map<String, String> expected = new TreeMap<>();
        generated.forEach((path, bytes) -> expected.put(path, new String(bytes, StandardCharsets.UTF_8)));
        assertThat(committed.keySet()).containsExactlyElementsOf(expected.keySet());
        assertThat(committed).isEqualTo(expected);
        assertThat(COMMITTED.resolve("README.md")).isRegularFile();
    }

    @Test
    void generatingTwiceGivesTheSameBytes() {
        Map<String, byte[]> first = SampleStudioGenerator.generate();
        Map<String, byte[]> second = SampleStudioGenerator.generate();
        assertThat(second.keySet()).isEqualTo(first.keySet());
        first.forEach((path, bytes) -> assertThat(second.get(path)).as(path).isEqualTo(bytes));
    }

    private static Map<String, String> committedJson() throws IOException {
        Map<String, String> files = new TreeMap<>();
        if (!Files.isDirectory(COMMITTED)) {
            return files;
        }
        try (Stream<Path> paths = Files.walk(COMMITTED)) {
            for (Path path : paths.filter(p -> p.toString().endsWith(".json")).toList()) {
                files.put(COMMITTED.relativize(path).toString().replace('\\', '/'), Files.readString(path));
            }
        }
        return files;
    }
}
