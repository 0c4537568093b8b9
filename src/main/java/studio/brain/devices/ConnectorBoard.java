package studio.brain.devices;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Predicate;
import studio.brain.observability.EventLog;
import studio.brain.observability.SecretValueMasker;

/**
 * The hub's view of every device connector, by name: configured or not, the latest health, the last success and
 * error, the breaker state and the devices with their alerts. Availability follows three rules: {@code healthy}
 * while the latest call succeeded, {@code degraded} after a failure, {@code down} once no call has succeeded for the
 * connector's {@code downAfter} (counted from the hub's start when none ever did). Every recorded outcome goes to the
 * metrics and the audit; a change of availability goes to the listener (the hub's readiness).
 */
public final class ConnectorBoard {
    private static final EventLog LOG = EventLog.of("devices");
    private static final int RECENT = 32;

    /** Told whenever a connector's availability changes; {@code reason} is null when it is healthy again. */
    public interface Listener {
        void availabilityChanged(String connector, Availability availability, String reason);
    }

    private final Clock clock;
    private final Instant startedAt;
    private final Map<String, Entry> entries = new LinkedHashMap<>();
    private final List<Listener> listeners = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final ConnectorMetrics metrics;
    private final ConnectorAudit audit;
    private volatile Function<String, String> breakerStates = routeId -> null;
    private volatile Predicate<String> routeRunning = routeId -> false;

    public ConnectorBoard(Clock clock, ConnectorMetrics metrics, ConnectorAudit audit) {
        this.clock = clock;
        this.startedAt = clock.instant();
        this.metrics = metrics;
        this.audit = audit;
    }

    /** Where the breaker state of a route's circuit breaker, and whether a route runs, come from (Camel, in the hub). */
    public void observeRoutes(Function<String, String> breakerStates, Predicate<String> routeRunning) {
        this.breakerStates = breakerStates;
        this.routeRunning = routeRunning;
    }

    public void addListener(Listener listener) {
        listeners.add(listener);
    }

    /** Puts a connector on the board; declaring it again replaces its description and keeps what it recorded. */
    public synchronized void declare(ConnectorDescriptor descriptor) {
        Entry existing = entries.get(descriptor.name());
        Entry entry = existing == null ? new Entry(descriptor) : existing.describedAs(descriptor);
        entries.put(descriptor.name(), entry);
        if (metrics != null) {
            metrics.register(descriptor.name(), () -> gaugeValue(descriptor.name()));
        }
    }

    public synchronized Optional<ConnectorDescriptor> descriptor(String name) {
        return Optional.ofNullable(entries.get(name)).map(e -> e.descriptor);
    }

    public synchronized List<String> names() {
        return List.copyOf(entries.keySet());
    }

    /** A call that answered and normalized. */
    public ConnectorHealth recordSuccess(String name, String requestId, long latencyMs, String inputHash,
                                         String outputHash, List<DeviceState> devices) {
        ConnectorHealth health;
        Availability before;
        Availability after;
        synchronized (this) {
            Entry entry = entry(name);
            before = availability(entry);
            Instant now = clock.instant();
            entry.devices = new LinkedHashMap<>();
            devices.forEach(d -> entry.devices.put(d.id(), d));
            entry.lastSuccessAt = now;
            entry.lastCallOk = true;
            entry.called = true;
            entry.calls++;
            after = availability(entry);
            health = new ConnectorHealth(name, entry.descriptor.version(), true, after, latencyMs, requestId, inputHash,
                    outputHash, now, null, null);
            entry.remember(health);
        }
        afterCall(name, health, before, after, null);
        return health;
    }

    /** A call that failed, already classified. */
    public ConnectorHealth recordFailure(String name, String requestId, long latencyMs, String inputHash,
                                         ConnectorFailure failure) {
        ConnectorHealth health;
        Availability before;
        Availability after;
        synchronized (this) {
            Entry entry = entry(name);
            before = availability(entry);
            Instant now = clock.instant();
            entry.lastCallOk = false;
            entry.called = true;
            entry.calls++;
            entry.failures++;
            entry.lastError = new LastError(failure.kind(), SecretValueMasker.maskText(failure.reason()), now,
                    failure.retryAfter().orElse(null));
            after = availability(entry);
            health = new ConnectorHealth(name, entry.descriptor.version(), false, after, latencyMs, requestId,
                    inputHash, null, now, failure.kind(), entry.lastError.message());
            entry.remember(health);
        }
        LOG.warn("connector.call_failed", "component", "connector:" + name, "kind", failure.kind().name(),
                "retryable", failure.retryable(), "requestId", requestId, "latencyMs", latencyMs,
                "reason", health.errorMessage());
        afterCall(name, health, before, after, failure);
        return health;
    }

    /** One device changed outside a poll (a pushed event); its state replaces the one on the board. */
    public void updateDevice(String name, DeviceState device) {
        synchronized (this) {
            entry(name).devices.put(device.id(), device);
        }
        if (audit != null) {
            audit.deviceChanged(name, this);
        }
    }

