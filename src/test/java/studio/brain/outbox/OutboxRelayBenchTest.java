package studio.brain.outbox;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** A smoke run of the throughput bench: it works end to end. Its timing is not judged here. */
class OutboxRelayBenchTest {

    @Test
    void theBenchRelaysEveryMessageItEnqueued() throws Exception {
        try (OutboxDatabase db = new OutboxDatabase()) {
            String result = OutboxRelayBench.run(db.dataSource(), 50);

            assertThat(result).startsWith("50 messages relayed in ");
            assertThat(db.count("topic = 'bench.outbox_relay' and status = 'delivered'")).isEqualTo(50);
            assertThat(db.count("status <> 'delivered'")).isZero();
        }
    }
}
