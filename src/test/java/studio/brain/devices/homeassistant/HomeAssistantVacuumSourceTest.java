package studio.brain.devices.homeassistant;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import java.net.ConnectException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeoutException;
import java.util.function.Predicate;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.component.kamelet.KameletComponent;
import org.apache.camel.http.base.HttpOperationFailedException;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import studio.brain.devices.ConnectorFailure;
import studio.brain.devices.ErrorKind;
import studio.brain.devices.valetudo.Eventually;
import studio.brain.testing.CapturedOutput;

/**
 * The home-assistant-vacuum-source Kamelet polling a fake Home Assistant over HTTP: the Bearer token and a request
 * id on every call, each failure handed on as the exception that caused it, and the breaker opening and recovering.
 */
class HomeAssistantVacuumSourceTest {
    private static final String TOKEN = "eyJhbGciOiJIUzI1NiJ9.test-long-lived-token.c2lnbmF0dXJl";
    private static final Duration WAIT = Duration.ofSeconds(30);

    private record Outcome(boolean ok, String requestId, Throwable failure, boolean authorizationLeft,
                           ConnectorFailure normalization) {
    }

    private final List<Outcome> outcomes = new CopyOnWriteArrayList<>();
    private final HomeAssistantVacuums vacuums = new HomeAssistantVacuums(
            HomeAssistantVacuums.parseAllowlist(HomeAssistantStates.ALLOWLIST), Duration.ofMinutes(15),
            Clock.systemUTC());
    private FakeHomeAssistant fake;
    private CamelContext camel;

    @AfterEach
    void tearDown() throws Exception {
        if (camel != null) {
            camel.stop();
        }
        if (fake != null) {
            fake.close();
        }
    }

