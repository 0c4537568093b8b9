package studio.brain.devices;

import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.spi.CircuitBreakerConstants;
import studio.brain.hash.ContentHash;
import studio.brain.observability.EventLog;

/**
 * The connector contract as routes and Kamelets call it (bound as {@code connectorCalls}): {@link #begin} gives a
 * call its request id (the caller's {@code X-Request-Id} or the exchange id), its connector version header and its
 * clock; {@link #failed} classifies what went wrong and records it; {@link #complete} hands the answer to the
 * route's normalizer and records the devices; {@link #execute} is the contract's entry point for an intent, where a
 * write on a read-only connector is refused with {@code READ_ONLY_VIOLATION}.
 *
 * <p>Exchange properties: {@code connector} (the name on the board), {@code connectorRequest} (what is asked, without
 * credentials, e.g. {@code GET /apps/api/7/devices/all}), {@code connectorNormalizer} (a {@link DeviceNormalizer}
 * bean name) and {@code connectorOptions} ({@code key=value;key=value} for that normalizer).
 */
public final class ConnectorCalls {
    public static final String REQUEST_ID_HEADER = "X-Request-Id";
    public static final String VERSION_HEADER = "X-Studio-Brain-Connector";
    private static final EventLog LOG = EventLog.of("devices");

    private final ConnectorBoard board;
    private final ErrorClassifier classifier;
    private final ConnectorAudit audit;
    private final Clock clock;

    public ConnectorCalls(ConnectorBoard board, ErrorClassifier classifier, ConnectorAudit audit, Clock clock) {
        this.board = board;
        this.classifier = classifier;
        this.audit = audit;
        this.clock = clock;
    }

    /** Before the call: request id, connector version, start time; the request id header goes to the system. */
    public void begin(Exchange exchange) {
        String connector = connector(exchange);
        if (board.descriptor(connector).isEmpty()) {
            board.declare(declaredByRoute(connector, exchange));
        }
        if (!board.descriptor(connector).orElseThrow().configured()) {
            // A connector without its settings never calls out, even if its route was started.
            exchange.setRouteStop(true);
            return;
        }
        String requestId = exchange.getIn().getHeader(REQUEST_ID_HEADER, String.class);
        if (requestId == null || requestId.isBlank()) {
            requestId = exchange.getExchangeId();
        }
        String version = board.descriptor(connector).map(ConnectorDescriptor::version).orElse("unknown");
        exchange.getIn().setHeader(REQUEST_ID_HEADER, requestId);
        exchange.getIn().setHeader(VERSION_HEADER, connector + "/" + version);
        exchange.setProperty("connectorRequestId", requestId);
        exchange.setProperty("connectorStartedNanos", System.nanoTime());
    }

    /** After a call that threw: classified, recorded, logged at warning; the exchange carries on without the error. */
    public ConnectorHealth failed(Exchange exchange) {
        Throwable error = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        if (error == null) {
            error = exchange.getException();
        }
        exchange.setException(null);
        exchange.removeProperty(Exchange.EXCEPTION_CAUGHT);
        String connector = connector(exchange);
        ConnectorHealth health = board.recordFailure(connector, requestId(exchange), latencyMs(exchange),
                inputHash(exchange), classifier.classify(connector, error));
        exchange.getIn().setBody(health);
        clearCallHeaders(exchange);
        return health;
    }

