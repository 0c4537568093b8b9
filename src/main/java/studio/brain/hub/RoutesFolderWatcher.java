package studio.brain.hub;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import studio.brain.observability.EventLog;

/**
 * Route reload for integrators (off by default): looks at the routes folder every couple of seconds and hands new,
 * changed and deleted files to the loader. Polling rather than file-system events, because editors save by
 * rename and bind mounts often deliver no events at all.
 */
public final class RoutesFolderWatcher implements AutoCloseable {
    private static final EventLog LOG = EventLog.of("routes");

    private final Path dir;
    private final RouteFileLoader loader;
    private final ScheduledExecutorService timer;
    private final Map<Path, String> seen = new HashMap<>();

    public RoutesFolderWatcher(Path dir, RouteFileLoader loader) {
        this.dir = dir;
        this.loader = loader;
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "routes-reload");
            t.setDaemon(true);
            return t;
        });
    }

    public void start(long periodMillis) {
        for (Path file : RouteFileLoader.routeFiles(dir)) {
            seen.put(file.toAbsolutePath().normalize(), fingerprint(file));
        }
        timer.scheduleWithFixedDelay(this::scan, periodMillis, periodMillis, TimeUnit.MILLISECONDS);
        LOG.info("routes.reload_enabled", "dir", dir.toString(), "periodMs", periodMillis);
    }

    synchronized void scan() {
        try {
            Set<Path> present = new HashSet<>();
            for (Path file : RouteFileLoader.routeFiles(dir)) {
                Path key = file.toAbsolutePath().normalize();
                present.add(key);
                String print = fingerprint(file);
                if (!print.equals(seen.get(key))) {
                    seen.put(key, print);
                    loader.load(key);
                }
            }
            for (Path gone : Set.copyOf(seen.keySet())) {
                if (!present.contains(gone)) {
                    seen.remove(gone);
                    loader.unload(gone);
                }
            }
        } catch (RuntimeException e) {
            LOG.warn("routes.reload_scan_failed", "errorClass", e.getClass().getName());
        }
    }

    private static String fingerprint(Path file) {
        try {
            return Files.getLastModifiedTime(file).toMillis() + ":" + Files.size(file) + ":"
                    + java.util.Arrays.hashCode(Files.readAllBytes(file));
        } catch (IOException e) {
            return "unreadable";
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
