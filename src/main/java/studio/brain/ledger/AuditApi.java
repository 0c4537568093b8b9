package studio.brain.ledger;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import javax.sql.DataSource;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import studio.brain.web.JsonApi;

/**
 * {@code GET /api/audit} (the timeline, filtered and paged), {@code GET /api/audit/verify} (the chain and its
 * signed checkpoints, checked now) and {@code GET /api/audit/export} (a bundle that verifies offline, as a zip).
 * Verifications and exports are recorded in the ledger themselves. Staff only: each route starts with the step
 * the hub hands in (the API's authentication, admitting staff), so the ledger knows nothing of how people sign in.
 */
public final class AuditApi extends JsonApi {
    private static final String[] FILTERS = {"from", "to", "action", "actor", "actorType", "capability",
            "approvalState", "tenant", "correlationId", "before", "limit"};

    private final Ledger ledger;
    private final Supplier<DataSource> dataSource;
    private final String tenantId;
    private final Clock clock;
    private final Processor staffOnly;

    public AuditApi(Ledger ledger, Supplier<DataSource> dataSource, String tenantId, Clock clock, Processor staffOnly) {
        this.staffOnly = staffOnly;
        this.ledger = ledger;
        this.dataSource = dataSource;
        this.tenantId = tenantId;
        this.clock = clock;
    }

    @Override
    public void configure() {
        handleErrors();

        from("platform-http:/api/audit?httpMethodRestrict=GET").routeId("api-audit-list")
                .process(staffOnly)
                .process(this::list);

        from("platform-http:/api/audit/verify?httpMethodRestrict=GET").routeId("api-audit-verify")
                .process(staffOnly)
                .process(this::verify);

        from("platform-http:/api/audit/export?httpMethodRestrict=GET").routeId("api-audit-export")
                .process(staffOnly)
                .process(this::export);
    }

    private void list(Exchange exchange) throws Exception {
        Map<String, String> params = new LinkedHashMap<>();
        for (String name : FILTERS) {
            String value = query(exchange, name);
            if (value != null) {
                params.put(name, value);
            }
        }
        // The timeline is this studio's: another studio's events (in a database two hubs share) are not shown, and
        // asking for them is refused rather than answered with an empty page.
        String tenant = params.get("tenant");
        if (tenant != null && !tenant.equals(tenantId)) {
            error(exchange, 403, "TENANT_MISMATCH", "this hub serves studio " + tenantId + " only");
            return;
        }
        params.put("tenant", tenantId);
        respond(exchange, 200, AuditQuery.list(dataSource.get(), AuditQuery.Filter.parse(params)));
    }

    private void verify(Exchange exchange) throws Exception {
        VerifyReport report = LedgerVerifier.verify(dataSource.get(), ledger.verifierKey(), 0, n -> { });
        ledger.append(AuditRecord.of(tenantId, ActorType.SYSTEM, "audit-api", "ledger.verified")
                .requestId(requestId(exchange))
                .outputHash(studio.brain.hash.ContentHash.of(report.toMap()))
                .meta("ok", report.ok()).meta("eventsChecked", report.eventsChecked())
                .meta("firstBadSeq", report.firstBadSeq())
                .build());
        respond(exchange, 200, report.toMap());
    }

    private void export(Exchange exchange) throws Exception {
        long from = number(query(exchange, "from"), 1, "from");
        long to = number(query(exchange, "to"), Long.MAX_VALUE, "to");
        Path dir = Files.createTempDirectory("audit-export");
        try {
            AuditBundle.Exported exported = AuditBundle.export(dataSource.get(), ledger.signingKey(), from, to, dir,
                    clock.instant());
            byte[] zip = zip(dir);
            ledger.append(AuditRecord.of(tenantId, ActorType.SYSTEM, "audit-api", "ledger.exported")
                    .requestId(requestId(exchange))
                    .outputHash(studio.brain.hash.ContentHash.sha256Hex(zip))
                    .meta("from", exported.from()).meta("to", exported.to()).meta("count", exported.count())
                    .meta("lastHash", exported.lastHash())
                    .build());
            var message = exchange.getMessage();
            message.removeHeaders("*");
            message.setHeader(Exchange.HTTP_RESPONSE_CODE, 200);
            message.setHeader(Exchange.CONTENT_TYPE, "application/zip");
            message.setHeader("Cache-Control", "no-store");
            message.setHeader("Content-Disposition", "attachment; filename=\"audit-" + exported.from() + "-"
                    + exported.to() + ".zip\"");
            message.setBody(zip);
        } finally {
            try (Stream<Path> files = Files.walk(dir)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    private static long number(String value, long fallback, String name) {
        if (value == null) {
            return fallback;
        }
        try {
            long parsed = Long.parseLong(value);
            if (parsed >= 1) {
                return parsed;
            }
        } catch (NumberFormatException ignored) {
            // below
        }
        throw new IllegalArgumentException(name + " must be a sequence number from 1");
    }

    static byte[] zip(Path dir) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            for (String name : new String[] {AuditBundle.MANIFEST, AuditBundle.SIGNATURE, AuditBundle.EVENTS}) {
                zip.putNextEntry(new ZipEntry(name));
                Files.copy(dir.resolve(name), zip);
                zip.closeEntry();
            }
        }
        return bytes.toByteArray();
    }
}
