package studio.brain.drills;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import javax.sql.DataSource;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * A PostgreSQL server of the drill's own, on loopback, with its cluster in the drill's work folder: the drill hub
 * reaches it through a JDBC URL, as it would reach an external server, so the drill can stop it and start it again on
 * the same port and cluster (the Postgres outage) and can act as its owner (the ledger tampering).
 */
final class ThrowawayPostgres implements AutoCloseable {
    private final Path clusterDir;
    private final int port;
    private volatile EmbeddedPostgres server;

    private ThrowawayPostgres(Path clusterDir, int port) {
        this.clusterDir = clusterDir;
        this.port = port;
    }

    static ThrowawayPostgres start(Path clusterDir) {
        ThrowawayPostgres postgres = new ThrowawayPostgres(clusterDir, freePort());
        postgres.start();
        return postgres;
    }

    synchronized void start() {
        if (server != null) {
            return;
        }
        try {
            Files.createDirectories(clusterDir);
            server = EmbeddedPostgres.builder()
                    .setDataDirectory(clusterDir)
                    .setCleanDataDirectory(false)
                    .setPort(port)
                    .setServerConfig("max_connections", "100")
                    // Commit times order what committed first, e.g. an execution's claim and a revocation.
                    .setServerConfig("track_commit_timestamp", "on")
                    .setPGStartupWait(Duration.ofSeconds(60))
                    .start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the drill's PostgreSQL in " + clusterDir, e);
        }
    }

    /** Stops the server (fast shutdown: open connections are cut); the cluster stays for {@link #start()}. */
    synchronized void stop() {
        if (server == null) {
            return;
        }
        try {
            server.close();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot stop the drill's PostgreSQL", e);
        } finally {
            server = null;
        }
    }

    String jdbcUrl() {
        return "jdbc:postgresql://localhost:" + port + "/postgres";
    }

    /** The database as its owner (a superuser), not as the hub's restricted role. */
    DataSource owner() {
        PGSimpleDataSource source = new PGSimpleDataSource();
        source.setUrl(jdbcUrl());
        source.setUser("postgres");
        source.setConnectTimeout(5);
        return source;
    }

    static int freePort() {
        try (ServerSocket socket = new ServerSocket()) {
            socket.bind(new InetSocketAddress("127.0.0.1", 0));
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free port on loopback", e);
        }
    }

    @Override
    public void close() {
        stop();
    }
}
