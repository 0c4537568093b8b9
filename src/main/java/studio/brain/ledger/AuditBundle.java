package studio.brain.ledger;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import studio.brain.hash.CanonicalJson;
import studio.brain.hash.ContentHash;

/**
 * An exported slice of the ledger that anyone can check offline, with no database: {@code events.ndjson} (one
 * canonical JSON event per line, with its hash), {@code manifest.json} (range, first and last hash, the hash before
 * the first event, per-row hashes, the SHA-256 of the events file, the signed checkpoints in range and the hub's
 * verifier key) and {@code manifest.sig} (an Ed25519 signature of the manifest's bytes by that key).
 */
public final class AuditBundle {
    public static final String FORMAT = "studio-brain-audit-bundle/1";
    public static final String EVENTS = "events.ndjson";
    public static final String MANIFEST = "manifest.json";
    public static final String SIGNATURE = "manifest.sig";
    private static final ObjectMapper JSON = CanonicalJson.mapper();

    private AuditBundle() {
    }

    /** What an export wrote. */
    public record Exported(Path dir, long from, long to, long count, String lastHash) {
    }

    public static Exported export(DataSource dataSource, SigningKey key, long from, long to, Path dir, Instant now)
            throws SQLException, IOException {
        Files.createDirectories(dir);
        List<String> rowHashes = new ArrayList<>();
        List<Map<String, Object>> checkpoints = new ArrayList<>();
        String prevHash;
        long first;
        long last;
        try (Connection c = dataSource.getConnection()) {
            long floor = LedgerStore.anchor(c).map(a -> a.seq() + 1).orElse(1L);
            first = Math.max(from, floor);
            last = Math.min(to, LedgerStore.head(c).seq());
            if (first > last) {
                throw new IllegalArgumentException("no events in the range " + from + ".." + to + " (the ledger holds "
                        + floor + ".." + LedgerStore.head(c).seq() + ")");
            }
            String[] before = {null};
            try (BufferedWriter out = Files.newBufferedWriter(dir.resolve(EVENTS), StandardCharsets.UTF_8)) {
                LedgerStore.stream(c, first, last, event -> {
                    if (before[0] == null) {
                        before[0] = event.prevHash();
                    }
                    rowHashes.add(event.hash());
                    try {
                        out.write(CanonicalJson.of(event.toMap(true)));
                        out.write('\n');
                    } catch (IOException e) {
                        throw new java.io.UncheckedIOException(e);
                    }
                });
            }
            prevHash = before[0];
            for (Checkpoints.Stored stored : Checkpoints.between(c, first, last)) {
                checkpoints.add(Map.of("seq", stored.seq(), "note", stored.note()));
            }
        }
        Map<String, Object> manifest = new LinkedHashMap<>();
        manifest.put("format", FORMAT);
        manifest.put("hashVersion", ChainHash.VERSION);
        manifest.put("from", first);
        manifest.put("to", last);
        manifest.put("count", rowHashes.size());
        manifest.put("prevHash", prevHash);
        manifest.put("firstHash", rowHashes.get(0));
        manifest.put("lastHash", rowHashes.get(rowHashes.size() - 1));
        manifest.put("eventsSha256", ContentHash.sha256Hex(Files.readAllBytes(dir.resolve(EVENTS))));
        manifest.put("rowHashes", rowHashes);
        manifest.put("checkpoints", checkpoints);
        manifest.put("verifierKey", key.verifier().text());
        manifest.put("exportedAt", ChainHash.formatTime(now));
        byte[] manifestBytes = JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(manifest);
        Files.write(dir.resolve(MANIFEST), manifestBytes);
        Files.writeString(dir.resolve(SIGNATURE), Base64.getEncoder().encodeToString(key.sign(manifestBytes)) + "\n");
        return new Exported(dir, first, last, rowHashes.size(), rowHashes.get(rowHashes.size() - 1));
    }

