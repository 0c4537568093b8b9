package studio.brain.tenancy;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import studio.brain.gate.auth.DelegationSigningKey;
import studio.brain.gate.auth.LocalAdminToken;
import studio.brain.ledger.SigningKey;
import studio.brain.testing.Ports;
import studio.brain.testing.TestHub;
import studio.brain.web.api.ApiHub;

/**
 * Two hub instances of one studio on one database, as docs/deployment.md describes a hot standby: each has its own
 * HTTP port and data dir, both hold the studio's keys, and both run everything — API, scheduled routes and the
 * outbox relay. Both serve the API over the same proposals (one decides what the other queued), and the outbox,
 * fed from both, reaches its subscribers once per message: each relay claims rows with {@code FOR UPDATE SKIP
 * LOCKED}, so no message is sent by both. The subscriber is a plain HTTP server that records each delivery's path
 * (which hub sent it) and its {@code Idempotency-Key} (the outbox id).
 */
class TwoHubsOneDatabaseTest {
    private static final int PROPOSALS_PER_HUB = 15;

    @TempDir
    Path work;

    private record Delivery(String hub, String key, String tenant) {
    }

    @Test
    void bothHubsServeTheApiAndTheOutboxDeliversEachMessageOnce() throws Exception {
        ConcurrentLinkedQueue<Delivery> deliveries = new ConcurrentLinkedQueue<>();
        HttpServer sink = HttpServer.create(new InetSocketAddress("127.0.0.1", Ports.free()), 0);
        sink.createContext("/sink/", exchange -> {
            exchange.getRequestBody().readAllBytes();
            deliveries.add(new Delivery(exchange.getRequestURI().getPath().substring("/sink/".length()),
                    exchange.getRequestHeaders().getFirst("Idempotency-Key"),
                    exchange.getRequestHeaders().getFirst("StudioBrainTenantId")));
            byte[] ok = "{}".getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, ok.length);
            exchange.getResponseBody().write(ok);
            exchange.close();
        });
        sink.start();
        String sinkUrl = "http://127.0.0.1:" + sink.getAddress().getPort() + "/sink/";

