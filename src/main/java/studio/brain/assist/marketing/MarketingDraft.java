package studio.brain.assist.marketing;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A marketing draft for staff to review: which template (and version) wrote it, for which channel, the rendered
 * title and body, what it was drawn from ({@code snapshot:<date>} and the metric keys used), how far to trust it,
 * and whether the snapshot was sample data (then the body says so plainly).
 */
public record MarketingDraft(String templateId, String templateVersion, String channel, String title, String body,
                             List<String> sourceRefs, String confidenceNote, boolean sampleData) {
    public MarketingDraft {
        sourceRefs = List.copyOf(sourceRefs);
    }

    /** The action input of a {@code marketing.draft} proposal: {@code {channel, title, body}}. */
    public Map<String, Object> actionInput() {
        Map<String, Object> input = new LinkedHashMap<>();
        input.put("channel", channel);
        input.put("title", title);
        input.put("body", body);
        return input;
    }
}
