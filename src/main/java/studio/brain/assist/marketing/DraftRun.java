package studio.brain.assist.marketing;

import java.util.List;

/** One drafting pass: the drafts made, and for every template not drafted, why ({@code <template id>: <reason>}). */
public record DraftRun(List<MarketingDraft> drafts, List<String> skipped) {
    public DraftRun {
        drafts = List.copyOf(drafts);
        skipped = List.copyOf(skipped);
    }
}
