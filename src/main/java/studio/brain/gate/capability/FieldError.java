package studio.brain.gate.capability;

/**
 * One reason an action's input does not fit its capability's action schema.
 *
 * @param field   JSON Pointer to the field, such as {@code /text}; empty for the input as a whole
 * @param message what is wrong, such as {@code must be at most 2000 characters long}
 */
public record FieldError(String field, String message) {

    @Override
    public String toString() {
        return (field.isEmpty() ? "input" : field) + ": " + message;
    }
}
