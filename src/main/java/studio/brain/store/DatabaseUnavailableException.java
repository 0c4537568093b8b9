package studio.brain.store;

/** The hub's database could not be reached, started or migrated. */
public final class DatabaseUnavailableException extends RuntimeException {
    public DatabaseUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