    /** After a call that answered: normalized by the route's normalizer and recorded; the body becomes the devices. */
    public ConnectorHealth complete(Exchange exchange) {
        String connector = connector(exchange);
        if (Boolean.TRUE.equals(exchange.getProperty(CircuitBreakerConstants.RESPONSE_TIMED_OUT, Boolean.class))) {
            // The breaker's own whole-call timeout, without a fallback, also lets the exchange through unanswered.
            exchange.setProperty(Exchange.EXCEPTION_CAUGHT, new ConnectorFailure(connector, ErrorKind.TIMEOUT,
                    "no complete answer in time (the call's time limit)"));
            return failed(exchange);
        }
        if (Boolean.TRUE.equals(exchange.getProperty(CircuitBreakerConstants.RESPONSE_SHORT_CIRCUITED, Boolean.class))
                || Boolean.TRUE.equals(exchange.getProperty(CircuitBreakerConstants.RESPONSE_REJECTED, Boolean.class))) {
            // An open breaker without a fallback lets the exchange through with no answer and no exception.
            exchange.setProperty(Exchange.EXCEPTION_CAUGHT, new ConnectorFailure(connector, ErrorKind.UNAVAILABLE,
                    "circuit breaker open: calls are held back"));
            return failed(exchange);
        }
        List<DeviceState> devices;
        String normalizerName = exchange.getProperty("connectorNormalizer", String.class);
        if (normalizerName == null && exchange.getIn().getBody() instanceof List<?> list
                && list.stream().allMatch(DeviceState.class::isInstance)) {
            // A connector whose Java keeps the devices itself (an MQTT subscription) hands them over as they are.
            devices = list.stream().map(DeviceState.class::cast).toList();
            return recordSuccess(exchange, connector, devices);
        }
        String body = exchange.getIn().getBody(String.class);
        try {
            devices = normalizer(exchange.getContext(), exchange.getProperty("connectorNormalizer", String.class))
                    .normalize(connector, body == null ? "" : body, clock.instant(),
                            options(exchange.getProperty("connectorOptions", String.class)));
        } catch (RuntimeException e) {
            exchange.setProperty(Exchange.EXCEPTION_CAUGHT, e);
            return failed(exchange);
        }
        return recordSuccess(exchange, connector, devices);
    }

    /**
     * For a Kamelet that makes its call itself and says how it went (header {@code connectorOk}, the exception in
     * {@code CamelExceptionCaught}, the request id it sent in {@code X-Request-Id}): the same as {@link #begin}
     * then {@link #complete} or {@link #failed}, with the latency counted from the timer that started the call.
     */
    public ConnectorHealth settle(Exchange exchange) {
        String connector = connector(exchange);
        java.util.Date fired = exchange.getProperty(Exchange.TIMER_FIRED_TIME, java.util.Date.class);
        begin(exchange);
        if (exchange.isRouteStop()) {
            return null;
        }
        if (fired != null) {
            long elapsedMs = Math.max(0, System.currentTimeMillis() - fired.getTime());
            exchange.setProperty("connectorStartedNanos", System.nanoTime() - elapsedMs * 1_000_000);
        }
        if (!Boolean.TRUE.equals(exchange.getIn().getHeader("connectorOk", Boolean.class))) {
            if (exchange.getProperty(Exchange.EXCEPTION_CAUGHT) == null && exchange.getException() == null) {
                exchange.setProperty(Exchange.EXCEPTION_CAUGHT, new ConnectorFailure(connector, ErrorKind.UNKNOWN,
                        "the call failed without saying why"));
            }
            return failed(exchange);
        }
        return complete(exchange);
    }

    private ConnectorHealth recordSuccess(Exchange exchange, String connector, List<DeviceState> devices) {
        List<Object> views = new ArrayList<>();
        devices.forEach(d -> views.add(ConnectorBoard.deviceView(d)));
        ConnectorHealth health = board.recordSuccess(connector, requestId(exchange), latencyMs(exchange),
                inputHash(exchange), ContentHash.of(views), devices);
        exchange.getIn().setBody(devices);
        clearCallHeaders(exchange);
        return health;
    }

