package studio.brain.web.api;

import java.sql.Connection;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import javax.sql.DataSource;
import org.apache.camel.Exchange;
import studio.brain.state.StudioStateService;
import studio.brain.state.StudioStateStore;

/**
 * StudioState for staff: {@code GET /api/studio-state/latest}, {@code /{date}}, {@code /diffs?limit=},
 * {@code /drift?limit=}, and {@code POST /api/studio-state/snapshots} (compute now, through the studio-state route).
 * Every answer with state values says where they come from ({@code derivedFrom: cloud}, the source timestamps,
 * sample data or not) and whether they are stale.
 */
public final class StudioStateApi extends ApiRoutes {
    static final String COMPUTE = "direct:studio-state-compute";

    private final StudioStateService service;
    private final Supplier<DataSource> dataSource;
    private final String tenant;
    private final Clock clock;

    StudioStateApi(ApiAuthentication authentication, StudioStateService service, Supplier<DataSource> dataSource,
                   String tenant, Clock clock) {
        super(authentication);
        this.service = service;
        this.dataSource = dataSource;
        this.tenant = tenant;
        this.clock = clock;
    }

    @Override
    public void configure() {
        handleApiErrors();
        // One route for the four views: "latest", "diffs" and "drift" would otherwise compete with "{date}".
        endpoint("GET", "/api/studio-state/{view}", Access.STAFF, "api-studio-state-read").process(this::read);
        endpoint("POST", "/api/studio-state/snapshots", Access.STAFF, "api-studio-state-compute").process(this::compute);
    }

    private void read(Exchange exchange) throws Exception {
        requireService();
        String view = parameter(exchange, "view");
        try (Connection c = dataSource.get().getConnection()) {
            switch (view == null ? "" : view) {
                case "latest" -> respond(exchange, 200, state(StudioStateStore.latest(c, tenant),
                        "no snapshot has been computed yet: POST /api/studio-state/snapshots, or wait for the daily run"));
                case "diffs" -> respond(exchange, 200, Map.of("derivedFrom", "cloud", "sampleData", service.sampleData(),
                        "diffs", StudioStateStore.diffs(c, tenant, limit(exchange, 30))));
                case "drift" -> respond(exchange, 200, Map.of("derivedFrom", "cloud", "sampleData", service.sampleData(),
                        "drift", StudioStateStore.drift(c, tenant, limit(exchange, 30))));
                default -> respond(exchange, 200, state(StudioStateStore.byDate(c, tenant, date(view)),
                        "no snapshot for " + view));
            }
        }
    }

    private void compute(Exchange exchange) throws Exception {
        requireService();
        Object result = requestRoute(COMPUTE, Map.of("studioStateReason", "on demand", "studioStateActor",
                actor(exchange).id(), "studioStateRequestId", String.valueOf(requestId(exchange))),
                "routes/studio-state.camel.yaml");
        respond(exchange, 201, result);
    }

    /** With a refused metrics file or an unreachable source StudioState is off; /readyz says why. */
    private void requireService() {
        if (service == null) {
            throw ApiProblem.of(503, ApiProblem.UNAVAILABLE, "StudioState is off: GET /readyz names the reason "
                    + "(policies/studio-metrics.yaml refused, or the cloud source could not be opened)");
        }
    }

    private Map<String, Object> state(Optional<StudioStateStore.Stored> stored, String whyNone) {
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("derivedFrom", "cloud");
        answer.put("sampleData", service.sampleData());
        if (stored.isEmpty()) {
            answer.put("snapshot", null);
            answer.put("reason", whyNone);
            return answer;
        }
        StudioStateStore.Stored s = stored.get();
        Duration age = Duration.between(s.generatedAt(), clock.instant());
        answer.put("snapshotDate", s.date().toString());
        answer.put("snapshotHash", s.hash());
        answer.put("sourceTimestamps", s.snapshot().get("cloudSync"));
        answer.put("stale", age.compareTo(service.staleAfter()) > 0);
        answer.put("ageSeconds", age.toSeconds());
        answer.put("staleAfterSeconds", service.staleAfter().toSeconds());
        answer.put("recomputeNote", s.recomputeNote());
        answer.put("snapshot", s.snapshot());
        return answer;
    }

    private static LocalDate date(String view) {
        try {
            return LocalDate.parse(view);
        } catch (DateTimeParseException | NullPointerException e) {
            throw ApiProblem.notFound("no StudioState view '" + shorten(view)
                    + "': use latest, diffs, drift or a date (YYYY-MM-DD)");
        }
    }
}