    /**
     * Checks a bundle offline. With {@code trusted} given, the bundle must be signed by that key; without, by the
     * key it names (the report then says which key that was, for the reader to compare).
     */
    public static VerifyReport verify(Path dir, SigningKey.VerifierKey trusted) throws IOException {
        byte[] manifestBytes = Files.readAllBytes(dir.resolve(MANIFEST));
        Map<String, Object> manifest = JSON.readValue(manifestBytes, new TypeReference<>() {
        });
        if (!FORMAT.equals(manifest.get("format"))) {
            return broken(0, VerifyReport.Problem.BAD_SIGNATURE, "not a " + FORMAT + " bundle");
        }
        SigningKey.VerifierKey key = SigningKey.VerifierKey.parse(String.valueOf(manifest.get("verifierKey")));
        long from = ((Number) manifest.get("from")).longValue();
        if (trusted != null && !trusted.equals(key)) {
            return broken(from, VerifyReport.Problem.BAD_SIGNATURE, "the bundle names key " + key.name() + "+"
                    + key.keyIdHex() + ", not the trusted key " + trusted.name() + "+" + trusted.keyIdHex());
        }
        byte[] signature;
        try {
            signature = Base64.getDecoder().decode(Files.readString(dir.resolve(SIGNATURE)).trim());
        } catch (IllegalArgumentException e) {
            signature = new byte[0];
        }
        if (!key.verify(manifestBytes, signature)) {
            return broken(from, VerifyReport.Problem.BAD_SIGNATURE, "manifest.json is not signed by the key it names");
        }
        byte[] eventsBytes = Files.readAllBytes(dir.resolve(EVENTS));
        List<String> rowHashes = castList(manifest.get("rowHashes"));
        List<Checkpoints.Stored> checkpoints = new ArrayList<>();
        for (Map<String, Object> cp : castMaps(manifest.get("checkpoints"))) {
            CheckpointNote note = CheckpointNote.parse(String.valueOf(cp.get("note")));
            checkpoints.add(new Checkpoints.Stored(((Number) cp.get("seq")).longValue(), note.hash(), note.note()));
        }
        ChainWalker walker = new ChainWalker(from, String.valueOf(manifest.get("prevHash")), checkpoints, key);
        int index = 0;
        for (String line : new String(eventsBytes, StandardCharsets.UTF_8).split("\n")) {
            if (line.isEmpty()) {
                continue;
            }
            LedgerEvent event;
            try {
                event = parse(line);
            } catch (RuntimeException e) {
                walker.unreadable(from + index);
                break;
            }
            if (!walker.accept(event)) {
                break;
            }
            if (index >= rowHashes.size() || !rowHashes.get(index).equals(event.hash())) {
                return broken(event.seq(), VerifyReport.Problem.EDITED, "the manifest lists another hash for seq "
                        + event.seq());
            }
            index++;
        }
        VerifyReport report = walker.finish();
        if (!report.ok()) {
            return report;
        }
        if (!ContentHash.sha256Hex(eventsBytes).equals(manifest.get("eventsSha256"))) {
            return broken(from, VerifyReport.Problem.EDITED, "events.ndjson is not the file the manifest signed");
        }
        if (index != rowHashes.size() || report.lastSeq() != ((Number) manifest.get("to")).longValue()) {
            return broken(report.lastSeq() + 1, VerifyReport.Problem.TRUNCATED, "the manifest lists "
                    + rowHashes.size() + " events, the file holds " + index);
        }
        return report;
    }

    /** Every event of a bundle, in order. Verify the bundle first: this only reads it. */
    public static void events(Path dir, java.util.function.Consumer<LedgerEvent> sink) throws IOException {
        try (java.io.BufferedReader lines = Files.newBufferedReader(dir.resolve(EVENTS), StandardCharsets.UTF_8)) {
            String line;
            while ((line = lines.readLine()) != null) {
                if (!line.isEmpty()) {
                    sink.accept(parse(line));
                }
            }
        }
    }

    private static LedgerEvent parse(String line) {
        Map<String, Object> m;
        try {
            m = JSON.readValue(line, new TypeReference<>() {
            });
        } catch (IOException e) {
            throw new IllegalArgumentException("unreadable event line", e);
        }
        AuditRecord record = new AuditRecord((String) m.get("tenantId"), ActorType.parse((String) m.get("actorType")),
                (String) m.get("actorId"), (String) m.get("action"), (String) m.get("capabilityId"),
                (String) m.get("target"), (String) m.get("rationale"), (String) m.get("approvalState"),
                (String) m.get("inputHash"), (String) m.get("outputHash"), (String) m.get("requestId"),
                (String) m.get("correlationId"), castMap(m.get("metadata")));
        return new LedgerEvent(((Number) m.get("seq")).longValue(), Instant.parse((String) m.get("at")), record,
                ((Number) m.get("hashVersion")).intValue(), (String) m.get("prevHash"), (String) m.get("hash"));
    }

    private static VerifyReport broken(long seq, VerifyReport.Problem problem, String detail) {
        return new VerifyReport(false, seq, seq - 1, 0, 0, seq, problem, detail);
    }

    @SuppressWarnings("unchecked")
    private static List<String> castList(Object value) {
        return (List<String>) value;
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> castMaps(Object value) {
        return (List<Map<String, Object>>) value;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> castMap(Object value) {
        return value == null ? Map.of() : (Map<String, Object>) value;
    }
}
