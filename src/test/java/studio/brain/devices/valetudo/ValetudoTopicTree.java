package studio.brain.devices.valetudo;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A robot's Valetudo topic tree as a fixture file under {@code src/test/resources/devices/valetudo/}: one message a
 * line, {@code <topic> <payload>}, {@code #} starting a comment line.
 */
public final class ValetudoTopicTree {
    public record Message(String topic, String payload) {
        public byte[] bytes() {
            return payload.getBytes(StandardCharsets.UTF_8);
        }
    }

    private ValetudoTopicTree() {
    }

    public static List<Message> load(String name) {
        String resource = "/devices/valetudo/" + name;
        try (InputStream in = ValetudoTopicTree.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalArgumentException("no fixture " + resource);
            }
            List<Message> messages = new ArrayList<>();
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                int space = line.indexOf(' ');
                messages.add(space < 0 ? new Message(line, "") : new Message(line.substring(0, space),
                        line.substring(space + 1)));
            }
            return messages;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
