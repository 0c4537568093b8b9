package studio.brain.drills;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;

/**
 * The drill's action route body: it records every send that reached {@code direct:execute-<capability>} (which
 * proposal, and when on the monotonic clock) and takes a moment, as a remote write would, so that load is still in
 * flight when the drill pulls a lever. It changes nothing outside the hub.
 */
final class ActionRecorder implements Processor {
    static final String PROPOSAL_HEADER = "StudioBrainProposalId";

    /** One send: the proposal it was for and its arrival time in {@link System#nanoTime()} terms. */
    record Send(String proposalId, long atNanos) {
    }

    private final ConcurrentLinkedQueue<Send> sends = new ConcurrentLinkedQueue<>();
    private volatile long writeMillis;

    ActionRecorder(long writeMillis) {
        this.writeMillis = writeMillis;
    }

    /** How long each send takes from now on (the scenario's stand-in for a remote write). */
    void writeMillis(long millis) {
        this.writeMillis = millis;
    }

    @Override
    public void process(Exchange exchange) throws Exception {
        sends.add(new Send(exchange.getIn().getHeader(PROPOSAL_HEADER, String.class), System.nanoTime()));
        if (writeMillis > 0) {
            Thread.sleep(writeMillis);
        }
        exchange.getMessage().setBody("{\"accepted\": true}");
    }

    List<Send> sends() {
        return new ArrayList<>(sends);
    }

    int count() {
        return sends.size();
    }

    /** Sends that arrived strictly after the instant (nanoTime). */
    List<Send> after(long nanos) {
        return sends.stream().filter(s -> s.atNanos() > nanos).toList();
    }
}
