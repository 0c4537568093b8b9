package studio.brain.assist.finance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import studio.brain.cloud.ExportFileDocumentSource;
import studio.brain.cloud.ExportFilePaymentSource;

class SampleStudioReconciliationTest {
    static final Instant EXPORTED_AT = Instant.parse("2026-11-20T18:00:00Z");

    @TempDir
    Path dataDir;

    ReconciliationReport run() {
        FinanceInputs inputs = FinanceInputs.read(ExportFileDocumentSource.sampleStudio(dataDir),
                ExportFilePaymentSource.sampleStudio(dataDir), Instant.parse("2026-08-01T00:00:00Z"), EXPORTED_AT);
        return Reconciler.reconcile(inputs, EXPORTED_AT, ReconciliationRules.defaults());
    }

    @Test
    void thePlantedDiscrepanciesAreFoundAndNothingElse() {
        ReconciliationReport report = run();
        Set<String> found = report.flags().stream().map(f -> f.ruleId() + " " + f.discrepancyClass() + " "
                + f.evidence().get(0)).collect(Collectors.toSet());
        assertEquals(Set.of(
                // 1. paid order whose intent is still processing
                "FIN-RNP-1 recorded_not_paid order:mo-0012",
                // 2. succeeded intent for the non-existent order mo-0061
                "FIN-PNR-1 paid_not_recorded pi_3Q6UdU6RiydcH5dRVfvTCOd",
                // 3. mo-0024 charged twice
                "FIN-DUP-1 duplicate_charge order:mo-0024",
                // the order without an amount cannot be checked
                "FIN-AMT-2 amount_mismatch order:mo-0033"), found);
        FinanceFlag duplicate = report.flagsOf(Reconciler.DUPLICATE_CHARGE).get(0);
        assertTrue(duplicate.evidence().containsAll(List.of("pi_3Q2Y1Y968Lg6Lu8DwoZllAy", "pi_3QjlQO1Z8S51sl3fwjhKLJj",
                "ch_3Q3rLLxnRjO1UhwK7FGFq7K", "ch_3Q4OCv2JL0Jcxx02aNASPcG")));
        FinanceFlag orphan = report.flagsOf(Reconciler.PAID_NOT_RECORDED).get(0);
        assertTrue(orphan.evidence().contains("ch_3Q7IDahPQDiqAtZnD5QPasO"));
        assertTrue(orphan.summary().contains("mo-0061"));
        assertTrue(report.flagsOf(Reconciler.RECORDED_NOT_PAID).get(0).evidence()
                .containsAll(List.of("pi_3Q2Mhda4gIDSwGXNVouMEGp", "ch_3Q6tqdedjkbZsKzESLmlMkN")));
        // mo-0019 "Paid" is paid; refunded cancelled orders and the weekly payouts agree
        assertFalse(found.stream().anyMatch(s -> s.contains("mo-0019")));
        assertEquals(0, report.flagsOf(Reconciler.PAYOUT_GAP).size());
        assertEquals(0, report.flagsOf(Reconciler.REFUND_NOT_REFLECTED).size());
        assertEquals(60, report.recordsRead().get("orders"));
        assertEquals(12, report.recordsRead().get("payouts"));
        assertEquals(1, report.countsByClassAndSeverity().get("duplicate_charge").get("high"));
        for (FinanceFlag flag : report.flags()) {
            assertFalse(flag.summary().contains("member-"), "no personal ids in a summary");
            assertTrue(studio.brain.hash.ContentHash.isHash(flag.sourceHash()));
        }
    }

    @Test
    void repeatedRunsGiveTheSameFlagsAndKeys() {
        ReconciliationReport first = run();
        ReconciliationReport second = run();
        assertEquals(first.flags(), second.flags());
        assertEquals(first.flags().stream().map(FinanceFlag::dedupeKey).toList(),
                second.flags().stream().map(FinanceFlag::dedupeKey).toList());
    }

    @Test
    void aReadOlderThanADayIsFlaggedStale() {
        FinanceInputs inputs = FinanceInputs.read(ExportFileDocumentSource.sampleStudio(dataDir),
                ExportFilePaymentSource.sampleStudio(dataDir), Instant.parse("2026-08-01T00:00:00Z"), EXPORTED_AT);
        ReconciliationReport report = Reconciler.reconcile(inputs, EXPORTED_AT.plusSeconds(3 * 86_400),
                ReconciliationRules.defaults());
        assertEquals(1, report.flagsOf(Reconciler.STALE_STRIPE_READ).size());
        assertEquals(List.of("stripe-read"), report.flagsOf(Reconciler.STALE_STRIPE_READ).get(0).evidence());
    }
}