    public synchronized Optional<DeviceState> device(String name, String id) {
        return Optional.ofNullable(entry(name).devices.get(id));
    }

    public synchronized void setPushStale(String name, boolean stale) {
        entry(name).pushStale = stale;
    }

    public synchronized boolean pushStale(String name) {
        return entry(name).pushStale;
    }

    /** Re-applies the time rules (down after no success, stale devices) and tells the listeners what changed. */
    public void evaluate() {
        for (String name : names()) {
            Availability before;
            Availability after;
            synchronized (this) {
                Entry entry = entries.get(name);
                before = entry.notified;
                after = availability(entry);
                if (!entry.descriptor.configured() || !entry.called) {
                    // Nothing to tell before a first call, and never for a connector that is switched off.
                    continue;
                }
            }
            if (before != after) {
                notifyChange(name, after);
            }
        }
    }

    public synchronized Availability availability(String name) {
        return availability(entry(name));
    }

    public synchronized Optional<ConnectorHealth> latestHealth(String name) {
        return Optional.ofNullable(entry(name).latest);
    }

    /** The latest call outcomes, oldest first (at most {@value #RECENT}): two calls close together both show. */
    public synchronized List<ConnectorHealth> recentHealth(String name) {
        return List.copyOf(entry(name).recent);
    }

    /** The devices as they stand now, each marked stale when unheard for longer than the connector allows. */
    public synchronized List<DeviceState> devices(String name) {
        Entry entry = entry(name);
        Instant now = clock.instant();
        List<DeviceState> devices = new ArrayList<>();
        for (DeviceState d : entry.devices.values()) {
            boolean stale = d.lastSeenAt() != null
                    && Duration.between(d.lastSeenAt(), now).compareTo(entry.descriptor.staleAfter()) > 0;
            devices.add(stale == d.stale() ? d : new DeviceState(d.connector(), d.id(), d.label(), d.kind(), d.online(),
                    d.batteryPct(), d.lastSeenAt(), stale, d.attributes(), d.alerts()));
        }
        return devices;
    }

    /** One connector as {@code GET /api/connectors} shows it (docs/connectors.md). */
    public synchronized Map<String, Object> view(String name) {
        Entry entry = entry(name);
        ConnectorDescriptor d = entry.descriptor;
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("name", d.name());
        view.put("title", d.title());
        view.put("version", d.version());
        view.put("mode", d.mode());
        view.put("configured", d.configured());
        view.put("state", state(entry));
        view.put("availability", availability(entry).wireName());
        view.put("breaker", breaker(entry));
        view.put("lastSuccessAt", entry.lastSuccessAt == null ? null : entry.lastSuccessAt.toString());
        if (entry.lastError == null) {
            view.put("lastError", null);
        } else {
            Map<String, Object> error = new LinkedHashMap<>();
            error.put("kind", entry.lastError.kind().name());
            error.put("retryable", entry.lastError.kind().retryable());
            error.put("message", entry.lastError.message());
            error.put("at", entry.lastError.at().toString());
            if (entry.lastError.retryAfter() != null) {
                error.put("retryAfterSeconds", entry.lastError.retryAfter().toSeconds());
            }
            view.put("lastError", error);
        }
        view.put("latencyMs", entry.latest == null ? null : entry.latest.latencyMs());
        view.put("requestId", entry.latest == null ? null : entry.latest.requestId());
        view.put("inputHash", entry.latest == null ? null : entry.latest.inputHash());
        view.put("outputHash", entry.latest == null ? null : entry.latest.outputHash());
        view.put("pushStale", entry.pushStale);
        if (!d.configured()) {
            view.put("notConfiguredReason", "set " + String.join(", ", d.configKeys()) + " to turn it on");
        }
        List<Map<String, Object>> devices = new ArrayList<>();
        for (DeviceState device : devices(name)) {
            devices.add(deviceView(device));
        }
        view.put("devices", devices);
        return view;
    }

