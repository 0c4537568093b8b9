package studio.brain.assist.anomaly;

import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import studio.brain.hash.ContentHash;
import studio.brain.state.StudioSnapshot;

/**
 * Scans the latest StudioState snapshot, its history and the devices' health against the anomaly rules and
 * proposes ops drafts. Pure: no clock, no store, no I/O; the caller passes the time and keeps the {@link ScanState}.
 *
 * <p>A metric rule hits only when its static threshold <em>and</em> its robust baseline agree: the value is at least
 * the threshold, and above {@code median + k × max(1.4826 × MAD, minSpread)} of the same metric over the last
 * {@code window} history snapshots. A value that is unread ({@code null}) is never taken for zero: the rule is not
 * evaluated and says so, and unread history values are left out of the baseline.
 */
public final class AnomalyDetector {
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{([A-Za-z]+)}");
    private final AnomalyRules rules;

    public AnomalyDetector(AnomalyRules rules) {
        this.rules = rules;
    }

    public AnomalyRules rules() {
        return rules;
    }

    /**
     * @param latest  the newest snapshot; {@code null} when there is none (only staleness rules can then hit)
     * @param history older snapshots, newest first
     * @param devices the devices' health; empty when no device connector reports, which keeps device rules quiet
     */
    public ScanResult scan(Map<String, Object> latest, List<Map<String, Object>> history, List<DeviceStatus> devices,
                           Instant now, ScanState state) {
        List<Map<String, Object>> older = history == null ? List.of() : history;
        List<DeviceStatus> health = devices == null ? List.of() : devices;
        ScanState current = state == null ? ScanState.EMPTY : state;
        Map<String, Integer> hitsByRule = new LinkedHashMap<>();
        List<String> notEvaluated = new ArrayList<>();
        List<Hit> hits = new ArrayList<>();
        for (AnomalyRule rule : rules.rules()) {
            Hit hit = evaluate(rule, latest, older, health, now, notEvaluated);
            hitsByRule.put(rule.id(), hit == null ? 0 : 1);
            if (hit != null) {
                hits.add(hit);
            }
        }
        List<Suppressed> suppressed = new ArrayList<>();
        Map<String, List<Hit>> byGroup = new LinkedHashMap<>();
        for (Hit hit : hits) {
            AnomalyRule rule = hit.rule();
            ScanState.Dismissal dismissal = current.openDismissal(rule.id(), now);
            if (dismissal != null) {
                suppressed.add(new Suppressed(rule.id(), rule.group(), Suppressed.Reason.DISMISSED,
                        "staff dismissed draft " + dismissal.dedupeKey() + " as a false positive at "
                                + dismissal.dismissedAt() + "; quiet for " + human(rule.suppressAfterDismissal())
                                + " until " + dismissal.until(), dismissal.until()));
                continue;
            }
            Instant last = current.lastEmittedByRule().get(rule.id());
            if (last != null && last.plus(rule.cooldown()).isAfter(now)) {
                Instant until = last.plus(rule.cooldown());
                suppressed.add(new Suppressed(rule.id(), rule.group(), Suppressed.Reason.COOLDOWN,
                        "drafted at " + last + "; cooldown " + human(rule.cooldown()) + " runs until " + until, until));
                continue;
            }
            hit.notes().add(last == null ? "cooldown: no earlier draft of " + rule.id()
                    : "cooldown: last draft of " + rule.id() + " at " + last + ", cooldown " + human(rule.cooldown())
                    + " has elapsed");
            byGroup.computeIfAbsent(rule.group(), g -> new ArrayList<>()).add(hit);
        }
        List<OpsDraft> drafts = new ArrayList<>();
        for (Map.Entry<String, List<Hit>> entry : byGroup.entrySet()) {
            drafts.add(draft(entry.getKey(), entry.getValue(), latest, now, current, suppressed));
        }
        return new ScanResult(drafts, suppressed, hitsByRule, notEvaluated, current.afterScan(drafts, now));
    }

