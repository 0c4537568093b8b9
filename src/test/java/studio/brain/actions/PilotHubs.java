package studio.brain.actions;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/** The repository's policies and one pilot's route file, copied for a hub that runs a write pilot. */
final class PilotHubs {
    private PilotHubs() {
    }

    /** Copies policies/ and switches the capabilities on, as an operator's reviewed edit of the registry would. */
    static Path policiesEnabling(Path work, String... capabilityIds) throws IOException {
        Path dir = work.resolve("policies");
        copyTree(Path.of("policies"), dir);
        Path registry = dir.resolve("capabilities.yaml");
        String yaml = Files.readString(registry);
        for (String id : capabilityIds) {
            Matcher block = Pattern.compile("(  - id: " + Pattern.quote(id) + "\\n(?:    .*\\n|\\s*\\n)*?)    enabled: false")
                    .matcher(yaml);
            if (!block.find()) {
                throw new IllegalStateException(id + " is not a disabled capability of policies/capabilities.yaml");
            }
            yaml = yaml.substring(0, block.start()) + block.group(1) + "    enabled: true" + yaml.substring(block.end());
        }
        Files.writeString(registry, yaml);
        return dir;
    }

    /** A routes folder holding only the repository's route file of that name. */
    static Path routes(Path work, String routeFile) throws IOException {
        Path dir = Files.createDirectories(work.resolve("routes"));
        Files.copy(Path.of("routes", routeFile), dir.resolve(routeFile));
        return dir;
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path file : files.toList()) {
                Path target = to.resolve(from.relativize(file).toString());
                if (Files.isDirectory(file)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(file, target);
                }
            }
        }
    }
}
