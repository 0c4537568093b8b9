package studio.brain.config;

/** One thing wrong with the configuration: which variable, and what to do about it. Never holds a secret value. */
public record ConfigProblem(String variable, String message) {
    @Override
    public String toString() {
        return variable + ": " + message;
    }
}
