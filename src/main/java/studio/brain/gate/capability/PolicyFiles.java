package studio.brain.gate.capability;

import com.networknt.schema.JsonSchema;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import studio.brain.hash.CanonicalJson;

/**
 * What the schema-checked policy files' loaders share (the retention matrix, the scorecard): reading the file as
 * UTF-8, compiling its JSON Schema, and refusing with every problem in line order. Each reason says what to do,
 * never what an exception's text says.
 */
public final class PolicyFiles {
    private PolicyFiles() {
    }

    public static String read(Path file) throws PolicyFileException {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw refused(file, null, "file not found");
        } catch (CharacterCodingException e) {
            throw refused(file, null, "the file is not UTF-8 text");
        } catch (IOException e) {
            throw refused(file, null, "cannot read the file: " + e.getClass().getSimpleName());
        }
    }

    /** A policy file's JSON Schema; {@code where} says where it belongs, for the message when it is missing. */
    public static JsonSchema schema(Path schemaFile, String where) throws PolicyFileException {
        try {
            return JsonSchemas.compile(CanonicalJson.mapper().readTree(Files.readString(schemaFile)));
        } catch (NoSuchFileException e) {
            throw refused(schemaFile, null, "schema file not found; it belongs " + where);
        } catch (IOException | RuntimeException e) {
            throw refused(schemaFile, null, "not a usable JSON Schema");
        }
    }

    public static PolicyFileException refused(Path file, Integer line, String reason) {
        return new PolicyFileException(file, List.of(new PolicyProblem(file, line, reason)));
    }

    /** Refuses the file with every problem found, in line order; does nothing when there is none. */
    public static void refuseIfAny(Path file, List<PolicyProblem> problems) throws PolicyFileException {
        if (!problems.isEmpty()) {
            List<PolicyProblem> sorted = new ArrayList<>(problems);
            sorted.sort(Comparator.comparing(PolicyProblem::line, Comparator.nullsFirst(Comparator.naturalOrder())));
            throw new PolicyFileException(file, sorted);
        }
    }
}
