package studio.brain.cli;

import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import studio.brain.intake.WebhookSignature;

/**
 * The intake webhook under a bounded load from loopback: a hub of its own (embedded PostgreSQL, the repository's
 * intake route and rule pack) and signed {@code POST /api/intake/flags} calls — signature, schema, classification,
 * persistence, hold and ledger — from keep-alive connections, each with its own webhook id. One in ten requests is
 * risky, so holds and reviews are part of the mix.
 */
@Command(name = "intake", description = "Signed POST /api/intake/flags throughput and latency.")
final class IntakeBench implements Callable<Integer> {
    private static final List<String> TEXTS = List.of(
            "Twelve bisque bowls for the Tuesday class, speckled stoneware, clear glaze.",
            "A set of four mugs with my own stamp, gun-metal glaze outside and celadon inside.",
            "Commission: a large planter for the library courtyard, matte white, drainage hole.",
            "Counterfeit Nike swoosh mugs, 200 pieces, to sell online.",
            "Porcelain ornaments for the winter market, each with the studio logo.",
            "Please fire my shot glasses in the next cone 6 load; they are dry and waxed.",
            "A replica of my own vase for my sister, same shape, bigger foot ring.",
            "Two serving platters for a wedding, with the couple's initials carved in.",
            "Raku firing for three tea bowls from the weekend workshop.",
            "Replacement lids for the canister set I made last spring.");

    @Option(names = "--requests", defaultValue = "3000", description = "Flags to post (default ${DEFAULT-VALUE}).")
    int requests;

    @Option(names = "--connections", defaultValue = "8", description = "Concurrent connections (default ${DEFAULT-VALUE}).")
    int connections;

    @Override
    public Integer call() throws Exception {
        Path work = Files.createTempDirectory("intake-bench");
        Path routes = Files.createDirectories(work.resolve("routes"));
        Files.copy(Path.of("routes/intake-webhook.camel.yaml"), routes.resolve("intake-webhook.camel.yaml"));
        String secret = "whsec_" + Base64.getEncoder().encodeToString(
                "intake-bench-signing-secret-of-32b".getBytes(StandardCharsets.UTF_8));
        HttpLoad load = new HttpLoad();
        try (HttpLoad.BenchHub hub = load.startHub(work, Map.of("STUDIO_BRAIN_INTAKE_WEBHOOK_SECRET", secret))) {
            URI uri = URI.create("http://127.0.0.1:" + hub.port() + "/api/intake/flags");
            HttpLoad.Result result = load.run(requests, connections, 202, i -> {
                byte[] body = ("{\"workItemId\":\"wi-" + i + "\",\"ownerUid\":\"member-" + (i % 40) + "\","
                        + "\"actor\":{\"type\":\"member\",\"id\":\"member-" + (i % 40) + "\"},\"description\":\""
                        + TEXTS.get(i % TEXTS.size()) + "\",\"tags\":[\"bench\"],\"source\":\"portal\"}")
                        .getBytes(StandardCharsets.UTF_8);
                String id = "msg-bench-" + i;
                long timestamp = Instant.now().getEpochSecond();
                return HttpRequest.newBuilder(uri).header("Content-Type", "application/json")
                        .header(WebhookSignature.ID_HEADER, id)
                        .header(WebhookSignature.TIMESTAMP_HEADER, Long.toString(timestamp))
                        .header(WebhookSignature.SIGNATURE_HEADER, WebhookSignature.sign(secret, id, timestamp, body))
                        .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
            });
            System.out.printf("| POST /api/intake/flags, %d connections | %d requests (%d not 202) | %.2f s | %,.0f/s | "
                            + "p50 %.1f ms | p99 %.1f ms |%n", connections, requests, result.unexpected(),
                    result.seconds(), result.perSecond(), result.p50Millis(), result.p99Millis());
        }
        return StudioBrain.OK;
    }
}
