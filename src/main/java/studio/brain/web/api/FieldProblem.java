package studio.brain.web.api;

/**
 * One thing wrong with a request body, named by its JSON Pointer ({@code /rationale}, {@code /input/summary}) so a
 * client can put the message beside the field it belongs to.
 */
public record FieldProblem(String field, String message) {
}
