package studio.brain.assist.marketing;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import studio.brain.state.StudioSnapshot;

/**
 * Writes marketing drafts from one StudioState snapshot with the loaded templates. Pure: it reads the snapshot map
 * and nothing else. A template is skipped, with its reason, when a value it needs is unread ({@code null}, never
 * taken as zero), when its {@code when} conditions do not hold, when the rendered text breaks the
 * {@code marketing.draft} limits, or when the rendered text carries personal data.
 */
public final class MarketingDrafter {
    /** The line a sample-data draft's body starts with. */
    public static final String SAMPLE_DATA_LINE = "Sample data — not for publishing";

    private final MarketingTemplates templates;

    public MarketingDrafter(MarketingTemplates templates) {
        this.templates = templates;
    }

    /** The drafts for this snapshot; see {@link #run} for the templates skipped and why. */
    public List<MarketingDraft> draft(Map<String, Object> snapshot) {
        return run(snapshot).drafts();
    }

    /** The drafts for this snapshot, and every template not drafted with its reason. */
    public DraftRun run(Map<String, Object> snapshot) {
        List<MarketingDraft> drafts = new ArrayList<>();
        List<String> skipped = new ArrayList<>();
        Object date = snapshot.get("snapshotDate");
        boolean sampleData = Boolean.TRUE.equals(snapshot.get("sampleData"));
        boolean partial = "partial".equals(snapshot.get("completeness"));
        Map<String, Object> values = StudioSnapshot.values(snapshot);
        for (MarketingTemplate template : templates.templates()) {
            if (date == null) {
                skipped.add(template.id() + ": the snapshot has no snapshotDate");
                continue;
            }
            String reason = draftOne(template, date.toString(), values, sampleData, partial, drafts);
            if (reason != null) {
                skipped.add(template.id() + ": " + reason);
            }
        }
        return new DraftRun(drafts, skipped);
    }

    /** Adds the template's draft to {@code drafts}, or answers why not. */
    private String draftOne(MarketingTemplate template, String date, Map<String, Object> values, boolean sampleData,
                            boolean partial, List<MarketingDraft> drafts) {
        Set<String> used = new LinkedHashSet<>();
        template.when().forEach(c -> used.add(c.metric()));
        for (String p : MarketingTemplatesLoader.placeholders(template.title() + "\n" + template.body())) {
            if (!p.equals(MarketingTemplatesLoader.SNAPSHOT_DATE)) {
                used.add(p);
            }
        }
        List<String> unread = used.stream().filter(k -> values.get(k) == null).toList();
        if (!unread.isEmpty()) {
            return "needs " + String.join(", ", unread) + ", unread (null) in this snapshot";
        }
        for (MarketingTemplate.Condition condition : template.when()) {
            Object value = values.get(condition.metric());
            if (!(value instanceof Number n)) {
                return condition.metric() + " is not a number ('" + value + "')";
            }
            if (!condition.test(n.doubleValue())) {
                return "condition '" + condition + "' does not hold (" + condition.metric() + " = "
                        + format(n) + ")";
            }
        }
        String title = render(template.title(), date, values);
        String body = render(template.body(), date, values);
        if (sampleData) {
            body = SAMPLE_DATA_LINE + "\n\n" + body;
        }
        if (title.length() > MarketingTemplatesLoader.TITLE_MAX) {
            return "rendered title is longer than " + MarketingTemplatesLoader.TITLE_MAX + " characters";
        }
        if (body.isEmpty() || body.length() > MarketingTemplatesLoader.BODY_MAX) {
            return "rendered body must be 1.." + MarketingTemplatesLoader.BODY_MAX + " characters";
        }
        List<String> findings = new ArrayList<>();
        PersonalDataCheck.findings(title).forEach(f -> findings.add("title: " + f));
        PersonalDataCheck.findings(body).forEach(f -> findings.add("body: " + f));
        if (!findings.isEmpty()) {
            return "refused, personal data in the draft (" + String.join("; ", findings) + ")";
        }
        List<String> refs = new ArrayList<>();
        refs.add("snapshot:" + date);
        refs.addAll(used);
        String note = template.confidenceNote();
        if (partial) {
            note += " The snapshot was partial: some metrics were unread; this draft uses only read values.";
        }
        drafts.add(new MarketingDraft(template.id(), templates.version(), template.channel(), title, body, refs,
                note, sampleData));
        return null;
    }

    private static String render(String text, String date, Map<String, Object> values) {
        Matcher m = MarketingTemplatesLoader.PLACEHOLDER.matcher(text);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String name = m.group(1);
            Object value = name.equals(MarketingTemplatesLoader.SNAPSHOT_DATE) ? date : values.get(name);
            m.appendReplacement(out, Matcher.quoteReplacement(value instanceof Number n ? format(n)
                    : String.valueOf(value)));
        }
        m.appendTail(out);
        return out.toString();
    }

    /** A number as people write it: {@code 4}, not {@code 4.0}. */
    static String format(Number n) {
        if (n instanceof Double || n instanceof Float) {
            double d = n.doubleValue();
            if (Double.isFinite(d)) {
                return BigDecimal.valueOf(d).stripTrailingZeros().toPlainString();
            }
        }
        if (n instanceof BigDecimal b) {
            return b.stripTrailingZeros().toPlainString();
        }
        return n.toString();
    }
}