    private OpsDraft draft(String group, List<Hit> members, Map<String, Object> latest, Instant now,
                           ScanState state, List<Suppressed> suppressed) {
        List<Hit> ordered = new ArrayList<>(members);
        ordered.sort(Comparator.comparingInt((Hit h) -> -AnomalyRule.rank(h.rule().severity())));
        Hit lead = ordered.get(0);
        List<String> ruleIds = ordered.stream().map(h -> h.rule().id()).toList();
        String title = render(lead.rule().title(), lead.values())
                + (ordered.size() > 1 ? " (+" + (ordered.size() - 1) + " related)" : "");
        List<String> rationale = new ArrayList<>();
        Set<String> recommendations = new LinkedHashSet<>();
        List<String> explanation = new ArrayList<>();
        for (Hit hit : ordered) {
            rationale.add(render(hit.rule().rationale(), hit.values()));
            recommendations.add(hit.rule().recommendation());
            for (String note : hit.notes()) {
                explanation.add(hit.rule().id() + " — " + note);
            }
        }
        if (ordered.size() > 1) {
            explanation.add("grouping: " + String.join(", ", ruleIds) + " hit in the same scan and belong to group '"
                    + group + "', so they are one draft led by the most severe (" + lead.rule().id() + ")");
        } else {
            explanation.add("grouping: the only hit of group '" + group + "' in this scan");
        }
        Instant groupLast = state.lastEmittedByGroup().get(group);
        if (groupLast != null) {
            explanation.add("grouping: the group's previous draft was at " + groupLast);
        }
        for (Suppressed s : suppressed) {
            if (s.group().equals(group)) {
                explanation.add("related: " + s.ruleId() + " also hit but is held back (" + s.reason() + ": "
                        + s.detail() + ")");
            }
        }
        explanation.add("suppression: no open dismissal for " + String.join(", ", ruleIds)
                + "; dismissing this draft as a false positive quiets "
                + (ruleIds.size() > 1 ? "these rules" : "the rule") + " for "
                + human(ordered.stream().map(h -> h.rule().suppressAfterDismissal()).max(Comparator.naturalOrder())
                .orElseThrow()));
        Map<String, Object> key = new TreeMap<>();
        key.put("group", group);
        key.put("rules", ruleIds.stream().sorted().toList());
        key.put("day", day(latest, now));
        key.put("subjects", ordered.stream().flatMap(h -> h.subjects().stream()).sorted().toList());
        String dedupeKey = "anomaly:" + group + ":" + ContentHash.of(key).substring(0, 32);
        return new OpsDraft(lead.rule().id(), group, lead.rule().severity(), title, String.join("\n", rationale),
                String.join("\n", recommendations), explanation, dedupeKey, ruleIds);
    }

    private static String day(Map<String, Object> latest, Instant now) {
        Object date = latest == null ? null : latest.get("snapshotDate");
        return date instanceof String s ? s : now.toString().substring(0, 10);
    }

    // ---------------------------------------------------------------- evaluation

    private Hit evaluate(AnomalyRule rule, Map<String, Object> latest, List<Map<String, Object>> history,
                         List<DeviceStatus> devices, Instant now, List<String> notEvaluated) {
        return switch (rule.kind()) {
            case STALENESS -> staleness(rule, latest, now);
            case DEVICE -> device(rule, devices, now);
            default -> metric(rule, latest, history, notEvaluated);
        };
    }

    private Hit staleness(AnomalyRule rule, Map<String, Object> latest, Instant now) {
        Map<String, String> values = new LinkedHashMap<>();
        values.put("threshold", human(rule.age()));
        Object generated = latest == null ? null : latest.get("generatedAt");
        Instant at = null;
        if (generated instanceof String s) {
            try {
                at = Instant.parse(s);
            } catch (DateTimeParseException e) {
                at = null;
            }
        }
        values.put("generatedAt", at == null ? "never" : at.toString());
        values.put("snapshotDate", latest != null && latest.get("snapshotDate") instanceof String d ? d : "none");
        if (at == null) {
            values.put("age", "unknown (no readable snapshot)");
            return new Hit(rule, values, notes("static: no snapshot with a readable generatedAt; threshold "
                    + human(rule.age())), List.of());
        }
        Duration age = Duration.between(at, now);
        values.put("age", human(age));
        if (age.compareTo(rule.age()) < 0) {
            return null;
        }
        return new Hit(rule, values, notes("static: the latest snapshot was generated " + human(age) + " ago ("
                + at + "), at least the threshold " + human(rule.age()),
                "baseline: none — snapshot age has no history to compare with"), List.of());
    }

