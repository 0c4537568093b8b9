package studio.brain.ledger;

import java.time.Instant;
import java.util.Map;

/** One event as the ledger holds it: the record plus its place in the chain. */
public record LedgerEvent(
        long seq,
        Instant at,
        AuditRecord record,
        int hashVersion,
        String prevHash,
        String hash) {

    /** The event as a JSON-ready map, with or without its own hash; the same shape the chain hash covers. */
    public Map<String, Object> toMap(boolean withHash) {
        java.util.LinkedHashMap<String, Object> map = new java.util.LinkedHashMap<>();
        map.put("seq", seq);
        map.put("tenantId", record.tenantId());
        map.put("at", ChainHash.formatTime(at));
        map.put("actorType", record.actorType().value());
        map.put("actorId", record.actorId());
        map.put("action", record.action());
        map.put("capabilityId", record.capabilityId());
        map.put("target", record.target());
        map.put("rationale", record.rationale());
        map.put("approvalState", record.approvalState());
        map.put("inputHash", record.inputHash());
        map.put("outputHash", record.outputHash());
        map.put("requestId", record.requestId());
        map.put("correlationId", record.correlationId());
        map.put("metadata", record.metadata());
        map.put("hashVersion", hashVersion);
        map.put("prevHash", prevHash);
        if (withHash) {
            map.put("hash", hash);
        }
        return map;
    }
}
