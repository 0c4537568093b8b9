package studio.brain.cli;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Cold start to ready: spawns the hub jar as a person would, polls {@code /readyz} until it answers 200, and
 * reads the process's resident memory once it has settled. Three scenarios: embedded PostgreSQL on an empty
 * data dir, on an existing one, and an already running PostgreSQL.
 */
@Command(name = "startup", description = "Cold start to ready, and resident memory after start.")
final class StartupBench implements Callable<Integer> {
    @Option(names = "--runs", description = "Runs per scenario (default ${DEFAULT-VALUE}).", defaultValue = "5")
    int runs;

    @Option(names = "--jar", description = "The hub jar (default ${DEFAULT-VALUE}).", defaultValue = "target/studio-brain.jar")
    Path jar;

    @Option(names = "--jvm-arg", description = "Extra JVM argument for the hub, repeatable (e.g. -XX:SharedArchiveFile=app.jsa).")
    List<String> jvmArgs = new ArrayList<>();

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofMillis(200)).build();

    private record Sample(long readyMillis, long rssKib) {
    }

    @Override
    public Integer call() throws Exception {
        if (!Files.isRegularFile(jar)) {
            System.err.println("No hub jar at " + jar + "; build it first with ./mvnw -q -DskipTests package");
            return StudioBrain.FAILED;
        }
        Path work = Files.createTempDirectory("studio-brain-bench");
        System.out.println("| scenario | runs | ready ms (min / median / max) | RSS MiB after ready (median) |");
        System.out.println("|---|---|---|---|");

        List<Sample> empty = new ArrayList<>();
        for (int i = 0; i < runs; i++) {
            empty.add(measure(Map.of("STUDIO_BRAIN_DATA_DIR", work.resolve("empty-" + i).toString())));
        }
        report("embedded PostgreSQL, empty data dir", empty);

        Path existing = work.resolve("existing");
        measure(Map.of("STUDIO_BRAIN_DATA_DIR", existing.toString()));
        List<Sample> kept = new ArrayList<>();
        for (int i = 0; i < runs; i++) {
            kept.add(measure(Map.of("STUDIO_BRAIN_DATA_DIR", existing.toString())));
        }
        report("embedded PostgreSQL, existing data dir", kept);

        try (EmbeddedPostgres running = EmbeddedPostgres.builder().setDataDirectory(work.resolve("pg")).start()) {
            Map<String, String> env = Map.of("STUDIO_BRAIN_DATA_DIR", work.resolve("external").toString(),
                    "STUDIO_BRAIN_DB_URL", running.getJdbcUrl("postgres", "postgres"),
                    "STUDIO_BRAIN_DB_USER", "postgres");
            measure(env);
            List<Sample> external = new ArrayList<>();
            for (int i = 0; i < runs; i++) {
                external.add(measure(env));
            }
            report("already running PostgreSQL", external);
        }
        return StudioBrain.OK;
    }

    private Sample measure(Map<String, String> env) throws Exception {
        int port = freePort();
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmArgs);
        command.addAll(List.of("-jar", jar.toString()));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD);
        builder.environment().keySet().removeIf(k -> k.startsWith("STUDIO_BRAIN_"));
        builder.environment().putAll(env);
        builder.environment().put("STUDIO_BRAIN_HTTP_PORT", Integer.toString(port));
        long started = System.nanoTime();
        Process process = builder.start();
        try {
            URI readyz = URI.create("http://127.0.0.1:" + port + "/readyz");
            long deadline = started + Duration.ofSeconds(120).toNanos();
            while (System.nanoTime() < deadline) {
                if (!process.isAlive()) {
                    throw new IllegalStateException("the hub exited with " + process.exitValue() + " before it was ready");
                }
                if (answers200(readyz)) {
                    long readyMillis = (System.nanoTime() - started) / 1_000_000;
                    Thread.sleep(2_000);
                    return new Sample(readyMillis, residentKib(process.pid()));
                }
                Thread.sleep(10);
            }
            throw new IllegalStateException("the hub was not ready within 120 s");
        } finally {
            process.destroy();
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        }
    }

    private boolean answers200(URI uri) throws InterruptedException {
        try {
            return http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(2)).build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
        } catch (IOException notYet) {
            return false;
        }
    }

    private static long residentKib(long pid) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", ""));
            }
        }
        return -1;
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static void report(String scenario, List<Sample> samples) {
        List<Long> ready = samples.stream().map(Sample::readyMillis).sorted().toList();
        List<Long> rss = samples.stream().map(Sample::rssKib).sorted(Comparator.naturalOrder()).toList();
        System.out.printf("| %s | %d | %d / %d / %d | %d |%n", scenario, samples.size(), ready.get(0),
                ready.get(ready.size() / 2), ready.get(ready.size() - 1), rss.get(rss.size() / 2) / 1024);
    }
}
