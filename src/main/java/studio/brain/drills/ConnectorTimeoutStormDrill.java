package studio.brain.drills;

import java.nio.file.Files;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.component.http.HttpComponent;
import org.apache.camel.spi.CircuitBreakerConstants;

/**
 * A device connector whose system hangs: pollers call a Maker API stand-in over camel-http (connect and response
 * timeouts) behind Camel's circuit breaker (resilience4j, with a time limit), and the stand-in stops answering. Detect
 * is the time until the breaker opens — calls then fail fast instead of waiting — and the connector is reported
 * down in {@code /readyz}, which must stay degraded, never not_ready; recover is the time from the system answering
 * again until a call succeeds through the closed breaker. Polling never writes: the stand-in counts any non-GET.
 */
final class ConnectorTimeoutStormDrill implements Drill {
    static final String ID = "connector-timeout-storm";
    static final String ROUTE = "direct:drill-hubitat-poll";
    static final String COMPONENT = "connector:hubitat-drill";
    private static final long CALL_TIMEOUT_MILLIS = 600;

    /** What one poll saw: an answer, a time-out or failure (the fallback), or a breaker that refused to call. */
    private enum Outcome { OK, FAILED, SHORT_CIRCUITED }

    /** A poll's outcome, and whether the breaker was open once it was over. */
    private record Poll(Outcome outcome, boolean breakerOpen) {
    }

    @Override
    public DrillReport run(DrillHub hub, int load) throws Exception {
        Map<Long, String> before = hub.committedEvents();
        try (HangingMakerApi maker = HangingMakerApi.start()) {
            CamelContext camel = hub.hub.camel();
            HttpComponent http = camel.getComponent("http", HttpComponent.class);
            http.setConnectTimeout(CALL_TIMEOUT_MILLIS);
            http.setConnectionRequestTimeout(CALL_TIMEOUT_MILLIS);
            http.setResponseTimeout(CALL_TIMEOUT_MILLIS);
            http.setSoTimeout(CALL_TIMEOUT_MILLIS);
            camel.addRoutes(new RouteBuilder() {
                @Override
                public void configure() {
                    from(ROUTE).routeId("drill-hubitat-poll")
                            .circuitBreaker()
                                .resilience4jConfiguration()
                                    .slidingWindowSize(10).minimumNumberOfCalls(4).failureRateThreshold(50)
                                    .waitDurationInOpenState(1).permittedNumberOfCallsInHalfOpenState(2)
                                    .timeoutEnabled(true).timeoutDuration((int) CALL_TIMEOUT_MILLIS)
                                .end()
                                .to(maker.devicesUri())
                            .onFallback()
                                .setBody(constant("[]"))
                            .end();
                }
            });
            camel.getRouteController().startRoute("drill-hubitat-poll");
            ProducerTemplate template = camel.createProducerTemplate();
            AtomicBoolean running = new AtomicBoolean(true);
            AtomicLong firstShortCircuit = new AtomicLong();
            AtomicLong firstOkAfterHeal = new AtomicLong();
            AtomicLong healedAt = new AtomicLong(Long.MAX_VALUE);
            AtomicLong stormAt = new AtomicLong(Long.MAX_VALUE);
            AtomicLong okInARow = new AtomicLong();
            AtomicInteger calls = new AtomicInteger();
            AtomicInteger shortCircuited = new AtomicInteger();
            AtomicInteger failed = new AtomicInteger();
            AtomicInteger ok = new AtomicInteger();
            java.util.concurrent.ConcurrentHashMap<String, Integer> failures = new java.util.concurrent.ConcurrentHashMap<>();
            int sendsBefore = hub.recorder.count();
            int pollers = Math.max(2, Math.min(6, load / 5));
            Thread[] threads = new Thread[pollers];
            for (int p = 0; p < pollers; p++) {
                threads[p] = new Thread(() -> {
                    while (running.get()) {
                        Poll poll = poll(template, failures);
                        long at = System.nanoTime();
                        calls.incrementAndGet();
                        if (poll.breakerOpen() && at > stormAt.get() && firstShortCircuit.compareAndSet(0, at)) {
                            hub.hub.degradations().report(COMPONENT, "Maker API calls time out; the circuit "
                                    + "breaker is open and polls fail fast");
                        }
                        switch (poll.outcome()) {
                            case OK -> {
                                ok.incrementAndGet();
                                okInARow.incrementAndGet();
                                if (at > healedAt.get()) {
                                    firstOkAfterHeal.compareAndSet(0, at);
                                    hub.hub.degradations().clear(COMPONENT);
                                }
                            }
                            case FAILED -> {
                                failed.incrementAndGet();
                                okInARow.set(0);
                            }
                            case SHORT_CIRCUITED -> {
                                shortCircuited.incrementAndGet();
                                okInARow.set(0);
                            }
                        }
                        pause(50);
                    }
                }, "drill-poller-" + p);
                threads[p].setDaemon(true);
                threads[p].start();
            }
            // A slow first call (a cold client on a busy machine) may trip the breaker: start from a healthy run.
            awaitTrue(() -> okInARow.get() >= 2L * pollers, 30);
            int okBeforeStorm = ok.get();
            int callsBeforeStorm = calls.get();

            ConcurrentLinkedQueue<String> readiness = new ConcurrentLinkedQueue<>();
            long stormStart = System.nanoTime();
            stormAt.set(stormStart);
            maker.hang();
            boolean opened = awaitTrue(() -> firstShortCircuit.get() != 0, 30);
            Long detectMs = opened ? (firstShortCircuit.get() - stormStart) / 1_000_000 : null;
            String degradedAs = hub.readiness();
            long stormUntil = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(Math.max(500, 40L * load));
            while (System.nanoTime() < stormUntil) {
                readiness.add(hub.readiness());
                pause(100);
            }
            int callsDuringStorm = calls.get() - callsBeforeStorm;

            long healStart = System.nanoTime();
            healedAt.set(healStart);
            maker.heal();
            boolean recovered = awaitTrue(() -> firstOkAfterHeal.get() != 0, 30);
            Long recoverMs = recovered ? (firstOkAfterHeal.get() - healStart) / 1_000_000 : null;
            readiness.add(hub.readiness());
            running.set(false);
            for (Thread t : threads) {
                t.join(10_000);
            }
            String readyAfter = hub.readiness();

            long notReady = readiness.stream().filter("not_ready"::equals).count() + ("not_ready".equals(degradedAs) ? 1 : 0);
            long unauthorized = maker.writes() + hub.writesWithoutApproval() + (hub.recorder.count() - sendsBefore);
            long lost = hub.lostFrom(before);
            boolean verified = hub.verifyLedger().ok();
            Map<String, Object> details = new LinkedHashMap<>();
            details.put("connectorPath", Files.exists(hub.config().connectorsDir().resolve(
                    "hubitat-devices-source.kamelet.yaml"))
                    ? "drill route (camel-http + circuitBreaker); hubitat-devices-source Kamelet present but not driven"
                    : "drill route (camel-http + circuitBreaker)");
            details.put("pollers", pollers);
            details.put("calls", calls.get());
            details.put("callsDuringStorm", callsDuringStorm);
            details.put("okBeforeStorm", okBeforeStorm);
            details.put("timedOutOrFailed", failed.get());
            details.put("shortCircuited", shortCircuited.get());
            details.put("readinessWhileDown", degradedAs);
            details.put("readinessNotReadySamples", notReady);
            details.put("readinessAfter", readyAfter);
            details.put("makerApiRequests", maker.requests());
            details.put("makerApiWrites", maker.writes());
            details.put("failures", new java.util.TreeMap<>(failures));
            boolean held = opened && recovered && notReady == 0 && "degraded".equals(degradedAs)
                    && !"not_ready".equals(readyAfter);
            String outcome = (opened ? "the breaker opened and the connector was reported down (" + degradedAs + ")"
                    : "the breaker did NOT open") + "; the hub was " + (notReady == 0 ? "never" : notReady + " times")
                    + " not_ready; " + (recovered ? "polls succeeded again once the system answered"
                    : "polls did NOT recover") + "; " + maker.writes() + " writes attempted";
            return DrillReport.of(ID, detectMs, recoverMs, outcome, unauthorized, lost, verified, held, details);
        } finally {
            hub.hub.degradations().clear(COMPONENT);
            if (hub.hub.camel().getRoute("drill-hubitat-poll") != null) {
                hub.hub.camel().getRouteController().stopRoute("drill-hubitat-poll");
                hub.hub.camel().removeRoute("drill-hubitat-poll");
            }
        }
    }

