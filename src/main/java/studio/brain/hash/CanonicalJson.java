package studio.brain.hash;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import org.erdtman.jcs.JsonCanonicalizer;

/**
 * RFC 8785 (JSON Canonicalization Scheme): the one byte form of a JSON value that every hash in the hub is taken
 * over. Java values are first written as JSON by Jackson (times as ISO-8601 strings), then canonicalized: object
 * keys sorted by UTF-16 code units, numbers in ECMAScript form, no insignificant white space.
 */
public final class CanonicalJson {
    private static final ObjectMapper MAPPER = new ObjectMapper()
            .registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

    private CanonicalJson() {
    }

    /** The canonical text of a value (a map, record, list, string, number, or a JSON text given as {@link Json}). */
    public static String of(Object value) {
        try {
            String json = (value instanceof Json raw ? raw.text() : MAPPER.writeValueAsString(value)).strip();
            if (json.startsWith("{") || json.startsWith("[")) {
                return new JsonCanonicalizer(json).getEncodedString();
            }
            // The canonicalizer takes objects and arrays; a bare string, number or literal goes through an array.
            String wrapped = new JsonCanonicalizer("[" + json + "]").getEncodedString();
            return wrapped.substring(1, wrapped.length() - 1);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("value cannot be written as JSON: " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new UncheckedIOException("not canonicalizable JSON", e);
        }
    }

    public static byte[] bytesOf(Object value) {
        return of(value).getBytes(StandardCharsets.UTF_8);
    }

    public static ObjectMapper mapper() {
        return MAPPER;
    }

    /** A JSON text to be canonicalized as it is, rather than serialized as a Java string. */
    public record Json(String text) {
    }
}
