package studio.brain.gate.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import studio.brain.config.Secret;
import studio.brain.gate.Actor;
import studio.brain.ledger.ActorType;
import studio.brain.testing.CapturedOutput;

class LocalAdminTokenTest {
    @TempDir
    Path dataDir;

    @Test
    void theFirstStartWritesARandom256BitTokenThatOnlyTheOwnerCanRead() throws Exception {
        LocalAdminToken token = LocalAdminToken.loadOrCreate(dataDir, "studio-main");

        Path file = dataDir.resolve("admin-token");
        assertThat(token.file()).isEqualTo(file);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        String value = Files.readString(file, StandardCharsets.US_ASCII).trim();
        assertThat(value).matches("[A-Za-z0-9_-]{43}");
        assertThat(Base64.getUrlDecoder().decode(value)).hasSize(32);
        assertThat(token.verify(value)).isTrue();
        // Nothing else is left behind in the data dir (no temporary file).
        try (var files = Files.list(dataDir)) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactly("admin-token");
        }
    }

    @Test
    void laterStartsReuseTheToken() throws Exception {
        LocalAdminToken.loadOrCreate(dataDir, "studio-main");
        String first = Files.readString(dataDir.resolve("admin-token"));

        LocalAdminToken again = LocalAdminToken.loadOrCreate(dataDir, "studio-main");

        assertThat(Files.readString(dataDir.resolve("admin-token"))).isEqualTo(first);
        assertThat(again.verify(first.trim())).isTrue();
    }

    @Test
    void twoHubsStartingAtOnceAgreeOnOneToken() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Callable<LocalAdminToken>> starts = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                starts.add(() -> LocalAdminToken.loadOrCreate(dataDir, "studio-main"));
            }
            List<LocalAdminToken> tokens = new ArrayList<>();
            for (Future<LocalAdminToken> f : pool.invokeAll(starts)) {
                tokens.add(f.get());
            }
            String value = Files.readString(dataDir.resolve("admin-token")).trim();
            assertThat(tokens).allSatisfy(t -> assertThat(t.verify(value)).isTrue());
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void onlyTheExactTokenIsAccepted() throws Exception {
        LocalAdminToken token = LocalAdminToken.loadOrCreate(dataDir, "studio-main");
        String value = Files.readString(dataDir.resolve("admin-token")).trim();

        assertThat(token.verify(value + "x")).isFalse();
        assertThat(token.verify(value.substring(1))).isFalse();
        assertThat(token.verify(value.toUpperCase())).isFalse();
        assertThat(token.verify("")).isFalse();
        assertThat(token.verify(null)).isFalse();
    }

    @Test
    void theTokenStandsForTheLocalAdministrator() {
        Actor admin = LocalAdminToken.loadOrCreate(dataDir, "studio-main").actor();

        assertThat(admin.type()).isEqualTo(ActorType.STAFF);
        assertThat(admin.id()).isEqualTo("local-admin");
        assertThat(admin.tenantId()).isEqualTo("studio-main");
        assertThat(admin.roles()).isEqualTo(Set.of("admin", "staff"));
    }

    @Test
    void theLogNamesTheFileButNeverTheToken() throws Exception {
        LocalAdminToken token;
        try (CapturedOutput out = new CapturedOutput()) {
            token = LocalAdminToken.loadOrCreate(dataDir, "studio-main");
            String log = out.text();
            String value = Files.readString(dataDir.resolve("admin-token")).trim();
            assertThat(log).contains("auth.admin_token_created", dataDir.resolve("admin-token").toString());
            assertThat(log).doesNotContain(value).doesNotContain(Secret.MASK);
        }
        assertThat(token.toString()).doesNotContain(token.token().reveal());
        assertThat(token.token().toString()).isEqualTo(Secret.MASK);
    }

    @Test
    void aTokenFileOthersCanReadIsRefused() throws Exception {
        LocalAdminToken.loadOrCreate(dataDir, "studio-main");
        Path file = dataDir.resolve("admin-token");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));

        assertThatThrownBy(() -> LocalAdminToken.loadOrCreate(dataDir, "studio-main"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("rw-r--r--").hasMessageContaining("chmod 600");
    }

    @Test
    void aTokenFileThisHubDidNotWriteIsRefusedWithoutShowingIt() throws Exception {
        Path file = dataDir.resolve("admin-token");
        Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.writeString(file, "password123\n");

        assertThatThrownBy(() -> LocalAdminToken.loadOrCreate(dataDir, "studio-main"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("delete it")
                .hasMessageNotContaining("password123");
    }

    @Test
    void aMissingDataDirIsCreated() {
        Path nested = dataDir.resolve("fresh/data");

        LocalAdminToken token = LocalAdminToken.loadOrCreate(nested, "studio-main");

        assertThat(Files.exists(token.file())).isTrue();
        assertThat(nested.toFile().list()).containsExactly("admin-token");
    }
}