    private void startCamel(String token, String extra) throws Exception {
        camel = new DefaultCamelContext();
        camel.getComponent("kamelet", KameletComponent.class).setLocation("file:connectors-yaml");
        camel.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("kamelet:home-assistant-vacuum-source?url=" + fake.url() + "&token=RAW(" + token + ")&period=150"
                        + extra)
                        .routeId("home-assistant-test")
                        .process(exchange -> outcomes.add(outcome(exchange)));
            }
        });
        camel.start();
    }

    private Outcome outcome(Exchange exchange) {
        boolean ok = Boolean.TRUE.equals(exchange.getMessage().getHeader("connectorOk", Boolean.class));
        ConnectorFailure normalization = null;
        if (ok) {
            try {
                vacuums.accept(exchange.getMessage().getBody(String.class));
            } catch (ConnectorFailure failure) {
                normalization = failure;
            }
        }
        return new Outcome(ok, exchange.getMessage().getHeader("X-Request-Id", String.class),
                exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class),
                exchange.getMessage().getHeader("Authorization") != null, normalization);
    }

    private Outcome awaitOutcome(String what, Predicate<Outcome> condition) {
        int from = outcomes.size();
        Eventually.await(what, WAIT, () -> outcomes.subList(from, outcomes.size()).stream().anyMatch(condition));
        return outcomes.subList(from, outcomes.size()).stream().filter(condition).findFirst().orElseThrow();
    }

    private static Predicate<Outcome> httpStatus(int status) {
        return o -> cause(o, HttpOperationFailedException.class) instanceof HttpOperationFailedException http
                && http.getStatusCode() == status;
    }

    /** Camel's breaker wraps what the call threw; a classifier looks down the cause chain, and so do we. */
    private static Throwable cause(Outcome outcome, Class<? extends Throwable> type) {
        for (Throwable t = outcome.failure(); t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return t;
            }
        }
        return null;
    }

    @Test
    void aPollReadsTheAllowlistedVacuumsWithTheBearerTokenAndARequestId() throws Exception {
        fake = FakeHomeAssistant.start(TOKEN);
        startCamel(TOKEN, "");

        Outcome ok = awaitOutcome("a good poll", Outcome::ok);
        assertThat(ok.normalization()).isNull();
        assertThat(ok.authorizationLeft()).isFalse();
        assertThat(ok.requestId()).isNotBlank();
        assertThat(vacuums.devices()).hasSize(5);
        assertThat(fake.requests()).anySatisfy(request -> {
            assertThat(request.method()).isEqualTo("GET");
            assertThat(request.path()).isEqualTo("/api/states");
            assertThat(request.headers()).containsEntry("authorization", "Bearer " + TOKEN)
                    .containsEntry("x-request-id", ok.requestId());
        });
    }

    @Test
    void aWrongTokenGetsHomeAssistants401() throws Exception {
        fake = FakeHomeAssistant.start(TOKEN);
        String wrong = "not-the-token-8f2c1d";
        try (CapturedOutput log = new CapturedOutput()) {
            startCamel(wrong, "");

            Outcome refused = awaitOutcome("a 401", httpStatus(401));
            assertThat(refused.ok()).isFalse();
            assertThat(refused.authorizationLeft()).isFalse();
            assertThat(refused.failure()).hasStackTraceContaining("statusCode: 401")
                    .satisfies(failure -> assertThat(String.valueOf(failure)).doesNotContain(wrong));
            assertThat(vacuums.devices()).isEmpty();
            camel.stop();
            assertThat(log.text()).doesNotContain(wrong);
        }
    }

    @Test
    void eachFaultArrivesAsTheExceptionOrBadPayloadThatCausedIt() throws Exception {
        fake = FakeHomeAssistant.start(TOKEN);
        startCamel(TOKEN, "&breakerMinimumCalls=1000&breakerWindowSize=1000");
        awaitOutcome("a good poll", Outcome::ok);

        fake.fault(FakeHomeAssistant.Fault.FORBIDDEN);
        awaitOutcome("a 403", httpStatus(403));

        fake.retryAfter(Duration.ofSeconds(7));
        fake.fault(FakeHomeAssistant.Fault.RATE_LIMITED);
        Outcome limited = awaitOutcome("a 429", httpStatus(429));
        // header names are case-insensitive (this server sends "Retry-after"); the map keeps the server's spelling
        assertThat(((HttpOperationFailedException) cause(limited, HttpOperationFailedException.class))
                .getResponseHeaders().entrySet())
                .anySatisfy(header -> {
                    assertThat(header.getKey()).isEqualToIgnoringCase("Retry-After");
                    assertThat(header.getValue()).isEqualTo("7");
                });

        fake.fault(FakeHomeAssistant.Fault.SERVER_ERROR);
        awaitOutcome("a 500", httpStatus(500));

        fake.fault(FakeHomeAssistant.Fault.MALFORMED_JSON);
        Outcome malformed = awaitOutcome("malformed JSON", o -> o.ok() && o.normalization() != null);
        assertThat(malformed.normalization().kind()).isEqualTo(ErrorKind.BAD_RESPONSE);

        fake.fault(FakeHomeAssistant.Fault.WRONG_TYPES);
        Outcome wrong = awaitOutcome("wrong types", o -> o.ok() && o.normalization() != null);
        assertThat(wrong.normalization().kind()).isEqualTo(ErrorKind.BAD_RESPONSE);
        assertThat(wrong.normalization().getMessage()).contains("battery_level");

        // the last good reading is kept through all of it
        assertThat(vacuums.devices()).hasSize(5);
    }

    @Test
    void aSlowDripAnswerIsCutOffByTheWholeCallTimeout() throws Exception {
        fake = FakeHomeAssistant.start(TOKEN);
        fake.dripInterval(Duration.ofMillis(100));
        fake.fault(FakeHomeAssistant.Fault.SLOW_DRIP);
        startCamel(TOKEN, "&callTimeoutMillis=800&breakerMinimumCalls=1000&breakerWindowSize=1000");

        Outcome timedOut = awaitOutcome("a timeout", o -> cause(o, TimeoutException.class) != null);
        assertThat(timedOut.ok()).isFalse();
    }

    @Test
    void theBreakerOpensWhileHomeAssistantIsDownAndClosesAfterItComesBack() throws Exception {
        fake = FakeHomeAssistant.start(TOKEN);
        startCamel(TOKEN, "&breakerMinimumCalls=2&breakerWindowSize=2&breakerOpenSeconds=1");
        awaitOutcome("a good poll", Outcome::ok);

        fake.stop();
        awaitOutcome("connection refused", o -> cause(o, ConnectException.class) != null);
        awaitOutcome("the breaker open", o -> cause(o, CallNotPermittedException.class) != null);

        fake.restart();
        Outcome recovered = awaitOutcome("a good poll after the restart", Outcome::ok);
        assertThat(recovered.normalization()).isNull();
    }
}