    public static Map<String, Object> deviceView(DeviceState device) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("id", device.id());
        view.put("label", device.label());
        view.put("kind", device.kind().wireName());
        view.put("online", device.online());
        view.put("batteryPct", device.batteryPct());
        view.put("lastSeenAt", device.lastSeenAt() == null ? null : device.lastSeenAt().toString());
        view.put("stale", device.stale());
        view.put("attributes", new java.util.TreeMap<>(device.attributes()));
        List<Map<String, Object>> alerts = new ArrayList<>();
        for (DeviceAlert alert : device.alerts()) {
            Map<String, Object> a = new LinkedHashMap<>();
            a.put("code", alert.code());
            a.put("severity", alert.severity().wireName());
            a.put("message", alert.message());
            alerts.add(a);
        }
        view.put("alerts", alerts);
        return view;
    }

    public List<Map<String, Object>> views() {
        List<Map<String, Object>> views = new ArrayList<>();
        for (String name : names()) {
            views.add(view(name));
        }
        return views;
    }

    /** For {@code /readyz}: informs, never decides readiness; {@code failing} while a configured connector is not healthy. */
    public Map<String, Object> advisory() {
        Map<String, Object> connectors = new LinkedHashMap<>();
        boolean failing = false;
        for (String name : names()) {
            synchronized (this) {
                Entry entry = entries.get(name);
                Availability a = availability(entry);
                connectors.put(name, entry.descriptor.configured() ? a.wireName() : "not configured");
                failing |= entry.descriptor.configured() && a != Availability.HEALTHY;
            }
        }
        Map<String, Object> advisory = new LinkedHashMap<>();
        advisory.put("status", failing ? "failing" : "up");
        advisory.put("connectors", connectors);
        return advisory;
    }

    /** Counts since the last call of this (for the audit's interval summary). */
    synchronized Map<String, Object> takeCounts(String name) {
        Entry entry = entry(name);
        Map<String, Object> counts = new LinkedHashMap<>();
        counts.put("calls", entry.calls);
        counts.put("failures", entry.failures);
        entry.calls = 0;
        entry.failures = 0;
        return counts;
    }

    private void afterCall(String name, ConnectorHealth health, Availability before, Availability after,
                           ConnectorFailure failure) {
        if (metrics != null) {
            metrics.recordCall(name, health.latencyMs(), failure == null ? null : failure.kind());
        }
        if (audit != null) {
            audit.afterCall(name, health, this);
        }
        boolean notify;
        synchronized (this) {
            notify = entries.get(name).notified != after;
        }
        if (notify || before != after) {
            notifyChange(name, after);
        }
    }

    private void notifyChange(String name, Availability after) {
        String reason;
        synchronized (this) {
            Entry entry = entries.get(name);
            entry.notified = after;
            reason = after == Availability.HEALTHY || !entry.descriptor.configured() ? null
                    : after.wireName() + (entry.lastError == null ? "" : ": " + entry.lastError.kind() + ": "
                            + entry.lastError.message());
        }
        if (reason != null) {
            LOG.warn("connector.availability", "component", "connector:" + name, "availability", after.wireName(),
                    "reason", reason);
        } else {
            LOG.info("connector.availability", "component", "connector:" + name, "availability", after.wireName());
        }
        listeners.forEach(l -> l.availabilityChanged(name, after, reason));
    }

    private Entry entry(String name) {
        Entry entry = entries.get(name);
        if (entry == null) {
            throw new IllegalArgumentException("no connector '" + name + "' on the board");
        }
        return entry;
    }

    private Availability availability(Entry entry) {
        if (!entry.descriptor.configured()) {
            return Availability.DOWN;
        }
        Instant now = clock.instant();
        Instant since = entry.lastSuccessAt == null ? startedAt : entry.lastSuccessAt;
        if (Duration.between(since, now).compareTo(entry.descriptor.downAfter()) > 0) {
            return Availability.DOWN;
        }
        return entry.called && entry.lastCallOk ? Availability.HEALTHY : Availability.DEGRADED;
    }

    private String state(Entry entry) {
        if (!entry.descriptor.configured()) {
            return "not configured";
        }
        boolean running = !entry.descriptor.routeIds().isEmpty()
                && entry.descriptor.routeIds().stream().allMatch(routeRunning);
        return running ? "running" : "stopped";
    }

    private String breaker(Entry entry) {
        if (entry.descriptor.routeIds().isEmpty()) {
            return "closed";
        }
        String state = breakerStates.apply(entry.descriptor.routeIds().get(0));
        if (state == null) {
            return "closed";
        }
        return switch (state.toUpperCase(java.util.Locale.ROOT)) {
            case "OPEN", "FORCED_OPEN" -> "open";
            case "HALF_OPEN" -> "half_open";
            default -> "closed";
        };
    }

    /** -1 not configured, 0 down, 1 degraded, 2 healthy. */
    private double gaugeValue(String name) {
        synchronized (this) {
            Entry entry = entries.get(name);
            if (entry == null || !entry.descriptor.configured()) {
                return -1;
            }
            return switch (availability(entry)) {
                case HEALTHY -> 2;
                case DEGRADED -> 1;
                case DOWN -> 0;
            };
        }
    }

    record LastError(ErrorKind kind, String message, Instant at, Duration retryAfter) {
    }

    private static final class Entry {
        ConnectorDescriptor descriptor;
        Map<String, DeviceState> devices = new LinkedHashMap<>();
        ConnectorHealth latest;
        Instant lastSuccessAt;
        boolean lastCallOk;
        boolean called;
        LastError lastError;
        boolean pushStale;
        long calls;
        long failures;
        Availability notified;

        final java.util.ArrayDeque<ConnectorHealth> recent = new java.util.ArrayDeque<>();

        Entry(ConnectorDescriptor descriptor) {
            this.descriptor = descriptor;
        }

        void remember(ConnectorHealth health) {
            latest = health;
            recent.addLast(health);
            if (recent.size() > RECENT) {
                recent.removeFirst();
            }
        }

        Entry describedAs(ConnectorDescriptor next) {
            this.descriptor = next;
            return this;
        }
    }
}
