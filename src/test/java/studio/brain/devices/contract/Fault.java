package studio.brain.devices.contract;

import studio.brain.devices.ErrorKind;

/** A failure the contract injects into a connector's fake, and the error kind the connector must report for it. */
public enum Fault {
    UNAUTHORIZED_401(ErrorKind.AUTH),
    FORBIDDEN_403(ErrorKind.AUTH),
    RATE_LIMITED_429(ErrorKind.RATE_LIMITED),
    SERVER_ERROR_500(ErrorKind.UNAVAILABLE),
    TIMEOUT(ErrorKind.TIMEOUT),
    CONNECTION_REFUSED(ErrorKind.UNAVAILABLE),
    SLOW_DRIP(ErrorKind.TIMEOUT),
    MALFORMED_JSON(ErrorKind.BAD_RESPONSE),
    WRONG_TYPES(ErrorKind.BAD_RESPONSE);

    private final ErrorKind expected;

    Fault(ErrorKind expected) {
        this.expected = expected;
    }

    public ErrorKind expected() {
        return expected;
    }
}
