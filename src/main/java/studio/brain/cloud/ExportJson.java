package studio.brain.cloud;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import studio.brain.cloud.CloudReadException.ErrorKind;

/**
 * Reading the JSON files of an export. Numbers become {@code Long} (integers) or {@code Double}; an object whose
 * only key is {@code timestampValue} becomes an {@link Instant} when {@code timestamps} is asked for. A file that
 * is not a JSON object, repeats a key or holds a bad timestamp is a {@link ErrorKind#BAD_REQUEST} naming the file.
 */
final class ExportJson {
    static final String TIMESTAMP_KEY = "timestampValue";
    static final ObjectMapper MAPPER = new ObjectMapper().enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);

    private ExportJson() {
    }

    /** The {@code *.json} files directly in a folder, sorted by name; none when the folder does not exist. */
    static List<Path> jsonFiles(Path folder) {
        if (!Files.isDirectory(folder)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(folder)) {
            return files.filter(f -> f.getFileName().toString().endsWith(".json") && Files.isRegularFile(f))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new CloudReadException(ErrorKind.UNAVAILABLE, "cannot list export folder " + folder, e);
        }
    }

    /** One file's top-level object as a map. */
    static Map<String, Object> readObject(Path file, boolean timestamps) {
        JsonNode root;
        try {
            root = MAPPER.readTree(file.toFile());
        } catch (IOException e) {
            throw new CloudReadException(ErrorKind.BAD_REQUEST,
                    "malformed JSON in export file " + file + describe(e), e);
        }
        if (!(root instanceof ObjectNode object)) {
            throw new CloudReadException(ErrorKind.BAD_REQUEST,
                    "export file " + file + " does not hold a JSON object");
        }
        try {
            return toMap(object, timestamps);
        } catch (DateTimeParseException e) {
            throw new CloudReadException(ErrorKind.BAD_REQUEST,
                    "export file " + file + " holds a timestamp that is not ISO-8601: " + e.getParsedString(), e);
        }
    }

    /** A JSON object as a map, numbers as {@code Long}/{@code Double}; timestamps unwrapped when asked. */
    static Map<String, Object> toMap(ObjectNode object, boolean timestamps) {
        Map<String, Object> map = new LinkedHashMap<>();
        Iterator<Map.Entry<String, JsonNode>> fields = object.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> field = fields.next();
            map.put(field.getKey(), toValue(field.getValue(), timestamps));
        }
        return map;
    }

    private static Object toValue(JsonNode node, boolean timestamps) {
        if (node == null || node.isNull()) {
            return null;
        }
        if (node.isTextual()) {
            return node.textValue();
        }
        if (node.isBoolean()) {
            return node.booleanValue();
        }
        if (node.isIntegralNumber()) {
            if (node.canConvertToLong()) {
                return node.longValue();
            }
            return node.doubleValue();
        }
        if (node.isNumber()) {
            return node.doubleValue();
        }
        if (node.isArray()) {
            List<Object> list = new ArrayList<>(node.size());
            node.forEach(item -> list.add(toValue(item, timestamps)));
            return list;
        }
        if (node instanceof ObjectNode object) {
            if (timestamps && object.size() == 1 && object.has(TIMESTAMP_KEY)) {
                JsonNode value = object.get(TIMESTAMP_KEY);
                if (!value.isTextual()) {
                    throw new DateTimeParseException("timestampValue is not a string", value.toString(), 0);
                }
                return Instant.parse(value.textValue());
            }
            return toMap(object, timestamps);
        }
        return node.asText();
    }

    private static String describe(IOException e) {
        if (e instanceof JsonProcessingException json) {
            String where = json.getLocation() == null ? ""
                    : " at line " + json.getLocation().getLineNr() + ", column " + json.getLocation().getColumnNr();
            return where + ": " + firstLine(json.getOriginalMessage());
        }
        return ": " + firstLine(e.getMessage());
    }

    private static String firstLine(String text) {
        if (text == null) {
            return "unreadable";
        }
        int newline = text.indexOf('\n');
        return newline < 0 ? text : text.substring(0, newline);
    }
}
