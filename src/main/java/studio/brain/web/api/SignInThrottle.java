package studio.brain.web.api;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Slows down credential guessing: a remote address that presents {@code maxFailures} refused credentials within one
 * fixed window is refused (429, with when to try again) until the window ends, without its credential even being
 * looked at — so a guess made while throttled cannot tell whether it was right.
 * Successful sign-ins cost nothing and reset nothing, so an attacker cannot clear its count by mixing in a good
 * request of someone else's.
 *
 * <p>Kept in memory, per hub: it is a brake on one process being hammered, not an account lockout. The table of
 * addresses is bounded; when it is full, finished windows are dropped first, and if that is not enough the table starts
 * over (an attacker with that many addresses is not slowed by per-address counts anyway). Every client on the hub's
 * own machine comes from the loopback address and so shares one count.
 */
public final class SignInThrottle {
    public static final int DEFAULT_MAX_FAILURES = 20;
    public static final Duration DEFAULT_WINDOW = Duration.ofMinutes(1);
    static final int MAX_ADDRESSES = 10_000;

    private final Clock clock;
    private final int maxFailures;
    private final Duration window;
    private final ConcurrentHashMap<String, Failures> byAddress = new ConcurrentHashMap<>();

    public SignInThrottle(Clock clock, int maxFailures, Duration window) {
        if (maxFailures < 1 || window.isNegative() || window.isZero()) {
            throw new IllegalArgumentException("a sign-in throttle needs at least one failure and a positive window");
        }
        this.clock = clock;
        this.maxFailures = maxFailures;
        this.window = window;
    }

    public static SignInThrottle defaults(Clock clock) {
        return new SignInThrottle(clock, DEFAULT_MAX_FAILURES, DEFAULT_WINDOW);
    }

    /** How long this address must wait before it may try again; empty when it may try now. */
    public Optional<Duration> waitFor(String address) {
        Failures failures = byAddress.get(address);
        Instant now = clock.instant();
        if (failures == null || !now.isBefore(failures.windowEnds()) || failures.count() < maxFailures) {
            return Optional.empty();
        }
        return Optional.of(Duration.between(now, failures.windowEnds()));
    }

    /** Counts a failed sign-in from this address. */
    public void failed(String address) {
        Instant now = clock.instant();
        if (byAddress.size() >= MAX_ADDRESSES && !byAddress.containsKey(address)) {
            byAddress.values().removeIf(f -> !now.isBefore(f.windowEnds()));
            if (byAddress.size() >= MAX_ADDRESSES) {
                byAddress.clear();
            }
        }
        byAddress.compute(address, (key, current) -> current == null || !now.isBefore(current.windowEnds())
                ? new Failures(1, now.plus(window))
                : new Failures(current.count() + 1, current.windowEnds()));
    }

    private record Failures(int count, Instant windowEnds) {
    }
}
