package studio.brain.assist.marketing;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import javax.sql.DataSource;
import studio.brain.ledger.ActorType;
import studio.brain.ledger.AuditRecord;
import studio.brain.ledger.Ledger;
import studio.brain.state.StudioStateStore;

/**
 * One run of the marketing drafts for the route: the templates of {@code policies/marketing-templates.yaml} over the
 * latest StudioState, each draft checked for personal data (a draft carrying any is dropped, and says so), and each
 * remaining one answered as a {@code marketing.draft} input — a proposal staff edit and approve; publishing is the
 * separate {@code website.publish} capability, with its own approval.
 */
public final class MarketingDraftsRun {
    private final Supplier<DataSource> dataSource;
    private final Ledger ledger;
    private final MarketingDrafter drafter;
    private final String version;
    private final String tenantId;

    public MarketingDraftsRun(Supplier<DataSource> dataSource, Ledger ledger, MarketingTemplates templates,
                              String tenantId) {
        this.dataSource = dataSource;
        this.ledger = ledger;
        this.drafter = new MarketingDrafter(templates);
        this.version = templates.version();
        this.tenantId = tenantId;
    }

    public List<Map<String, Object>> run() throws SQLException {
        List<Map<String, Object>> latest;
        try (Connection c = dataSource.get().getConnection()) {
            latest = StudioStateStore.history(c, tenantId, 1);
        }
        if (latest.isEmpty()) {
            return List.of();
        }
        DraftRun run = drafter.run(latest.get(0));
        ledger.append(AuditRecord.of(tenantId, ActorType.SYSTEM, "marketing-drafts", "marketing.drafts_run")
                .correlationId(String.valueOf(latest.get(0).get("snapshotDate")))
                .meta("templatesVersion", version).meta("drafted", run.drafts().size())
                .meta("skipped", run.skipped()).build());
        List<Map<String, Object>> proposals = new ArrayList<>();
        for (MarketingDraft draft : run.drafts()) {
            Map<String, Object> proposal = new LinkedHashMap<>();
            proposal.put("input", draft.actionInput());
            proposal.put("target", "marketing:" + draft.templateId());
            proposal.put("rationale", "Template " + draft.templateId() + " " + draft.templateVersion() + ": "
                    + draft.confidenceNote());
            proposal.put("sourceRefs", String.join(",", draft.sourceRefs()));
            proposals.add(proposal);
        }
        return proposals;
    }
}
