package studio.brain.assist.anomaly;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Synthetic studio histories with a fixed seed: 26 weeks of daily snapshots with a weekly rhythm and noise, a few
 * unread values, device blips, and labelled anomalies injected at random days. The detector scans each day as the
 * hub would (with its state carried over) and is scored on the drafts it proposes: recall per labelled episode,
 * precision per rule, and false alerts per simulated week.
 */
class AnomalyEvaluationTest {
    private static final LocalDate START = LocalDate.parse("2026-01-05"); // a Monday
    private static final int WEEKS = 26;
    private static final int DAYS = WEEKS * 7;
    private static final int WARM_UP = 28;
    private static final long[] SEEDS = {20261130L, 7L, 424242L};

    record Episode(String rule, int start, int length) {
        /** The days on which the anomaly is visible to a scan. */
        boolean labels(int day) {
            int first = rule.equals("snapshot.stale") ? start + 1 : start;
            return day >= first && day < start + length;
        }

        boolean injects(int day) {
            return day >= start && day < start + length;
        }
    }

    record Score(Map<String, int[]> recallByRule, Map<String, int[]> precisionByRule, int drafts, int falseDrafts,
                 int worstWeek, int rawHits) {
        double recall() {
            int found = 0;
            int all = 0;
            for (int[] r : recallByRule.values()) {
                found += r[0];
                all += r[1];
            }
            return all == 0 ? 1 : (double) found / all;
        }

        double falsePerWeek() {
            return (double) falseDrafts / WEEKS;
        }
    }

    @Test
    void detectsInjectedAnomaliesWithFewFalseAlerts() throws Exception {
        AnomalyRules rules = AnomalyRulesLoader.load(Path.of("policies/anomaly-rules.yaml"));
        for (long seed : SEEDS) {
            Score score = simulate(new AnomalyDetector(rules), seed);
            report(seed, score);
            assertThat(score.recall()).as("recall, seed %d", seed).isGreaterThanOrEqualTo(0.9);
            assertThat(score.falsePerWeek()).as("false alerts per week, seed %d", seed).isLessThanOrEqualTo(1.0);
            assertThat(score.worstWeek()).as("false alerts in the worst week, seed %d", seed).isLessThanOrEqualTo(1);
        }
    }

    @Test
    void ordinaryWeeksAloneProposeNothing() throws Exception {
        AnomalyRules rules = AnomalyRulesLoader.load(Path.of("policies/anomaly-rules.yaml"));
        Score score = simulate(new AnomalyDetector(rules), 99L, false);
        assertThat(score.drafts()).as("drafts over %d ordinary weeks", WEEKS).isZero();
    }

    private static Score simulate(AnomalyDetector detector, long seed) {
        return simulate(detector, seed, true);
    }

    private static Score simulate(AnomalyDetector detector, long seed, boolean inject) {
        Random rnd = new Random(seed);
        List<Episode> episodes = inject ? schedule(rnd) : List.of();
        List<Map<String, Object>> produced = new ArrayList<>(); // newest last
        ScanState state = ScanState.EMPTY;
        Map<String, int[]> recall = new LinkedHashMap<>();
        Map<String, int[]> precision = new LinkedHashMap<>();
        boolean[] detected = new boolean[episodes.size()];
        int drafts = 0;
        int falseDrafts = 0;
        int rawHits = 0;
        int[] falseByWeek = new int[WEEKS];
        for (int day = 0; day < DAYS; day++) {
            LocalDate date = START.plusDays(day);
            Instant now = Snapshots.scanTime(date);
            Map<String, Object> today = normalDay(rnd, date);
            boolean failed = false;
            for (Episode e : episodes) {
                if (e.injects(day)) {
                    if (e.rule().equals("snapshot.stale")) {
                        failed = true;
                    } else {
                        today = inject(e, day, today, rnd);
                    }
                }
            }
            today = withUnreadValues(today, rnd);
            if (!failed) {
                produced.add(today);
            }
            Map<String, Object> latest = produced.isEmpty() ? null : produced.get(produced.size() - 1);
            List<Map<String, Object>> history = new ArrayList<>();
            for (int i = produced.size() - 2; i >= 0 && history.size() < 60; i--) {
                history.add(produced.get(i));
            }
            List<DeviceStatus> devices = devices(rnd, day, now, episodes);
            ScanResult result = detector.scan(latest, history, devices, now, state);
            state = result.next();
            rawHits += result.hitsByRule().values().stream().mapToInt(Integer::intValue).sum();
            for (OpsDraft draft : result.drafts()) {
                drafts++;
                boolean anyTrue = false;
                for (String ruleId : draft.ruleIds()) {
                    boolean labelled = false;
                    for (int i = 0; i < episodes.size(); i++) {
                        Episode e = episodes.get(i);
                        if (e.rule().equals(ruleId) && e.labels(day)) {
                            labelled = true;
                            detected[i] = true;
                        }
                    }
                    int[] p = precision.computeIfAbsent(ruleId, k -> new int[2]);
                    p[0] += labelled ? 1 : 0;
                    p[1]++;
                    anyTrue |= labelled;
                }
                if (!anyTrue) {
                    falseDrafts++;
                    falseByWeek[day / 7]++;
                }
            }
        }
        for (int i = 0; i < episodes.size(); i++) {
            int[] r = recall.computeIfAbsent(episodes.get(i).rule(), k -> new int[2]);
            r[0] += detected[i] ? 1 : 0;
            r[1]++;
        }
        int worst = 0;
        for (int f : falseByWeek) {
            worst = Math.max(worst, f);
        }
        return new Score(recall, precision, drafts, falseDrafts, worst, rawHits);
    }