    /**
     * The contract's entry point: a read answers the connector's devices as they stand; a dry run says what would be
     * done without doing it; a write on a read-only connector is refused (and recorded) before anything is sent.
     */
    public Map<String, Object> execute(String connector, Intent intent, boolean dryRun, String requestId) {
        ConnectorDescriptor descriptor = board.descriptor(connector)
                .orElseThrow(() -> new IllegalArgumentException("no connector '" + connector + "' on the board"));
        if (intent == Intent.WRITE && descriptor.readOnly()) {
            LOG.warn("connector.write_refused", "component", "connector:" + connector, "requestId", requestId,
                    "dryRun", dryRun);
            if (audit != null) {
                audit.writeRefused(connector, descriptor.version(), requestId, dryRun);
            }
            throw new ConnectorFailure(connector, ErrorKind.READ_ONLY_VIOLATION,
                    "the connector is read-only; device writes go through the gate and a write pilot");
        }
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("connector", connector);
        answer.put("intent", intent.name().toLowerCase(java.util.Locale.ROOT));
        answer.put("dryRun", dryRun);
        answer.put("requestId", requestId);
        if (dryRun) {
            answer.put("wouldDo", "read the devices of " + descriptor.title());
        } else {
            answer.put("devices", board.devices(connector).stream().map(ConnectorBoard::deviceView).toList());
        }
        return answer;
    }

    /**
     * A connector the hub's Java does not know (an integrator's Kamelet and route) joins the board at its first
     * call, described by exchange properties its Kamelet or route sets: {@code connectorTitle},
     * {@code connectorVersion} and {@code connectorStaleSeconds} (down after, and devices stale after; default 900).
     */
    private static ConnectorDescriptor declaredByRoute(String connector, Exchange exchange) {
        String title = exchange.getProperty("connectorTitle", connector, String.class);
        String version = exchange.getProperty("connectorVersion", "1.0", String.class);
        long stale = exchange.getProperty("connectorStaleSeconds", 900L, Long.class);
        java.time.Duration after = java.time.Duration.ofSeconds(Math.max(1, stale));
        return new ConnectorDescriptor(connector, title, version, ConnectorDescriptor.READ_ONLY, true, after, after,
                List.of(exchange.getFromRouteId()), List.of());
    }

    public ConnectorBoard board() {
        return board;
    }

    private static DeviceNormalizer normalizer(CamelContext camel, String name) {
        if (name == null) {
            throw new IllegalStateException("the route names no normalizer (exchange property connectorNormalizer)");
        }
        DeviceNormalizer normalizer = camel.getRegistry().lookupByNameAndType(name, DeviceNormalizer.class);
        if (normalizer == null) {
            throw new IllegalStateException("no normalizer bean '" + name + "'");
        }
        return normalizer;
    }

    static Map<String, String> options(String text) {
        Map<String, String> options = new LinkedHashMap<>();
        if (text == null || text.isBlank()) {
            return options;
        }
        for (String pair : text.split(";")) {
            int eq = pair.indexOf('=');
            if (eq > 0) {
                options.put(pair.substring(0, eq).trim(), pair.substring(eq + 1).trim());
            }
        }
        return options;
    }

    private static String connector(Exchange exchange) {
        String connector = exchange.getProperty("connector", String.class);
        if (connector == null || connector.isBlank()) {
            throw new IllegalStateException("a connector call without its connector name (exchange property connector)");
        }
        return connector;
    }

    private static String requestId(Exchange exchange) {
        String id = exchange.getProperty("connectorRequestId", String.class);
        return id == null ? exchange.getExchangeId() : id;
    }

    private static long latencyMs(Exchange exchange) {
        Long started = exchange.getProperty("connectorStartedNanos", Long.class);
        return started == null ? 0 : (System.nanoTime() - started) / 1_000_000;
    }

    private String inputHash(Exchange exchange) {
        String connector = connector(exchange);
        Map<String, Object> input = new LinkedHashMap<>();
        input.put("connector", connector);
        input.put("version", board.descriptor(connector).map(ConnectorDescriptor::version).orElse("unknown"));
        input.put("request", String.valueOf(exchange.getProperty("connectorRequest", String.class)));
        return ContentHash.of(input);
    }

    /** The HTTP answer's headers are the system's, not ours; they must not travel on. */
    private static void clearCallHeaders(Exchange exchange) {
        exchange.getIn().removeHeaders("*", REQUEST_ID_HEADER);
    }
}
