package studio.brain.ledger;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import studio.brain.hash.ContentHash;
import studio.brain.observability.EventLog;

/**
 * The hub's Ed25519 checkpoint key, in C2SP signed-note terms: a key name, a 4-byte key id
 * (SHA-256(name ‖ 0x0A ‖ 0x01 ‖ public key)[:4]) and the verifier key text {@code name+hexid+base64(0x01 ‖ key)}.
 * The private key lives in the data dir, created at first start with mode 0600; its path is logged, never its value.
 */
public final class SigningKey {
    public static final String FILE_NAME = "ledger-signing.key";
    private static final byte ED25519 = 0x01;
    /** DER prefix of an X.509 SubjectPublicKeyInfo for Ed25519; the raw 32-byte key follows it. */
    private static final byte[] SPKI_PREFIX = HexFormat.of().parseHex("302a300506032b6570032100");
    private static final EventLog LOG = EventLog.of("ledger");

    private final String name;
    private final PrivateKey privateKey;
    private final VerifierKey verifier;

    private SigningKey(String name, PrivateKey privateKey, byte[] rawPublicKey) {
        this.name = name;
        this.privateKey = privateKey;
        this.verifier = new VerifierKey(name, rawPublicKey);
    }

    /** Loads the key from the data dir, creating it on first use. */
    public static SigningKey loadOrCreate(Path dataDir, String name) {
        Path file = dataDir.resolve(FILE_NAME);
        try {
            KeyFactory factory = KeyFactory.getInstance("Ed25519");
            if (Files.exists(file)) {
                // Two lines: the private key (PKCS#8) and the raw public key, both base64.
                List<String> lines = Files.readAllLines(file, StandardCharsets.US_ASCII);
                PrivateKey privateKey = factory.generatePrivate(
                        new PKCS8EncodedKeySpec(Base64.getDecoder().decode(lines.get(0).trim())));
                byte[] publicKey = Base64.getDecoder().decode(lines.get(1).trim());
                if (!new VerifierKey(name, publicKey).verify(new byte[] {1}, sign(privateKey, new byte[] {1}))) {
                    throw new GeneralSecurityException("the public key in the file does not match the private key");
                }
                return new SigningKey(name, privateKey, publicKey);
            }
            Files.createDirectories(dataDir);
            KeyPair pair = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            Files.writeString(file, Base64.getEncoder().encodeToString(pair.getPrivate().getEncoded()) + "\n"
                    + Base64.getEncoder().encodeToString(raw(pair.getPublic())) + "\n",
                    StandardCharsets.US_ASCII, StandardOpenOption.WRITE);
            LOG.info("ledger.key_created", "file", file.toString());
            return new SigningKey(name, pair.getPrivate(), raw(pair.getPublic()));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read or create the ledger signing key " + file, e);
        } catch (GeneralSecurityException | IllegalArgumentException | IndexOutOfBoundsException e) {
            throw new IllegalStateException("the ledger signing key " + file + " is not a valid Ed25519 key", e);
        }
    }

    static byte[] raw(PublicKey publicKey) {
        byte[] encoded = publicKey.getEncoded();
        return Arrays.copyOfRange(encoded, encoded.length - 32, encoded.length);
    }

    static PublicKey fromRaw(byte[] raw) throws GeneralSecurityException {
        byte[] spki = Arrays.copyOf(SPKI_PREFIX, SPKI_PREFIX.length + raw.length);
        System.arraycopy(raw, 0, spki, SPKI_PREFIX.length, raw.length);
        return KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(spki));
    }

    public byte[] sign(byte[] message) {
        try {
            return sign(privateKey, message);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot sign with the ledger key", e);
        }
    }

    private static byte[] sign(PrivateKey key, byte[] message) throws GeneralSecurityException {
        Signature signature = Signature.getInstance("Ed25519");
        signature.initSign(key);
        signature.update(message);
        return signature.sign();
    }

    public String name() {
        return name;
    }

    public VerifierKey verifier() {
        return verifier;
    }

    /** The public half: verifies signatures, and prints as the C2SP verifier key text. */
    public record VerifierKey(String name, byte[] publicKey) {
        public byte[] keyId() {
            byte[] material = new byte[name.getBytes(StandardCharsets.UTF_8).length + 2 + publicKey.length];
            byte[] nameBytes = name.getBytes(StandardCharsets.UTF_8);
            System.arraycopy(nameBytes, 0, material, 0, nameBytes.length);
            material[nameBytes.length] = 0x0A;
            material[nameBytes.length + 1] = ED25519;
            System.arraycopy(publicKey, 0, material, nameBytes.length + 2, publicKey.length);
            return Arrays.copyOf(ContentHash.sha256(material), 4);
        }

        public String keyIdHex() {
            return HexFormat.of().formatHex(keyId());
        }

        /** {@code <name>+<key id hex>+<base64(0x01 ‖ public key)>}, the form signed-note tooling reads. */
        public String text() {
            byte[] typed = new byte[publicKey.length + 1];
            typed[0] = ED25519;
            System.arraycopy(publicKey, 0, typed, 1, publicKey.length);
            return name + "+" + keyIdHex() + "+" + Base64.getEncoder().encodeToString(typed);
        }

        public static VerifierKey parse(String text) {
            String[] parts = text.trim().split("\\+", 3);
            if (parts.length != 3) {
                throw new IllegalArgumentException("a verifier key reads name+keyid+base64key");
            }
            byte[] typed = Base64.getDecoder().decode(parts[2]);
            if (typed.length != 33 || typed[0] != ED25519) {
                throw new IllegalArgumentException("not an Ed25519 verifier key");
            }
            VerifierKey key = new VerifierKey(parts[0], Arrays.copyOfRange(typed, 1, 33));
            if (!key.keyIdHex().equals(parts[1])) {
                throw new IllegalArgumentException("the verifier key's id does not match its name and key");
            }
            return key;
        }

        public boolean verify(byte[] message, byte[] signatureBytes) {
            try {
                Signature signature = Signature.getInstance("Ed25519");
                signature.initVerify(fromRaw(publicKey));
                signature.update(message);
                return signature.verify(signatureBytes);
            } catch (GeneralSecurityException | IllegalArgumentException e) {
                return false;
            }
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof VerifierKey k && k.name.equals(name) && Arrays.equals(k.publicKey, publicKey);
        }

        @Override
        public int hashCode() {
            return name.hashCode() * 31 + Arrays.hashCode(publicKey);
        }

        @Override
        public String toString() {
            return text();
        }
    }
}
