package studio.brain.idempotency;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import studio.brain.hash.ContentHash;
import studio.brain.idempotency.IdempotencyStore.Outcome;
import studio.brain.idempotency.IdempotencyStore.Status;

/** Stripe's Idempotency-Key contract: a replay gets the first answer, a reused key with other content is refused. */
class IdempotencyStoreTest {
    private static final Instant T0 = Instant.parse("2026-11-30T09:00:00Z");
    private static final String SCOPE = "api.proposals";
    private static final Duration WINDOW = Duration.ofHours(24);
    private static final String REQUEST = ContentHash.of(Map.of("capability", "kiln.start", "kiln", "k-1"));
    private static final String OTHER_REQUEST = ContentHash.of(Map.of("capability", "kiln.start", "kiln", "k-2"));

    private final IdempotencyDatabase db = new IdempotencyDatabase();

    @AfterEach
    void closeDatabase() {
        db.close();
    }

    @Test
    void theFirstRequestProceedsAndAReplayGetsTheStoredAnswer() throws Exception {
        IdempotencyStore store = storeAt(T0);
        assertThat(store.begin(SCOPE, "key-1", REQUEST)).isEqualTo(Outcome.of(Status.NEW));
        store.complete(SCOPE, "key-1", "{\"proposalId\": \"p-1\", \"status\": \"pending\"}");

        Outcome replay = storeAt(T0.plusSeconds(30)).begin(SCOPE, "key-1", REQUEST);
        assertThat(replay.status()).isEqualTo(Status.REPLAY);
        assertThat(replay.responseJson()).isEqualTo("{\"proposalId\":\"p-1\",\"status\":\"pending\"}");
        assertThat(replay.isNew()).isFalse();
    }

    @Test
    void theSameKeyWithDifferentContentIsAConflictBeforeAndAfterCompletion() throws Exception {
        IdempotencyStore store = storeAt(T0);
        store.begin(SCOPE, "key-1", REQUEST);
        assertThat(store.begin(SCOPE, "key-1", OTHER_REQUEST).status()).isEqualTo(Status.CONFLICT);
        store.complete(SCOPE, "key-1", "{\"proposalId\":\"p-1\"}");
        assertThat(store.begin(SCOPE, "key-1", OTHER_REQUEST).status()).isEqualTo(Status.CONFLICT);
        assertThat(store.begin(SCOPE, "key-1", REQUEST).status()).isEqualTo(Status.REPLAY);
    }

    @Test
    void aRetryWhileTheFirstRequestRunsIsInProgressAndAnAbandonedKeyIsFreeAgain() throws Exception {
        IdempotencyStore store = storeAt(T0);
        store.begin(SCOPE, "key-1", REQUEST);
        assertThat(store.begin(SCOPE, "key-1", REQUEST)).isEqualTo(Outcome.of(Status.IN_PROGRESS));

        assertThat(store.abandon(SCOPE, "key-1")).isTrue();
        assertThat(store.begin(SCOPE, "key-1", REQUEST).status()).isEqualTo(Status.NEW);
        store.complete(SCOPE, "key-1", "{\"ok\":true}");
        assertThat(store.abandon(SCOPE, "key-1")).as("a completed key keeps its answer").isFalse();
        assertThat(store.begin(SCOPE, "key-1", REQUEST).status()).isEqualTo(Status.REPLAY);
    }

    @Test
    void afterItsWindowAKeyStartsAfresh() throws Exception {
        storeAt(T0).begin(SCOPE, "key-1", REQUEST);
        storeAt(T0).complete(SCOPE, "key-1", "{\"proposalId\":\"p-1\"}");
        assertThat(storeAt(T0.plus(WINDOW).minusSeconds(1)).begin(SCOPE, "key-1", OTHER_REQUEST).status())
                .isEqualTo(Status.CONFLICT);
        assertThat(storeAt(T0.plus(WINDOW)).begin(SCOPE, "key-1", OTHER_REQUEST).status()).isEqualTo(Status.NEW);
        assertThat(storeAt(T0.plus(WINDOW)).purgeExpired()).isZero();
        assertThat(storeAt(T0.plus(WINDOW).plus(WINDOW)).purgeExpired()).isEqualTo(1);
    }

    @Test
    void inTheCallersTransactionARollbackFreesTheKeyAndACommitPublishesTheAnswer() throws Exception {
        IdempotencyStore store = storeAt(T0);
        try (Connection c = db.dataSource().getConnection()) {
            c.setAutoCommit(false);
            assertThat(store.begin(c, SCOPE, "key-1", REQUEST).status()).isEqualTo(Status.NEW);
            c.rollback();
        }
        try (Connection c = db.dataSource().getConnection()) {
            c.setAutoCommit(false);
            assertThat(store.begin(c, SCOPE, "key-1", REQUEST).status()).isEqualTo(Status.NEW);
            store.complete(c, SCOPE, "key-1", "{\"proposalId\":\"p-1\"}");
            // A concurrent request with the same key waits for this transaction and then sees its answer.
            CompletableFuture<Outcome> concurrent = CompletableFuture.supplyAsync(() -> {
                try {
                    return store.begin(SCOPE, "key-1", REQUEST);
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            c.commit();
            Outcome outcome = concurrent.get(30, TimeUnit.SECONDS);
            assertThat(outcome.status()).isEqualTo(Status.REPLAY);
            assertThat(outcome.responseJson()).isEqualTo("{\"proposalId\":\"p-1\"}");
        }
    }

    @Test
    void badInputIsRefusedWithAClearMessage() throws Exception {
        IdempotencyStore store = storeAt(T0);
        assertThatThrownBy(() -> store.begin("api.unknown", "key-1", REQUEST))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("unknown idempotency scope 'api.unknown'")
                .hasMessageContaining(SCOPE);
        assertThatThrownBy(() -> store.begin(SCOPE, "key-1", "not-a-hash"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("requestHash");
        assertThatThrownBy(() -> store.begin(SCOPE, " ", REQUEST))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("key must not be null or blank");
        assertThatThrownBy(() -> store.complete(SCOPE, "never-begun", "{}"))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("no request in progress");
        store.begin(SCOPE, "key-1", REQUEST);
        assertThatThrownBy(() -> store.complete(SCOPE, "key-1", "{not json"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not valid JSON");
        assertThatThrownBy(() -> store.complete(SCOPE, "key-1", null))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(store.begin(SCOPE, "key-1", REQUEST).status()).as("a refused completion stores nothing")
                .isEqualTo(Status.IN_PROGRESS);
        assertThatThrownBy(() -> new IdempotencyStore(db.dataSource(), Clock.systemUTC(), Map.of()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at least one scope");
        assertThatThrownBy(() -> new IdempotencyStore(db.dataSource(), Clock.systemUTC(), Map.of(SCOPE, Duration.ZERO)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("window");
    }

    private IdempotencyStore storeAt(Instant now) {
        return new IdempotencyStore(db.dataSource(), Clock.fixed(now, ZoneOffset.UTC),
                Map.of(SCOPE, WINDOW, "api.refunds", Duration.ofHours(1)));
    }
}
