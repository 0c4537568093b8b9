package studio.brain.devices.hubitat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import studio.brain.devices.ConnectorBoard;
import studio.brain.observability.EventLog;

/**
 * The Maker API's event push can stop silently for days while polls still work. This watchdog notes each pushed
 * event; when none came for the configured window it reports {@code pushStale} on the board and asks for a full poll
 * at once to reconcile (the poll route runs once, as if its timer fired). A new event clears it. With no events secret
 * configured, push is not in use and never stale.
 */
public final class HubitatPushWatch {
    private static final EventLog LOG = EventLog.of("devices");

    private final ConnectorBoard board;
    private final Clock clock;
    private final Duration window;
    private final boolean pushInUse;
    private final Runnable reconcile;
    private volatile Instant lastEventAt;

    public HubitatPushWatch(ConnectorBoard board, Clock clock, Duration window, boolean pushInUse, Runnable reconcile) {
        this.board = board;
        this.clock = clock;
        this.window = window;
        this.pushInUse = pushInUse;
        this.reconcile = reconcile;
        this.lastEventAt = clock.instant();
    }

    public void eventReceived(Instant at) {
        lastEventAt = at;
        if (board.pushStale(HubitatEvents.CONNECTOR)) {
            board.setPushStale(HubitatEvents.CONNECTOR, false);
            LOG.info("hubitat.push_resumed", "component", "connector:hubitat");
        }
    }

    /** Called on a timer by the Hubitat route; true when it just found push stale and asked for a reconcile. */
    public boolean check() {
        if (!pushInUse) {
            return false;
        }
        Duration silent = Duration.between(lastEventAt, clock.instant());
        if (silent.compareTo(window) <= 0 || board.pushStale(HubitatEvents.CONNECTOR)) {
            return false;
        }
        board.setPushStale(HubitatEvents.CONNECTOR, true);
        LOG.warn("hubitat.push_stale", "component", "connector:hubitat", "silentSeconds", silent.toSeconds(),
                "windowSeconds", window.toSeconds(), "action", "full poll to reconcile");
        reconcile.run();
        return true;
    }
}
