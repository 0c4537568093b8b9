package studio.brain.cli;

import java.nio.file.Path;
import java.sql.Connection;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import studio.brain.config.HubConfig;
import studio.brain.gate.PolicyRebuild;
import studio.brain.ledger.AuditBundle;
import studio.brain.ledger.LedgerStore;
import studio.brain.ledger.SigningKey;
import studio.brain.ledger.VerifyReport;
import studio.brain.state.StateRebuild;
import studio.brain.store.Database;

/**
 * Rebuilds the local StudioState (every day's snapshot, the diffs, the drift findings) and the policy history (kill
 * switch, exemptions) into an empty database from the ledger — the configured database's own, or a verified audit
 * bundle — and proves it: every rebuilt day must hash to what its ledger event recorded, the state hash over all
 * days must be equal before and after, and the policy state the gate reads must be the ledger's. Today's picture
 * from the cloud is then computed by the hub itself at its next start (the catch-up route).
 */
@Command(name = "rebuild", description = "Rebuild StudioState and the policy history from the ledger (or an audit "
        + "bundle) into an empty database, with progress and a before/after hash proof.")
final class RebuildCommand implements Callable<Integer> {
    @Option(names = "--from-bundle", description = "An exported audit bundle folder to replay (verified first).")
    Path bundle;

    @Option(names = "--pubkey", description = "With --from-bundle: the verifier key the bundle must be signed by.")
    String pubkey;

    @Override
    public Integer call() throws Exception {
        Optional<HubConfig> config = ConfigLoading.load(System.err);
        if (config.isEmpty()) {
            return StudioBrain.INVALID_CONFIG;
        }
        if (bundle != null) {
            VerifyReport report = AuditBundle.verify(bundle, pubkey == null ? null : SigningKey.VerifierKey.parse(pubkey));
            System.err.println("Bundle: " + report.summary());
            if (!report.ok()) {
                return StudioBrain.FAILED;
            }
        }
        String tenant = config.get().tenantId();
        try (Database database = Database.openMigrated(config.get()).database();
             Connection c = database.dataSource().getConnection()) {
            if (!StateRebuild.empty(c, tenant) || !PolicyRebuild.empty(c, tenant)) {
                System.err.println("Refused: the database already holds StudioState or policy history for " + tenant
                        + ". Rebuild writes only into an empty database (a fresh STUDIO_BRAIN_DATA_DIR or "
                        + "STUDIO_BRAIN_DB_URL).");
                return StudioBrain.FAILED;
            }
            c.setAutoCommit(false);
            StateRebuild rebuild = new StateRebuild(c, tenant, System.err::println);
            PolicyRebuild policy = new PolicyRebuild(c, tenant);
            java.util.function.Consumer<studio.brain.ledger.LedgerEvent> replay = event -> {
                rebuild.accept(event);
                policy.accept(event);
            };
            System.err.println("Replaying " + (bundle != null ? "the bundle " + bundle : "the ledger of "
                    + database.description()) + " ...");
            if (bundle != null) {
                AuditBundle.events(bundle, replay);
            } else {
                try (Connection reader = database.dataSource().getConnection()) {
                    LedgerStore.stream(reader, 0, Long.MAX_VALUE, replay);
                }
            }
            StateRebuild.Result result = rebuild.finish();
            PolicyRebuild.Result policyResult = policy.finish();
            if (!result.proven() || !policyResult.proven()) {
                c.rollback();
                result.mismatches().forEach(m -> System.err.println("MISMATCH " + m.date() + ": ledger " + m.recorded()
                        + ", rebuilt " + m.rebuilt()));
                if (!policyResult.proven()) {
                    System.err.println("MISMATCH policy state: ledger " + policyResult.recordedStateHash()
                            + ", rebuilt " + policyResult.rebuiltStateHash());
                }
                System.err.println("Not proven: nothing was written.");
                return StudioBrain.FAILED;
            }
            c.commit();
            System.out.printf("Rebuilt %d days from %d snapshots (%d diffs, %d drift findings).%n", result.days(),
                    result.snapshotsReplayed(), result.diffs(), result.driftFindings());
            System.out.println("State hash before (ledger):  " + result.recordedStateHash());
            System.out.println("State hash after (database): " + result.rebuiltStateHash());
            System.out.printf("Rebuilt the policy history from %d changes (kill switch, exemptions).%n",
                    policyResult.changesReplayed());
            System.out.println("Policy state hash before (ledger):  " + policyResult.recordedStateHash());
            System.out.println("Policy state hash after (database): " + policyResult.rebuiltStateHash());
            System.out.println("Proven: every day's snapshot hashes to what the ledger recorded, and the policy state "
                    + "is the ledger's.");
            return StudioBrain.OK;
        }
    }
}
