package studio.brain.gate;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
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

    /** How long until the first full bucket has room again; empty when every bucket has room. */
    public static Optional<Duration> retryAfter(Connection c, List<Bucket> buckets) throws SQLException {
        Duration longest = null;
        for (Bucket bucket : buckets) {
            long seconds = Math.max(1, bucket.window().toSeconds());
            String sql = "select used, extract(epoch from (window_end - now())) from quota_windows "
                    + "where bucket = ? and window_start = " + WINDOW_START;
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                ps.setString(1, bucket.key());
                ps.setLong(2, seconds);
                ps.setLong(3, seconds);
                try (ResultSet rs = ps.executeQuery()) {
                    if (rs.next() && rs.getInt(1) >= bucket.max()) {
                        Duration wait = Duration.ofSeconds(Math.max(1, (long) Math.ceil(rs.getDouble(2))));
                        longest = longest == null || wait.compareTo(longest) > 0 ? wait : longest;
                    }
                }
            }
        }
        return Optional.ofNullable(longest);
    }

    public static void consume(Connection c, List<Bucket> buckets) throws SQLException {
        for (Bucket bucket : buckets) {
            long seconds = Math.max(1, bucket.window().toSeconds());
            String sql = "insert into quota_windows (bucket, window_start, window_end, used) values (?, "
                    + WINDOW_START + ", " + WINDOW_START + " + make_interval(secs => ?), 1) "
                    + "on conflict (bucket, window_start) do update set used = quota_windows.used + 1";
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                ps.setString(1, bucket.key());
                ps.setLong(2, seconds);
                ps.setLong(3, seconds);
                ps.setLong(4, seconds);
                ps.setLong(5, seconds);
                ps.setLong(6, seconds);
                ps.executeUpdate();
            }
        }
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