    /** Four episodes of each anomaly after the warm-up; firing anomalies never overlap each other or a failed job. */
    private static List<Episode> schedule(Random rnd) {
        List<Episode> episodes = new ArrayList<>();
        boolean[] stale = new boolean[DAYS];
        place(episodes, rnd, List.of("snapshot.stale"), 3, 3, new boolean[DAYS], null, stale);
        place(episodes, rnd, List.of("batches.stalled", "kiln.backlog"), 4, 3, new boolean[DAYS], stale, null);
        place(episodes, rnd, List.of("agent-requests.spike"), 4, 2, new boolean[DAYS], stale, null);
        place(episodes, rnd, List.of("reservations.accumulating"), 4, 5, new boolean[DAYS], stale, null);
        place(episodes, rnd, List.of("reports.high-severity"), 4, 2, new boolean[DAYS], stale, null);
        place(episodes, rnd, List.of("device.offline"), 4, 2, new boolean[DAYS], null, null);
        place(episodes, rnd, List.of("device.maintenance-due"), 4, 5, new boolean[DAYS], null, null);
        return episodes;
    }

    private static void place(List<Episode> out, Random rnd, List<String> rules, int each, int length,
                              boolean[] taken, boolean[] avoid, boolean[] mark) {
        for (String rule : rules) {
            int placed = 0;
            while (placed < each) {
                int start = WARM_UP + rnd.nextInt(DAYS - WARM_UP - length - 1);
                boolean free = true;
                // a week apart from any other episode on this line, so a cooldown never hides a new one
                for (int d = Math.max(0, start - 7); d < Math.min(DAYS, start + length + 7); d++) {
                    free &= !taken[d] && (avoid == null || !avoid[d]);
                }
                if (!free) {
                    continue;
                }
                for (int d = start; d < start + length; d++) {
                    taken[d] = true;
                    if (mark != null) {
                        mark[d] = true;
                    }
                }
                out.add(new Episode(rule, start, length));
                placed++;
            }
        }
    }

    private static Map<String, Object> normalDay(Random rnd, LocalDate date) {
        int dow = date.getDayOfWeek().getValue() - 1; // Monday 0 … Sunday 6
        boolean weekend = dow >= 5;
        int active = round(28 + (weekend ? -2 : 1) + 2 * rnd.nextGaussian());
        int firings = round((weekend ? 10 : 12) + 1.5 * rnd.nextGaussian());
        int reservations = round(14 + dow + 1.5 * rnd.nextGaussian());
        int agent = round((weekend ? 12 : 20) + 3 * rnd.nextGaussian());
        int high = rnd.nextDouble() < 0.1 ? 1 : 0;
        return Snapshots.day(date, active, firings, reservations, agent, high);
    }

