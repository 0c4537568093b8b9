package studio.brain.assist.marketing;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class MarketingDrafterTest {
    private static MarketingTemplates shipped;

    @BeforeAll
    static void load() throws Exception {
        shipped = MarketingTemplatesLoader.load(Path.of("policies/marketing-templates.yaml"));
    }

    static Map<String, Object> snapshot(boolean sampleData, Integer firings, Integer reservations) {
        Map<String, Object> counts = new LinkedHashMap<>();
        counts.put("batchesActive", 12);
        counts.put("batchesClosed", 30);
        counts.put("reservationsOpen", reservations);
        counts.put("firingsScheduled", firings);
        counts.put("reportsOpen", 2);
        Map<String, Object> ops = new LinkedHashMap<>();
        ops.put("agentRequestsPending", 3);
        ops.put("highSeverityReports", 0);
        Map<String, Object> finance = new LinkedHashMap<>();
        finance.put("pendingOrders", 1);
        finance.put("unsettledPayments", 0);
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("schemaVersion", "3.0");
        s.put("snapshotDate", "2026-11-30");
        s.put("sampleData", sampleData);
        s.put("completeness", "full");
        s.put("counts", counts);
        s.put("ops", ops);
        s.put("finance", finance);
        return s;
    }

    @Test
    void everyShippedTemplateRendersFromASampleSnapshot() {
        DraftRun run = new MarketingDrafter(shipped).run(snapshot(false, 4, 14));
        assertThat(run.skipped()).isEmpty();
        assertThat(run.drafts()).extracting(MarketingDraft::templateId)
                .containsExactly("weekly-digest", "open-kiln-slots", "class-fill-up");
        assertThat(run.drafts()).extracting(MarketingDraft::channel)
                .containsExactly("newsletter", "instagram", "website");
        MarketingDraft digest = run.drafts().get(0);
        assertThat(digest.templateVersion()).isEqualTo(shipped.version());
        assertThat(digest.title()).isEqualTo("This week at the studio — 2026-11-30");
        assertThat(digest.body()).contains("12 batches are in progress", "30 have been finished",
                "4 kiln firings", "14 reservations").doesNotContain("{").doesNotContain("Sample data");
        assertThat(digest.sourceRefs()).containsExactly("snapshot:2026-11-30", "counts.batchesActive",
                "counts.batchesClosed", "counts.firingsScheduled", "counts.reservationsOpen");
        assertThat(digest.confidenceNote()).isNotBlank();
        assertThat(digest.sampleData()).isFalse();
        MarketingDraft kiln = run.drafts().get(1);
        assertThat(kiln.body()).contains("only 4 firings");
        assertThat(kiln.sourceRefs()).containsExactly("snapshot:2026-11-30", "counts.firingsScheduled");
        assertThat(run.drafts().get(2).body()).startsWith("14 spots");
        for (MarketingDraft d : run.drafts()) {
            assertThat(d.title().length()).isBetween(1, 120);
            assertThat(d.body().length()).isBetween(1, 5000);
            assertThat(d.actionInput()).containsOnlyKeys("channel", "title", "body")
                    .containsEntry("channel", d.channel());
        }
    }

    @Test
    void sampleDataIsSaidPlainlyInTheBody() {
        List<MarketingDraft> drafts = new MarketingDrafter(shipped).draft(snapshot(true, 4, 14));
        assertThat(drafts).isNotEmpty().allSatisfy(d -> {
            assertThat(d.sampleData()).isTrue();
            assertThat(d.body()).startsWith(MarketingDrafter.SAMPLE_DATA_LINE);
        });
    }

    @Test
    void unreadValuesSkipTheTemplateRatherThanCountAsZero() {
        DraftRun run = new MarketingDrafter(shipped).run(snapshot(false, null, 14));
        assertThat(run.drafts()).extracting(MarketingDraft::templateId).containsExactly("class-fill-up");
        assertThat(run.skipped()).hasSize(2).allSatisfy(s -> assertThat(s).contains("counts.firingsScheduled")
                .contains("unread (null)"));
        assertThat(run.skipped()).anySatisfy(s -> assertThat(s).startsWith("weekly-digest:"));
        assertThat(run.skipped()).anySatisfy(s -> assertThat(s).startsWith("open-kiln-slots:"));
    }

    @Test
    void aMissingSectionOrDateSkipsWithAReason() {
        Map<String, Object> noCounts = new HashMap<>(snapshot(false, 4, 14));
        noCounts.remove("counts");
        assertThat(new MarketingDrafter(shipped).run(noCounts).drafts()).isEmpty();
        Map<String, Object> noDate = new HashMap<>(snapshot(false, 4, 14));
        noDate.remove("snapshotDate");
        DraftRun run = new MarketingDrafter(shipped).run(noDate);
        assertThat(run.drafts()).isEmpty();
        assertThat(run.skipped()).hasSize(3).allSatisfy(s -> assertThat(s).contains("no snapshotDate"));
    }

    @Test
    void whenConditionsDecide() {
        DraftRun busy = new MarketingDrafter(shipped).run(snapshot(false, 6, 9));
        assertThat(busy.drafts()).extracting(MarketingDraft::templateId).containsExactly("weekly-digest");
        assertThat(busy.skipped()).anySatisfy(s -> assertThat(s).startsWith("open-kiln-slots:")
                .contains("counts.firingsScheduled < 6").contains("= 6"));
        assertThat(busy.skipped()).anySatisfy(s -> assertThat(s).startsWith("class-fill-up:")
                .contains("counts.reservationsOpen >= 10"));
        assertThat(new MarketingDrafter(shipped).draft(snapshot(false, 5, 10)))
                .extracting(MarketingDraft::templateId).contains("open-kiln-slots", "class-fill-up");
    }

    @Test
    void aPartialSnapshotIsNamedInTheConfidenceNote() {
        Map<String, Object> s = snapshot(false, 4, 14);
        s.put("completeness", "partial");
        assertThat(new MarketingDrafter(shipped).draft(s))
                .allSatisfy(d -> assertThat(d.confidenceNote()).contains("partial"));
    }

    @Test
    void aDraftCarryingPersonalDataIsDroppedWithItsReason() throws Exception {
        MarketingTemplates templates = MarketingTemplatesLoader.parse(Path.of("t.yaml"), """
                version: v-test
                templates:
                  - id: leaky
                    channel: newsletter
                    title: "Kiln news {snapshotDate}"
                    body: "{counts.firingsScheduled} firings. Questions? Write to glaze.master@example.com"
                    confidence: "test"
                  - id: member-shoutout
                    channel: instagram
                    title: "Shout-out"
                    body: "Congrats to member-017 on {counts.batchesClosed} finished batches!"
                    confidence: "test"
                  - id: clean
                    channel: website
                    title: "Kiln news"
                    body: "{counts.firingsScheduled} firings this week."
                    confidence: "test"
                """);
        DraftRun run = new MarketingDrafter(templates).run(snapshot(false, 4, 14));
        assertThat(run.drafts()).extracting(MarketingDraft::templateId).containsExactly("clean");
        assertThat(run.skipped()).hasSize(2);
        assertThat(run.skipped().get(0)).startsWith("leaky:").contains("personal data", "e-mail address")
                .doesNotContain("glaze.master");
        assertThat(run.skipped().get(1)).startsWith("member-shoutout:").contains("member or user id")
                .doesNotContain("member-017");
    }
}
