package studio.brain.gate.guard;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;

/**
 * Decides whether an endpoint URI can change something outside the hub: an action Kamelet labelled
 * {@value #MODE_LABEL}{@code : write}, an MQTT publish to a command topic, an HTTP call with a writing method, or a
 * Hubitat Maker API device command (a GET that switches a device). Reads are everything else.
 */
public final class WriteEndpoints {
    public static final String MODE_LABEL = "studio-brain.io/mode";
    private static final Pattern HUBITAT_COMMAND =
            Pattern.compile(".*/apps/api/[^/]+/devices/[^/?]+/(?!events|capabilities|commands)[^/?]+.*");
    private static final Pattern WRITING_METHOD =
            Pattern.compile("(?i).*[?&]httpMethod=(POST|PUT|DELETE|PATCH).*");

    private final Path connectorsDir;

    public WriteEndpoints(Path connectorsDir) {
        this.connectorsDir = connectorsDir;
    }

    /** Why the URI writes, or empty when it only reads. */
    public Optional<String> writes(String uri) {
        if (uri == null) {
            return Optional.empty();
        }
        String scheme = uri.contains(":") ? uri.substring(0, uri.indexOf(':')).toLowerCase(Locale.ROOT) : "";
        String rest = uri.substring(scheme.length() + 1);
        switch (scheme) {
            case "kamelet" -> {
                String name = rest.replaceFirst("^//", "").split("[?/]")[0];
                return kameletMode(name).filter("write"::equals)
                        .map(m -> "Kamelet " + name + " is an action that writes");
            }
            case "paho-mqtt5", "paho" -> {
                String topic = rest.replaceFirst("^//", "").split("\\?")[0];
                if (topic.endsWith("/set") || topic.contains("/command")) {
                    return Optional.of("MQTT publish to command topic " + topic);
                }
                return Optional.empty();
            }
            case "http", "https", "vertx-http" -> {
                if (WRITING_METHOD.matcher(uri).matches()) {
                    return Optional.of("HTTP call with a writing method");
                }
                if (HUBITAT_COMMAND.matcher(uri).matches()) {
                    return Optional.of("Hubitat Maker API device command");
                }
                return Optional.empty();
            }
            case "google-firestore" -> {
                return uri.toLowerCase(Locale.ROOT).matches(".*operation=(create|update|set|delete|upsert).*")
                        ? Optional.of("Firestore write") : Optional.empty();
            }
            default -> {
                return Optional.empty();
            }
        }
    }

    private Optional<String> kameletMode(String name) {
        Path file = connectorsDir.resolve(name + ".kamelet.yaml");
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        try (InputStream in = Files.newInputStream(file)) {
            Object document = new Load(LoadSettings.builder().build()).loadFromInputStream(in);
            if (document instanceof Map<?, ?> root && root.get("metadata") instanceof Map<?, ?> metadata
                    && metadata.get("labels") instanceof Map<?, ?> labels && labels.get(MODE_LABEL) != null) {
                return Optional.of(String.valueOf(labels.get(MODE_LABEL)).trim().toLowerCase(Locale.ROOT));
            }
            return Optional.empty();
        } catch (IOException | RuntimeException e) {
            // Unreadable Kamelets are refused at start by KameletFiles; here, treat as possibly writing.
            return Optional.of("write");
        }
    }
}
