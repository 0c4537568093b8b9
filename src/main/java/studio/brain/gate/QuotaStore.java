package studio.brain.gate;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Quota counters in {@code quota_windows}, one row per bucket and fixed window. Windows are cut from the
 * database's clock, so hubs with skewed clocks still count in the same windows; the counting happens in the
 * transaction that creates the proposal, and deduplicated replays never reach it, so a replay is not counted twice.
 */
public final class QuotaStore {
    private static final String WINDOW_START =
            "to_timestamp(floor(extract(epoch from now()) / ?) * ?)";

    private QuotaStore() {
    }

    /** One counter: a bucket key (e.g. {@code actor:route:ops-scan:ops.recommendation}) and its limit. */
    public record Bucket(String key, int max, Duration window) {
    }

    public static List<Bucket> buckets(CapabilityRules capability, Actor actor, ProposalRequest request) {
        List<Bucket> buckets = new ArrayList<>();
        for (CapabilityRules.QuotaLimit limit : capability.limits()) {
            String key = switch (limit.scope()) {
                case ACTOR -> "actor:" + actor.id() + ":" + capability.id();
                case OWNER -> request.targetOwnerUid() == null ? null
                        : "owner:" + request.targetOwnerUid() + ":" + capability.id();
                case CAPABILITY -> "capability:" + capability.id();
                case TENANT -> "tenant:" + request.tenantId() + ":" + capability.id();
            };
            if (key != null) {
                buckets.add(new Bucket(key, limit.max(), limit.window()));
            }
        }
        return buckets;
    }

    /** A bucket's current window as read at the start of a batch: how much is used and when it ends. */
    static final class Window {
        private int used;
        private final Duration untilEnd;

        Window(int used, Duration untilEnd) {
            this.used = used;
            this.untilEnd = untilEnd;
        }
    }

    /**
     * The current window of every bucket in one statement, read from the database's clock; a bucket with no row yet
     * has used nothing, and its window's end is computed all the same.
     */
    static Map<Bucket, Window> windows(Connection c, Collection<Bucket> buckets) throws SQLException {
        Map<Bucket, Window> windows = new HashMap<>();
        if (buckets.isEmpty()) {
            return windows;
        }
        List<Bucket> distinct = List.copyOf(new LinkedHashSet<>(buckets));
        String sql = "select b.ord, coalesce(q.used, 0), extract(epoch from (to_timestamp(floor(extract(epoch from "
                + "now()) / b.secs) * b.secs) + make_interval(secs => b.secs) - now())) "
                + "from unnest(?::text[], ?::bigint[]) with ordinality as b(bucket, secs, ord) "
                + "left join lateral (select used from quota_windows where bucket = b.bucket and window_start = "
                + "to_timestamp(floor(extract(epoch from now()) / b.secs) * b.secs)) as q on true";
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setArray(1, c.createArrayOf("text", distinct.stream().map(Bucket::key).toArray()));
            ps.setArray(2, c.createArrayOf("bigint", distinct.stream().map(QuotaStore::seconds).toArray()));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    Duration untilEnd = Duration.ofSeconds(Math.max(1, (long) Math.ceil(rs.getDouble(3))));
                    windows.put(distinct.get(rs.getInt(1) - 1), new Window(rs.getInt(2), untilEnd));
                }
            }
        }
        return windows;
    }

    /** How long until the first full bucket has room again; empty when every bucket has room. */
    static Optional<Duration> retryAfter(Map<Bucket, Window> windows, List<Bucket> buckets) {
        Duration longest = null;
        for (Bucket bucket : buckets) {
            Window window = windows.get(bucket);
            if (window.used >= bucket.max()) {
                longest = longest == null || window.untilEnd.compareTo(longest) > 0 ? window.untilEnd : longest;
            }
        }
        return Optional.ofNullable(longest);
    }

    /** Counts one use of each bucket in the batch's view, so later submissions in the same batch see it. */
    static void use(Map<Bucket, Window> windows, List<Bucket> buckets) {
        for (Bucket bucket : buckets) {
            windows.get(bucket).used++;
        }
    }

    /** Adds each bucket's uses to its current window's counter, one batched statement for all of them. */
    static void consume(Connection c, Map<Bucket, Integer> uses) throws SQLException {
        if (uses.isEmpty()) {
            return;
        }
        String sql = "insert into quota_windows (bucket, window_start, window_end, used) values (?, "
                + WINDOW_START + ", " + WINDOW_START + " + make_interval(secs => ?), ?) "
                + "on conflict (bucket, window_start) do update set used = quota_windows.used + excluded.used";
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            for (Map.Entry<Bucket, Integer> use : uses.entrySet()) {
                long seconds = seconds(use.getKey());
                ps.setString(1, use.getKey().key());
                ps.setLong(2, seconds);
                ps.setLong(3, seconds);
                ps.setLong(4, seconds);
                ps.setLong(5, seconds);
                ps.setLong(6, seconds);
                ps.setInt(7, use.getValue());
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    private static long seconds(Bucket bucket) {
        return Math.max(1, bucket.window().toSeconds());
    }

    /** The current windows' counters, for staff. */
    public static List<Map<String, Object>> current(Connection c) throws SQLException {
        List<Map<String, Object>> rows = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("select bucket, window_start, window_end, used from quota_windows "
                + "where window_end > now() order by bucket");
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                Map<String, Object> row = new LinkedHashMap<>();
                row.put("bucket", rs.getString(1));
                row.put("windowStart", rs.getTimestamp(2).toInstant().toString());
                row.put("windowEnd", rs.getTimestamp(3).toInstant().toString());
                row.put("used", rs.getInt(4));
                rows.add(row);
            }
        }
        return rows;
    }

    /** Staff reset: the bucket's current window starts again from zero. */
    public static int reset(Connection c, String bucket) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("delete from quota_windows where bucket = ? and window_end > now()")) {
            ps.setString(1, bucket);
            return ps.executeUpdate();
        }
    }
}