    private Hit device(AnomalyRule rule, List<DeviceStatus> devices, Instant now) {
        List<DeviceStatus> flagged = new ArrayList<>();
        Set<String> codes = new LinkedHashSet<>();
        List<String> detail = new ArrayList<>();
        for (DeviceStatus d : devices) {
            if (!rule.deviceKinds().isEmpty() && !rule.deviceKinds().contains(d.kind())) {
                continue;
            }
            if ("offline".equals(rule.condition())) {
                Duration unseen = d.lastSeenAt() == null ? null : Duration.between(d.lastSeenAt(), now);
                if (unseen == null || unseen.compareTo(rule.age()) >= 0) {
                    flagged.add(d);
                    detail.add(d.label() + " (" + d.id() + ", " + (d.online() ? "reported online" : "offline")
                            + ", last seen " + (unseen == null ? "never" : human(unseen) + " ago") + ")");
                }
            } else {
                List<String> matched = d.alerts().stream().map(DeviceStatus.Alert::code)
                        .filter(rule.codes()::contains).distinct().toList();
                if (!matched.isEmpty()) {
                    flagged.add(d);
                    codes.addAll(matched);
                    detail.add(d.label() + " (" + d.id() + ": " + String.join(", ", matched) + ")");
                }
            }
        }
        boolean offline = "offline".equals(rule.condition());
        if (flagged.isEmpty() || (!offline && flagged.size() < rule.threshold())) {
            return null;
        }
        Map<String, String> values = new LinkedHashMap<>();
        values.put("devices", String.join("; ", detail));
        values.put("count", String.valueOf(flagged.size()));
        values.put("codes", String.join(", ", codes));
        values.put("threshold", offline ? human(rule.age()) : fmt(rule.threshold()));
        String staticNote = offline
                ? "static: " + flagged.size() + " device(s) unseen for at least " + human(rule.age())
                : "static: " + flagged.size() + " device(s) with " + String.join(", ", codes) + ", at least the "
                + "threshold " + fmt(rule.threshold());
        return new Hit(rule, values, notes(staticNote,
                "baseline: none — device health is judged on its current report"),
                flagged.stream().map(DeviceStatus::id).toList());
    }

