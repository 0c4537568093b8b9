package studio.brain.devices.hubitat;

/** A pushed device event that was refused, and the HTTP status its refusal answers with; nothing changed. */
public final class HubitatEventRejected extends RuntimeException {
    private final int status;
    private final String code;

    public HubitatEventRejected(int status, String code, String message) {
        super(message);
        this.status = status;
        this.code = code;
    }

    public int status() {
        return status;
    }

    public String code() {
        return code;
    }
}