        Map<String, String> firstEnv = TestHub.env(work.resolve("first"));
        firstEnv.put("STUDIO_BRAIN_OUTBOX_SUBSCRIBERS", "*=" + sinkUrl + "first");
        Map<String, String> secondEnv = TestHub.env(work.resolve("second"));
        secondEnv.put("STUDIO_BRAIN_DB_URL", firstEnv.get("STUDIO_BRAIN_DB_URL"));
        secondEnv.put("STUDIO_BRAIN_OUTBOX_SUBSCRIBERS", "*=" + sinkUrl + "second");
        try (ApiHub first = ApiHub.start(firstEnv)) {
            shareKeys(Path.of(firstEnv.get("STUDIO_BRAIN_DATA_DIR")), Path.of(secondEnv.get("STUDIO_BRAIN_DATA_DIR")));
            try (ApiHub second = ApiHub.start(secondEnv)) {
                // An agent's token issued by the first hub works at the second: one studio, one delegation key.
                String agent = first.agent("member-ana", "agent-shelf-bot", "capability:ops.recommendation:propose");
                List<String> fromFirst = propose(first, agent, "first");
                List<String> fromSecond = propose(second, agent, "second");

                // One queue: each hub lists what either queued, and decides on the other's proposals.
                Set<String> all = new HashSet<>(fromFirst);
                all.addAll(fromSecond);
                assertThat(ids(first)).containsAll(all);
                assertThat(ids(second)).containsAll(all);
                ApiHub.Answer approved = second.post("/api/proposals/" + fromFirst.get(0) + "/approve",
                        second.staff(), ApiHub.json("rationale", "The standby decides what the primary queued"));
                assertThat(approved.status()).as(approved.body()).isEqualTo(200);
                assertThat(first.get("/api/proposals/" + fromFirst.get(0), first.staff()).json()
                        .at("/proposal/status").asText()).isEqualTo("approved");
                for (ApiHub hub : List.of(first, second)) {
                    assertThat(hub.hub.get("/readyz").statusCode()).isEqualTo(200);
                }

                awaitOutboxDrained(first);
                List<String> outboxIds = outboxIds(first);
                assertThat(outboxIds).hasSizeGreaterThanOrEqualTo(2 * PROPOSALS_PER_HUB + 1);
                Map<String, Long> perMessage = deliveries.stream()
                        .collect(Collectors.groupingBy(Delivery::key, TreeMap::new, Collectors.counting()));
                assertThat(perMessage.keySet()).containsExactlyInAnyOrderElementsOf(outboxIds);
                assertThat(perMessage).allSatisfy((key, times) -> assertThat(times).as(key).isEqualTo(1L));
                assertThat(deliveries).allSatisfy(d -> {
                    assertThat(d.hub()).isIn("first", "second");
                    assertThat(d.tenant()).isEqualTo("studio-main");
                });
                // Both hubs verify the one chain they both extend and sign.
                for (ApiHub hub : List.of(first, second)) {
                    ApiHub.Answer verified = hub.get("/api/audit/verify", hub.staff());
                    assertThat(verified.json().get("ok").asBoolean()).as(verified.body()).isTrue();
                }
            }
        } finally {
            sink.stop(0);
        }
    }

    /**
     * A standby holds the studio's keys: the ledger key (grants minted by one hub verify at the other, and the
     * checkpoints both sign verify with one key), the delegation key and the admin token.
     */
    private static void shareKeys(Path from, Path to) throws Exception {
        Files.createDirectories(to);
        for (String file : List.of(SigningKey.FILE_NAME, DelegationSigningKey.FILE_NAME, LocalAdminToken.FILE_NAME)) {
            Files.copy(from.resolve(file), to.resolve(file), StandardCopyOption.COPY_ATTRIBUTES);
        }
    }

    private static List<String> propose(ApiHub hub, String agent, String name) throws Exception {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < PROPOSALS_PER_HUB; i++) {
            ApiHub.Answer created = hub.post("/api/proposals", agent, ApiHub.json("capabilityId",
                    "ops.recommendation", "target", "kiln-room", "targetOwnerUid", "member-ana", "input",
                    ApiHub.json("summary", "Check kiln shelf " + i + " (" + name + ")"),
                    "rationale", "Shelf checks are due before the Friday firing"));
            assertThat(created.status()).as(created.body()).isEqualTo(202);
            ids.add(created.json().get("proposalId").asText());
        }
        return ids;
    }

    private static List<String> ids(ApiHub hub) throws Exception {
        ApiHub.Answer page = hub.get("/api/proposals?limit=200", hub.staff());
        assertThat(page.status()).as(page.body()).isEqualTo(200);
        List<String> ids = new ArrayList<>();
        page.json().get("proposals").forEach(p -> ids.add(p.get("id").asText()));
        return ids;
    }

    private static void awaitOutboxDrained(ApiHub hub) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        long pending = -1;
        while (System.nanoTime() < deadline) {
            pending = query(hub, "select count(*) from outbox where status <> 'delivered'", rs -> {
                try {
                    rs.next();
                    return rs.getLong(1);
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            if (pending == 0) {
                return;
            }
            Thread.sleep(200);
        }
        throw new AssertionError("the outbox still holds " + pending + " undelivered messages");
    }

    private static List<String> outboxIds(ApiHub hub) throws Exception {
        return query(hub, "select id::text from outbox", rs -> {
            List<String> ids = new ArrayList<>();
            try {
                while (rs.next()) {
                    ids.add(rs.getString(1));
                }
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
            return ids;
        });
    }

    private static <T> T query(ApiHub hub, String sql, Function<ResultSet, T> read) throws Exception {
        try (Connection c = hub.hub.hub().database().dataSource().getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery(sql)) {
            return read.apply(rs);
        }
    }
}
