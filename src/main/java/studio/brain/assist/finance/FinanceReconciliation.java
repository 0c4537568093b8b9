package studio.brain.assist.finance;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.apache.camel.Header;
import studio.brain.cloud.DocumentSource;
import studio.brain.cloud.PaymentSource;
import studio.brain.ledger.ActorType;
import studio.brain.ledger.AuditRecord;
import studio.brain.ledger.Ledger;

/**
 * One reconciliation run for the route: the portal's orders (Firestore, or the sample studio) against Stripe's
 * payments, refunds and payouts over the last {@value #WINDOW_DAYS} days, read-only. Each flag comes back as an
 * input for the gate's {@code finance.flag} capability — a proposal staff review; the hub never moves money or
 * writes Stripe — and the run's counts by class and severity go to the ledger.
 */
public final class FinanceReconciliation {
    static final int WINDOW_DAYS = 120;
    private static final Pattern STRIPE_ID = Pattern.compile("[a-z]{2,6}_[A-Za-z0-9]{1,64}");

    private final Clock clock;
    private final Ledger ledger;
    private final DocumentSource documents;
    private final PaymentSource payments;
    private final String tenantId;

    public FinanceReconciliation(Clock clock, Ledger ledger, DocumentSource documents, PaymentSource payments,
                                 String tenantId) {
        this.clock = clock;
        this.ledger = ledger;
        this.documents = documents;
        this.payments = payments;
        this.tenantId = tenantId;
    }

    /** Reconciles now; the answer is one gate input per flag, most severe first. */
    public List<Map<String, Object>> run(@Header("financeRunReason") String reason) {
        Instant now = clock.instant();
        FinanceInputs inputs = FinanceInputs.read(documents, payments, now.minus(Duration.ofDays(WINDOW_DAYS)), now);
        ReconciliationReport report = Reconciler.reconcile(inputs, now, ReconciliationRules.defaults());
        ledger.append(AuditRecord.of(tenantId, ActorType.SYSTEM, "finance-reconciliation",
                        "finance.reconciliation_completed")
                .meta("reason", reason == null ? "scheduled" : reason).meta("windowDays", WINDOW_DAYS)
                .meta("flags", report.flags().size()).meta("countsByClassAndSeverity",
                        report.countsByClassAndSeverity())
                .meta("sampleData", documents.sampleData()).build());
        List<Map<String, Object>> proposals = new ArrayList<>();
        for (FinanceFlag flag : report.flags()) {
            proposals.add(input(flag));
        }
        return proposals;
    }

    /** The flag as the {@code finance.flag} action input, with the gate's headers beside it. */
    private static Map<String, Object> input(FinanceFlag flag) {
        Map<String, Object> input = new LinkedHashMap<>();
        input.put("kind", flag.discrepancyClass());
        flag.evidence().stream().filter(e -> STRIPE_ID.matcher(e).matches()).findFirst()
                .ifPresent(id -> input.put("stripeObjectId", id));
        String note = flag.summary() + " Severity " + flag.severity() + ", confidence " + flag.confidence()
                + ", rule " + flag.ruleId() + ". Evidence: " + String.join(", ", flag.evidence())
                + ". Source hash " + flag.sourceHash() + ".";
        input.put("note", note.length() <= 2000 ? note : note.substring(0, 1999) + "…");
        Map<String, Object> proposal = new LinkedHashMap<>();
        proposal.put("input", input);
        proposal.put("target", "finance:" + flag.discrepancyClass());
        proposal.put("rationale", "Reconciliation found " + flag.discrepancyClass().replace('_', ' ') + " ("
                + flag.ruleId() + "): " + flag.summary());
        return proposal;
    }
}
