package studio.brain.ledger;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;

/**
 * A ledger checkpoint as a C2SP signed note whose text follows the tlog-checkpoint layout: origin line, size
 * (events 1..size), base64 of the 32-byte chain head hash, then one extension line with the time; a blank line;
 * and the signature line {@code — <key name> base64(key id ‖ Ed25519 signature)} over the text.
 */
public record CheckpointNote(String origin, long size, String hash, Instant at, String text, String signatureLine) {
    private static final String DASH = "\u2014 ";

    public static CheckpointNote sign(SigningKey key, long size, String hash, Instant at) {
        String text = key.name() + "\n" + size + "\n"
                + Base64.getEncoder().encodeToString(HexFormat.of().parseHex(hash)) + "\n"
                + "time " + ChainHash.formatTime(at) + "\n";
        byte[] signature = key.sign(text.getBytes(StandardCharsets.UTF_8));
        byte[] keyIdAndSignature = new byte[4 + signature.length];
        System.arraycopy(key.verifier().keyId(), 0, keyIdAndSignature, 0, 4);
        System.arraycopy(signature, 0, keyIdAndSignature, 4, signature.length);
        String line = DASH + key.name() + " " + Base64.getEncoder().encodeToString(keyIdAndSignature) + "\n";
        return new CheckpointNote(key.name(), size, hash, at, text, line);
    }

    /** The whole signed note as stored and exported. */
    public String note() {
        return text + "\n" + signatureLine;
    }

    /** Parses a stored note; the signature is not checked here (see {@link #verifiedBy}). */
    public static CheckpointNote parse(String note) {
        int split = note.indexOf("\n\n");
        if (split < 0) {
            throw new IllegalArgumentException("not a signed note: no blank line before the signatures");
        }
        String text = note.substring(0, split + 1);
        String signatureLine = note.substring(split + 2);
        String[] lines = text.split("\n");
        if (lines.length < 4 || !lines[3].startsWith("time ")) {
            throw new IllegalArgumentException("not a ledger checkpoint: expected origin, size, hash and time lines");
        }
        String hash = HexFormat.of().formatHex(Base64.getDecoder().decode(lines[2]));
        return new CheckpointNote(lines[0], Long.parseLong(lines[1]), hash,
                Instant.parse(lines[3].substring(5)), text, signatureLine);
    }

    /** True when the note carries a valid signature by exactly this key (name and key id both match). */
    public boolean verifiedBy(SigningKey.VerifierKey key) {
        for (String line : signatureLine.split("\n")) {
            if (!line.startsWith(DASH)) {
                continue;
            }
            String[] parts = line.substring(DASH.length()).split(" ");
            if (parts.length != 2 || !parts[0].equals(key.name())) {
                continue;
            }
            byte[] decoded;
            try {
                decoded = Base64.getDecoder().decode(parts[1]);
            } catch (IllegalArgumentException e) {
                return false;
            }
            if (decoded.length != 68 || !Arrays.equals(Arrays.copyOf(decoded, 4), key.keyId())) {
                continue;
            }
            return key.verify(text.getBytes(StandardCharsets.UTF_8), Arrays.copyOfRange(decoded, 4, 68));
        }
        return false;
    }
}
