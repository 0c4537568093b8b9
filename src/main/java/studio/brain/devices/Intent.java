package studio.brain.devices;

/** What a connector call means to do. A read-only connector refuses {@link #WRITE} with READ_ONLY_VIOLATION. */
public enum Intent {
    READ, WRITE
}