    private Hit metric(AnomalyRule rule, Map<String, Object> latest, List<Map<String, Object>> history,
                       List<String> notEvaluated) {
        if (latest == null) {
            notEvaluated.add(rule.id() + ": no snapshot");
            return null;
        }
        Map<String, String> values = new LinkedHashMap<>();
        Map<String, Object> now = StudioSnapshot.values(latest);
        Double value = read(rule, now, values);
        if (value == null) {
            notEvaluated.add(rule.id() + ": " + String.join(" or ", rule.metrics())
                    + " is unread in the latest snapshot (null is not zero)");
            return null;
        }
        values.put("metric", rule.kind() == AnomalyRule.Kind.RATIO
                ? rule.metrics().get(0) + " / " + rule.metrics().get(1) : rule.metrics().get(0));
        values.put("value", fmt(value));
        values.put("threshold", fmt(rule.threshold()));
        List<String> notes = new ArrayList<>();
        boolean staticHit = value >= rule.threshold();
        String shown = rule.kind() == AnomalyRule.Kind.RATIO
                ? values.get("numerator") + " / max(" + values.get("denominator") + ", 1) = " + fmt(value)
                : fmt(value);
        if (rule.kind() == AnomalyRule.Kind.RATIO && staticHit) {
            double numerator = Double.parseDouble(values.get("numerator"));
            if (numerator < rule.minimum()) {
                return null;
            }
            notes.add("static: numerator " + values.get("numerator") + " is at least the minimum "
                    + fmt(rule.minimum()));
        }
        if (!staticHit) {
            return null;
        }
        notes.add("static: " + values.get("metric") + " " + shown + " ≥ threshold " + fmt(rule.threshold()));
        if (rule.kind() == AnomalyRule.Kind.ACCUMULATION) {
            List<Double> steps = new ArrayList<>();
            steps.add(value);
            for (int i = 0; i < rule.rising() && i < history.size(); i++) {
                Double v = read(rule, StudioSnapshot.values(history.get(i)), new LinkedHashMap<>());
                if (v == null) {
                    return null;
                }
                steps.add(v);
            }
            if (steps.size() < rule.rising() + 1) {
                return null;
            }
            for (int i = 0; i < rule.rising(); i++) {
                if (!(steps.get(i) > steps.get(i + 1))) {
                    return null;
                }
            }
            values.put("rising", String.valueOf(rule.rising()));
            values.put("start", fmt(steps.get(rule.rising())));
            notes.add("accumulation: up at each of the last " + rule.rising() + " snapshots, from "
                    + fmt(steps.get(rule.rising())) + " to " + fmt(value));
        }
        AnomalyRule.BaselineSpec spec = rule.baseline();
        List<Double> series = new ArrayList<>();
        int window = Math.min(spec.window(), history.size());
        for (int i = 0; i < window; i++) {
            Double v = read(rule, StudioSnapshot.values(history.get(i)), new LinkedHashMap<>());
            if (v != null) {
                series.add(v);
            }
        }
        values.put("window", String.valueOf(spec.window()));
        values.put("k", fmt(spec.k()));
        values.put("n", String.valueOf(series.size()));
        if (series.size() < spec.minHistory()) {
            String shortNote = "baseline: only " + series.size() + " readable value(s) in the last " + window
                    + " snapshot(s), " + spec.minHistory() + " needed";
            values.put("median", "n/a");
            values.put("spread", "n/a");
            values.put("bound", "n/a");
            if (spec.whenShort().equals("quiet")) {
                notEvaluated.add(rule.id() + ": " + shortNote.substring("baseline: ".length())
                        + " (static threshold met but the rule waits for a baseline)");
                return null;
            }
            notes.add(shortNote + "; this rule lets the static threshold decide alone until then");
            return new Hit(rule, values, notes, List.of());
        }
        Baseline baseline = Baseline.of(series);
        double bound = baseline.upperBound(spec.k(), spec.minSpread());
        values.put("median", fmt(baseline.median()));
        values.put("spread", fmt(baseline.spread()));
        values.put("bound", fmt(bound));
        if (!(value > bound)) {
            return null;
        }
        notes.add("baseline: median " + fmt(baseline.median()) + ", MAD×1.4826 " + fmt(baseline.spread())
                + (baseline.spread() < spec.minSpread() ? " (floored to " + fmt(spec.minSpread()) + ")" : "")
                + " over " + series.size() + " snapshot(s); bound median + " + fmt(spec.k()) + "×spread = "
                + fmt(bound) + ", and " + fmt(value) + " is above it");
        notes.add("decision: static threshold and baseline agree");
        return new Hit(rule, values, notes, List.of());
    }

    /** The rule's value in these flattened snapshot values, or {@code null} when any metric it needs is unread. */
    private static Double read(AnomalyRule rule, Map<String, Object> snapshotValues, Map<String, String> out) {
        Double first = number(snapshotValues.get(rule.metrics().get(0)));
        if (rule.kind() != AnomalyRule.Kind.RATIO) {
            return first;
        }
        Double second = number(snapshotValues.get(rule.metrics().get(1)));
        if (first == null || second == null) {
            return null;
        }
        out.put("numerator", fmt(first));
        out.put("denominator", fmt(second));
        return first / Math.max(second, 1.0);
    }

    private static Double number(Object value) {
        return value instanceof Number n && Double.isFinite(n.doubleValue()) ? n.doubleValue() : null;
    }

    // ---------------------------------------------------------------- text

    static String render(String template, Map<String, String> values) {
        Matcher m = PLACEHOLDER.matcher(template);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            m.appendReplacement(out, Matcher.quoteReplacement(values.getOrDefault(m.group(1), "n/a")));
        }
        m.appendTail(out);
        return out.toString();
    }

    static String fmt(double v) {
        if (v == Math.rint(v) && Math.abs(v) < 1e15) {
            return String.valueOf((long) v);
        }
        return String.format(Locale.ROOT, "%.2f", v);
    }

    static String human(Duration d) {
        long minutes = d.toMinutes();
        if (minutes % (24 * 60) == 0 && minutes > 0) {
            return minutes / (24 * 60) + "d";
        }
        if (minutes % 60 == 0 && minutes > 0) {
            return minutes / 60 + "h";
        }
        if (minutes >= 60) {
            return minutes / 60 + "h" + minutes % 60 + "m";
        }
        return minutes + "m";
    }

    private static List<String> notes(String... lines) {
        return new ArrayList<>(List.of(lines));
    }

    private record Hit(AnomalyRule rule, Map<String, String> values, List<String> notes, List<String> subjects) {
    }
}
