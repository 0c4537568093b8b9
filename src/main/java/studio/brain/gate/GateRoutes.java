package studio.brain.gate;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.processor.aggregate.GroupedBodyAggregationStrategy;

/**
 * {@code direct:policy-gate}: how a YAML route proposes. The body is the action input (JSON); headers name the
 * capability and target and say why. The calling route is the actor. The answer replaces the body — decision id,
 * reason code, proposal id and status — and a denial is an answer, not an error, so the route can log it and go on.
 * <pre>
 * - setHeader: {name: StudioBrainCapability, constant: ops.recommendation}
 * - setHeader: {name: StudioBrainTarget, constant: kiln-room}
 * - setHeader: {name: StudioBrainRationale, simple: "${body[summary]} (rule stalled-batches)"}
 * - to: direct:policy-gate
 * </pre>
 * {@code direct:propose-each} proposes a list at once, as the assistive scans do: the body is a list of
 * {@code {input, target, rationale, sourceRefs?}} and the capability header names what they all are; the answer is
 * the list of the gate's answers, in order.
 */
public final class GateRoutes extends RouteBuilder {
    public static final String CAPABILITY = "StudioBrainCapability";
    public static final String TARGET = "StudioBrainTarget";
    public static final String RATIONALE = "StudioBrainRationale";
    public static final String OWNER = "StudioBrainOwnerUid";
    public static final String WORK_ITEM = "StudioBrainWorkItem";
    public static final String SOURCE_REFS = "StudioBrainSourceRefs";
    public static final String PREVIEW = "StudioBrainPreview";

    private final ProposalGate gate;
    private final ExecutionService execution;
    private final String tenantId;

    public GateRoutes(ProposalGate gate, ExecutionService execution, String tenantId) {
        this.gate = gate;
        this.execution = execution;
        this.tenantId = tenantId;
    }

    @Override
    public void configure() {
        from("direct:policy-gate").routeId("policy-gate").process(this::submit);

        from("direct:propose-each").routeId("propose-each")
                .split(body(), new GroupedBodyAggregationStrategy())
                    .setHeader(TARGET, simple("${body[target]}"))
                    .setHeader(RATIONALE, simple("${body[rationale]}"))
                    .setHeader(SOURCE_REFS, simple("${body[sourceRefs]}"))
                    .setBody(simple("${body[input]}"))
                    .marshal().json()
                    .to("direct:policy-gate")
                .end();

        // An execution a crash left open is closed as outcome unknown, never sent again (its grant is spent).
        from("timer:execution-recovery?delay=5000&period=60000").routeId("execution-recovery")
                .process(e -> execution.closeInterrupted(ExecutionService.EXECUTION_BUDGET));
    }

    private void submit(Exchange exchange) throws Exception {
        var in = exchange.getIn();
        String caller = exchange.getFromRouteId() == null ? "unknown" : exchange.getFromRouteId();
        JsonNode input = ProposalGate.json(in.getBody(String.class));
        String refs = in.getHeader(SOURCE_REFS, String.class);
        ProposalRequest request = new ProposalRequest(in.getHeader(CAPABILITY, String.class), tenantId,
                in.getHeader(TARGET, String.class), in.getHeader(OWNER, String.class), input,
                in.getHeader(RATIONALE, String.class), in.getHeader(PREVIEW, String.class),
                refs == null ? List.of() : Arrays.stream(refs.split(",")).map(String::trim).toList(),
                in.getHeader(WORK_ITEM, String.class));
        ProposalGate.Outcome outcome = gate.submit(Actor.system(caller, tenantId), request,
                in.getHeader(Exchange.BREADCRUMB_ID, String.class));
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("decisionId", outcome.decisionId().toString());
        answer.put("reason", outcome.reason().name());
        answer.put("proposalId", outcome.proposalId() == null ? null : outcome.proposalId().toString());
        answer.put("status", outcome.status());
        answer.put("duplicate", outcome.duplicate());
        answer.put("message", outcome.message());
        exchange.getMessage().setBody(answer);
        exchange.getMessage().setHeader("StudioBrainDecision", outcome.reason().name());
    }
}
