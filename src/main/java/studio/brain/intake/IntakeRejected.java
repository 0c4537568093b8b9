package studio.brain.intake;

import java.util.List;
import java.util.Map;

/**
 * A webhook call refused before anything is recorded: its HTTP status, a stable code, a message safe to show the
 * sender (never a secret or an expected signature) and, for a body that breaks the schema, one entry per field.
 */
public final class IntakeRejected extends RuntimeException {
    private final int status;
    private final String code;
    private final List<Map<String, String>> fields;

    public IntakeRejected(int status, String code, String message) {
        this(status, code, message, List.of());
    }

    public IntakeRejected(int status, String code, String message, List<Map<String, String>> fields) {
        super(message);
        this.status = status;
        this.code = code;
        this.fields = List.copyOf(fields);
    }

    public int status() {
        return status;
    }

    public String code() {
        return code;
    }

    public List<Map<String, String>> fields() {
        return fields;
    }
}
