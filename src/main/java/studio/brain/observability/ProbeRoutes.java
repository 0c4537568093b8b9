package studio.brain.observability;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.Map;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;

/**
 * The probe endpoints: {@code /healthz} (the process answers), {@code /readyz} (it can do its work) and
 * {@code /metrics} (Prometheus text). They take no parameters; query strings, headers and bodies sent to them
 * are ignored and never echoed.
 */
public final class ProbeRoutes extends RouteBuilder {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Readiness readiness;
    private final PrometheusMeterRegistry metrics;

    public ProbeRoutes(Readiness readiness, PrometheusMeterRegistry metrics) {
        this.readiness = readiness;
        this.metrics = metrics;
        io.micrometer.core.instrument.Gauge.builder("studio_brain_kill_switch_on", readiness, Readiness::killSwitchGauge)
                .description("1 while the kill switch blocks every write and execution, 0 when off, -1 unknown")
                .register(metrics);
    }

    @Override
    public void configure() {
        from("platform-http:/healthz?httpMethodRestrict=GET,HEAD").routeId("probe-healthz")
                .process(e -> respond(e, 200, "application/json", JSON.writeValueAsString(Map.of("status", "up"))));

        from("platform-http:/readyz?httpMethodRestrict=GET,HEAD").routeId("probe-readyz")
                .process(e -> {
                    Readiness.Report report = readiness.check();
                    respond(e, report.ready() ? 200 : 503, "application/json", JSON.writeValueAsString(report.body()));
                });

        from("platform-http:/metrics?httpMethodRestrict=GET,HEAD").routeId("probe-metrics")
                .process(e -> respond(e, 200, "text/plain; version=0.0.4; charset=utf-8", metrics.scrape()));
    }

    private static void respond(Exchange exchange, int status, String contentType, String body) {
        var message = exchange.getMessage();
        message.removeHeaders("*");
        message.setHeader(Exchange.HTTP_RESPONSE_CODE, status);
        message.setHeader(Exchange.CONTENT_TYPE, contentType);
        message.setHeader("Cache-Control", "no-store");
        message.setBody(body);
    }
}
