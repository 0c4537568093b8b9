package studio.brain.ledger;

import org.apache.camel.Exchange;
import org.apache.camel.spi.CamelEvent;
import org.apache.camel.spi.CamelEvent.ExchangeFailedEvent;
import org.apache.camel.support.EventNotifierSupport;
import studio.brain.observability.EventLog;

/**
 * Every exchange that fails, in any route, appends {@code route.failed} with the route id and the error class —
 * never the payload or the message text. Appends are asynchronous so a failing route is not slowed by the ledger.
 */
public final class RouteFailureAudit extends EventNotifierSupport {
    private static final EventLog LOG = EventLog.of("ledger");

    private final Ledger ledger;
    private final String tenantId;

    public RouteFailureAudit(Ledger ledger, String tenantId) {
        this.ledger = ledger;
        this.tenantId = tenantId;
        setIgnoreCamelContextEvents(true);
        setIgnoreRouteEvents(true);
        setIgnoreServiceEvents(true);
        setIgnoreStepEvents(true);
        setIgnoreExchangeCreatedEvent(true);
        setIgnoreExchangeCompletedEvent(true);
        setIgnoreExchangeSendingEvents(true);
        setIgnoreExchangeSentEvents(true);
        setIgnoreExchangeRedeliveryEvents(true);
    }

    @Override
    public void notify(CamelEvent event) {
        if (!(event instanceof ExchangeFailedEvent failed)) {
            return;
        }
        Exchange exchange = failed.getExchange();
        Exception error = exchange.getException();
        String routeId = exchange.getFromRouteId();
        ledger.appendAsync(AuditRecord.of(tenantId, ActorType.SYSTEM, "route:" + routeId, "route.failed")
                        .requestId(exchange.getIn().getHeader(Exchange.BREADCRUMB_ID, String.class))
                        .correlationId(exchange.getExchangeId())
                        .meta("routeId", routeId)
                        .meta("errorClass", error == null ? null : error.getClass().getName())
                        .build())
                .exceptionally(e -> {
                    LOG.warn("ledger.route_failure_not_recorded", "routeId", routeId, "errorClass", e.getClass().getName());
                    return null;
                });
    }
}