    private static Map<String, Object> inject(Episode e, int day, Map<String, Object> s, Random rnd) {
        Map<String, Object> v = s;
        switch (e.rule()) {
            case "batches.stalled" -> {
                v = Snapshots.with(v, "counts.firingsScheduled", rnd.nextInt(3));
                v = Snapshots.with(v, "counts.batchesActive", 30 + rnd.nextInt(6));
            }
            case "kiln.backlog" -> v = Snapshots.with(v, "counts.firingsScheduled", 24 + rnd.nextInt(6));
            case "agent-requests.spike" -> v = Snapshots.with(v, "ops.agentRequestsPending",
                    (int) Math.round(((Integer) counts(v, "ops", "agentRequestsPending")) * 2.2 + 12));
            case "reservations.accumulating" -> v = Snapshots.with(v, "counts.reservationsOpen",
                    (Integer) counts(v, "counts", "reservationsOpen") + 7 * (day - e.start() + 1));
            case "reports.high-severity" -> v = Snapshots.with(v, "ops.highSeverityReports", 2 + rnd.nextInt(3));
            default -> {
            }
        }
        return v;
    }

    /** About 2% of values are unread (null) on any day, as when one cloud read times out. */
    private static Map<String, Object> withUnreadValues(Map<String, Object> s, Random rnd) {
        Map<String, Object> v = s;
        for (String key : List.of("counts.batchesActive", "counts.firingsScheduled", "counts.reservationsOpen",
                "ops.agentRequestsPending", "ops.highSeverityReports")) {
            if (rnd.nextDouble() < 0.02) {
                v = Snapshots.with(v, key, null);
            }
        }
        return v;
    }

    private static List<DeviceStatus> devices(Random rnd, int day, Instant now, List<Episode> episodes) {
        DeviceStatus kiln = new DeviceStatus("kiln-1", "Big kiln", "kiln", true, now.minusSeconds(120), List.of());
        // an ordinary blip: the test kiln drops off the network for a few minutes
        boolean blip = rnd.nextDouble() < 0.15;
        DeviceStatus testKiln = new DeviceStatus("kiln-2", "Test kiln", "kiln", !blip,
                now.minus(Duration.ofMinutes(blip ? 20 : 1)), List.of());
        List<DeviceStatus.Alert> vacuumAlerts = new ArrayList<>();
        if (rnd.nextDouble() < 0.05) {
            vacuumAlerts.add(new DeviceStatus.Alert("bin_attached", null));
        }
        for (Episode e : episodes) {
            if (e.injects(day) && e.rule().equals("device.offline")) {
                kiln = new DeviceStatus("kiln-1", "Big kiln", "kiln", false,
                        now.minus(Duration.ofHours(3 + 24L * (day - e.start()))), List.of());
            }
            if (e.injects(day) && e.rule().equals("device.maintenance-due")) {
                vacuumAlerts.add(new DeviceStatus.Alert("filter_low", null));
            }
        }
        DeviceStatus vacuum = new DeviceStatus("vac-1", "Roborock", "vacuum", true, now.minusSeconds(30),
                vacuumAlerts);
        return List.of(kiln, testKiln, vacuum);
    }

    @SuppressWarnings("unchecked")
    private static Object counts(Map<String, Object> s, String section, String name) {
        return ((Map<String, Object>) s.get(section)).get(name);
    }

    private static int round(double v) {
        return (int) Math.max(0, Math.round(v));
    }

    private static void report(long seed, Score score) {
        StringBuilder out = new StringBuilder();
        out.append(String.format(Locale.ROOT, "%nanomaly evaluation, seed %d, %d weeks (%d days, %d-day warm-up)%n",
                seed, WEEKS, DAYS, WARM_UP));
        out.append(String.format(Locale.ROOT, "  %-28s %10s %12s%n", "rule", "recall", "precision"));
        Set<String> ids = new java.util.LinkedHashSet<>(score.recallByRule().keySet());
        ids.addAll(score.precisionByRule().keySet());
        for (String id : ids) {
            int[] r = score.recallByRule().getOrDefault(id, new int[2]);
            int[] p = score.precisionByRule().getOrDefault(id, new int[2]);
            out.append(String.format(Locale.ROOT, "  %-28s %4d/%-4d %7s/%-4s%n", id, r[0], r[1], p[0], p[1]));
        }
        out.append(String.format(Locale.ROOT, "  overall recall %.3f; drafts %d (%.2f/week); false drafts %d "
                        + "(%.2f/week, worst week %d); raw rule hits before throttling %d%n",
                score.recall(), score.drafts(), (double) score.drafts() / WEEKS, score.falseDrafts(),
                score.falsePerWeek(), score.worstWeek(), score.rawHits()));
        System.out.print(out);
    }
}