    private static Poll poll(ProducerTemplate template, Map<String, Integer> failures) {
        Exchange done = template.send(ROUTE, exchange -> { });
        Throwable cause = done.getException() != null ? done.getException()
                : done.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        if (cause != null) {
            while (cause.getCause() != null && cause.getCause() != cause) {
                cause = cause.getCause();
            }
            failures.merge(cause.getClass().getSimpleName(), 1, Integer::sum);
        }
        boolean open = "OPEN".equals(done.getProperty(CircuitBreakerConstants.RESPONSE_STATE, String.class));
        if (Boolean.TRUE.equals(done.getProperty(CircuitBreakerConstants.RESPONSE_SHORT_CIRCUITED, Boolean.class))) {
            return new Poll(Outcome.SHORT_CIRCUITED, true);
        }
        if (done.getException() != null
                || Boolean.TRUE.equals(done.getProperty(CircuitBreakerConstants.RESPONSE_FROM_FALLBACK, Boolean.class))
                || !Boolean.TRUE.equals(done.getProperty(CircuitBreakerConstants.RESPONSE_SUCCESSFUL_EXECUTION,
                Boolean.class))) {
            return new Poll(Outcome.FAILED, open);
        }
        return new Poll(Outcome.OK, open);
    }

    private static boolean awaitTrue(java.util.function.BooleanSupplier condition, int seconds) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (System.nanoTime() < deadline) {
            if (condition.getAsBoolean()) {
                return true;
            }
            pause(20);
        }
        return condition.getAsBoolean();
    }

    private static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
