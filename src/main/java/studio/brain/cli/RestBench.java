package studio.brain.cli;

import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import studio.brain.gate.auth.LocalAdminToken;

/**
 * Proposals over HTTP: starts a hub of its own (embedded PostgreSQL in a temporary folder, a one-capability registry
 * without quotas so that limits do not stop the run) and posts proposals from keep-alive connections, recording
 * each request's latency.
 */
@Command(name = "rest", description = "POST /api/proposals throughput and latency from concurrent connections.")
final class RestBench implements Callable<Integer> {
    private static final String REGISTRY = """
            version: "3.0"
            capabilities:
              - id: bench.proposal
                title: A proposal that only exists to be measured
                target: local
                mode: write
                risk: low
                approval: required
                exemptable: false
                enabled: true
                owner: studio-ops
                rollback: reject the proposal; it never leaves the hub
                dryRun: false
                actionSchema:
                  type: object
                  required: [summary]
                  properties:
                    summary: { type: string, minLength: 1, maxLength: 200 }
            """;

    @Option(names = "--requests", defaultValue = "5000", description = "Proposals to post (default ${DEFAULT-VALUE}).")
    int requests;

    @Option(names = "--connections", defaultValue = "8", description = "Concurrent connections (default ${DEFAULT-VALUE}).")
    int connections;

    @Override
    public Integer call() throws Exception {
        Path work = Files.createTempDirectory("rest-bench");
        Path policies = Files.createDirectories(work.resolve("policies/schema"));
        Files.copy(Path.of("policies/schema/capabilities.schema.json"), policies.resolve("capabilities.schema.json"));
        Files.writeString(work.resolve("policies/capabilities.yaml"), REGISTRY);
        HttpLoad load = new HttpLoad();
        try (HttpLoad.BenchHub hub = load.startHub(work, Map.of("STUDIO_BRAIN_POLICIES_DIR",
                work.resolve("policies").toString()))) {
            String token = Files.readString(work.resolve("data").resolve(LocalAdminToken.FILE_NAME)).trim();
            URI uri = URI.create("http://127.0.0.1:" + hub.port() + "/api/proposals");
            HttpLoad.Result result = load.run(requests, connections, 202, i -> HttpRequest.newBuilder(uri)
                    .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"capabilityId\":\"bench.proposal\",\"target\":\"batch-"
                            + i + "\",\"input\":{\"summary\":\"Check batch " + i + "\"},\"rationale\":\"Batch " + i
                            + " waits longer than usual for a firing\"}")).build());
            System.out.printf("| POST /api/proposals, %d connections | %d requests (%d not 202) | %.2f s | %,.0f/s | "
                            + "p50 %.1f ms | p99 %.1f ms |%n", connections, requests, result.unexpected(),
                    result.seconds(), result.perSecond(), result.p50Millis(), result.p99Millis());
        }
        return StudioBrain.OK;
    }
}
