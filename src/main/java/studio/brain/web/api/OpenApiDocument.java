package studio.brain.web.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Locale;

/**
 * The OpenAPI 3.1 description of the whole {@code /api/}, written by hand beside the routes (not generated from
 * them): {@code OpenApiDocumentTest} compares its operations with the routes the hub actually serves, both ways, so
 * an endpoint added without its description, or described but gone, fails the build.
 */
public final class OpenApiDocument {
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
    private static final String ERROR = "Error";

    private final ObjectNode root = JSON.objectNode();
    static final String WEBHOOK_ACCESS = "signed webhook";
    private final ObjectNode paths;
    private final ObjectNode schemas;

    private OpenApiDocument(String version) {
        root.put("openapi", "3.1.0");
        ObjectNode info = root.putObject("info");
        info.put("title", "Studio Brain hub API");
        info.put("version", version);
        info.put("description", "The local control plane of a ceramics studio: proposals and their decisions, "
                + "policy controls, agent delegations and the audit ledger. Every endpoint needs an Authorization "
                + "header; errors are {\"error\":{\"code\",\"message\",\"requestId\"}}. docs/api.md says more.");
        root.putArray("servers").addObject().put("url", "/");
        paths = root.putObject("paths");
        ObjectNode components = root.putObject("components");
        ObjectNode security = components.putObject("securitySchemes");
        security.putObject("staff").put("type", "http").put("scheme", "bearer")
                .put("description", "Staff: the local admin token (local-token mode) or a Firebase ID token");
        security.putObject("agent").put("type", "http").put("scheme", "Delegation")
                .put("description", "An AI agent: a delegation token minted by staff (Authorization: Delegation <token>)");
        security.putObject("cockpitSession").put("type", "apiKey").put("in", "cookie")
                .put("name", StaffSessions.COOKIE)
                .put("description", "Staff in the cockpit: the session cookie POST /api/session sets; a state-changing "
                        + "request must also send the session's CSRF token in " + StaffSessions.CSRF_HEADER);
        security.putObject("webhookSignature").put("type", "apiKey").put("in", "header")
                .put("name", "webhook-signature")
                .put("description", "Standard Webhooks: webhook-id, webhook-timestamp and webhook-signature "
                        + "(v1,<base64 HMAC-SHA256 of id.timestamp.body> with a whsec_ secret); docs/intake-webhook.md");
        security.putObject("hubitatEventsSecret").put("type", "apiKey").put("in", "header")
                .put("name", "X-Hubitat-Secret")
                .put("description", "The shared secret STUDIO_BRAIN_HUBITAT_EVENTS_SECRET, in this header or as the "
                        + "last path segment; docs/connectors.md");
        schemas = components.putObject("schemas");
        defineSchemas();
    }

    /** The document; {@code version} is the hub's (the API has no version of its own yet). */
    public static ObjectNode build(String version) {
        OpenApiDocument document = new OpenApiDocument(version);
        document.capabilities();
        document.proposals();
        document.decisions();
        document.policy();
        document.delegations();
        document.audit();
        document.studioState();
        document.intake();
        document.triage();
        document.finance();
        document.drafts();
        document.session();
        document.connectors();
        document.scorecard();
        document.operation("GET", "/api/openapi.json", Access.STAFF_OR_AGENT, "api-openapi", "meta",
                        "This description of the API")
                .ok(200, "The OpenAPI 3.1 document", object());
        return document.root;
    }

    private void session() {
        operation("POST", "/api/session", Access.STAFF, "api-session-sign-in", "session",
                "Sign in to the cockpit with a staff credential in Authorization: sets the HttpOnly, SameSite=Strict "
                        + "session cookie and answers with the CSRF token (the credential itself is never kept)")
                .ok(201, "The session", ref("CockpitSession"))
                .errors(400);
        operation("GET", "/api/session", Access.STAFF, "api-session", "session",
                "The cockpit session of this request's cookie, with its CSRF token")
                .ok(200, "The session", ref("CockpitSession"))
                .errors(404);
        operation("DELETE", "/api/session", Access.STAFF, "api-session-sign-out", "session",
                "Sign out: ends the cookie's session (needs the CSRF token) and clears the cookie")
                .header(StaffSessions.CSRF_HEADER, "the session's CSRF token")
                .ok(200, "Signed out", object())
                .errors(404);
    }

    private void capabilities() {
        operation("GET", "/api/capabilities", Access.STAFF, "api-capabilities", "capabilities",
                "The capability registry in force, with its version and hash")
                .ok(200, "The registry", ref("CapabilityRegistry"));
    }

    private void proposals() {
        operation("POST", "/api/proposals", Access.STAFF_OR_AGENT, "api-proposals-create", "proposals",
                "Submit a proposal to the policy gate; honours Idempotency-Key")
                .header("Idempotency-Key", "Optional: a retry with the same key and body gets the first answer "
                        + "again (Idempotent-Replayed: true); the same key with another body is 409 IDEMPOTENCY_CONFLICT")
                .body("ProposalRequest")
                .ok(202, "APPROVAL_REQUIRED: the proposal waits for staff", ref("ProposalOutcome"))
                .ok(200, "ALLOWED (no approval needed, or a live exemption) or DUPLICATE (the first outcome again)",
                        ref("ProposalOutcome"))
                .errors(400, 403, 404, 409, 422, 429);
        operation("GET", "/api/proposals", Access.STAFF, "api-proposals-list", "proposals",
                "The proposal queue, newest first, filtered and paged")
                .query("status", "pending_approval, approved, rejected, expired, executing, executed, failed or rolled_back")
                .query("capability", "a capability id")
                .query("risk", "low, medium, high or critical (the capability's risk in the registry in force)")
                .query("owner", "the owner uid of the resource")
                .query("target", "the target, exactly")
                .query("olderThan", "an ISO-8601 duration: created longer ago than this (PT2H)")
                .query("newerThan", "an ISO-8601 duration: created within this (P1D)")
                .query("tenant", "this hub's studio only; another is 403 TENANT_MISMATCH")
                .query("limit", "1 to 200, default 50")
                .query("before", "the nextBefore of the previous page")
                .ok(200, "A page of proposals", ref("ProposalPage"))
                .errors(400);
        operation("GET", "/api/proposals/{id}", Access.STAFF, "api-proposals-detail", "proposals",
                "One proposal with its transitions and its ledger events; recorded as proposal.viewed")
                .path("id", "the proposal id")
                .ok(200, "The proposal", ref("ProposalDetail"))
                .errors(404);
    }

    private void decisions() {
        for (String verb : List.of("approve", "reject", "reopen")) {
            operation("POST", "/api/proposals/{id}/" + verb, Access.STAFF, "api-proposals-" + verb, "decisions",
                    switch (verb) {
                        case "approve" -> "Approve a pending proposal; the answer carries its single-use execution grant";
                        case "reject" -> "Reject a pending proposal";
                        default -> "Put a rejected proposal back in the queue";
                    })
                    .path("id", "the proposal id")
                    .body("RationaleRequest")
                    .ok(200, "The proposal's new status (and for an approval, the grant)", ref("DecisionResult"))
                    .errors(400, 404, 409, 422);
        }
        operation("POST", "/api/proposals/{id}/execute", Access.STAFF, "api-proposals-execute", "decisions",
                "Execute an approved proposal with its grant, through the route direct:execute-<capability>")
                .path("id", "the proposal id")
                .body("ExecuteRequest")
                .ok(200, "Executed; the output's hash is recorded", ref("ExecutionResult"))
                .errors(400, 404, 409, 422, 502);
        operation("POST", "/api/proposals/{id}/dry-run", Access.STAFF, "api-proposals-dry-run", "decisions",
                "Dry run: the capability's dry-run route reads the resource now and answers what the action would "
                        + "change (recorded as dry_run.generated; required before a medium-or-higher risk write runs). "
                        + "409 NOT_SUPPORTED when the capability has no running dry-run route")
                .path("id", "the proposal id")
                .body("OptionalRationaleRequest")
                .errors(400, 404, 409, 422, 502);
        operation("POST", "/api/proposals/{id}/rollback", Access.STAFF, "api-proposals-rollback", "decisions",
                "Ask to roll back an executed proposal: its undo is submitted as a new proposal that needs its own "
                        + "approval (202 with rollbackProposalId; recorded as rollback.invoked). 409 NOT_SUPPORTED "
                        + "when the capability has no rollback in this hub")
                .path("id", "the proposal id")
                .body("RationaleRequest")
                .errors(400, 404, 409, 422);
    }

    private void policy() {
        operation("GET", "/api/policy/kill-switch", Access.STAFF, "api-policy-kill-switch", "policy",
                "The kill switch's position and its latest changes")
                .ok(200, "Position and history", ref("KillSwitchWithHistory"));
        operation("POST", "/api/policy/kill-switch", Access.STAFF, "api-policy-kill-switch-set", "policy",
                "Turn the kill switch on (blocks every write proposal and every execution) or off")
                .body("KillSwitchChange")
                .ok(200, "The new position", ref("KillSwitch"))
                .errors(400, 422);
        operation("GET", "/api/policy/exemptions", Access.STAFF, "api-policy-exemptions", "policy",
                "Every exemption from approval, newest first, with its status")
                .ok(200, "Exemptions", listOf("exemptions", "Exemption"));
        operation("POST", "/api/policy/exemptions", Access.STAFF, "api-policy-exemptions-create", "policy",
                "Exempt an exemptable capability from approval until an expiry (at most 30 days)")
                .body("ExemptionRequest")
                .ok(201, "The exemption", ref("Exemption"))
                .errors(400, 404, 422);
        operation("POST", "/api/policy/exemptions/{id}/revoke", Access.STAFF, "api-policy-exemptions-revoke",
                "policy", "Revoke an exemption")
                .path("id", "the exemption id (ex-…)")
                .body("RationaleRequest")
                .ok(200, "The exemption, revoked", ref("Exemption"))
                .errors(400, 404, 409, 422);
        operation("GET", "/api/policy/quotas", Access.STAFF, "api-policy-quotas", "policy",
                "The quota counters of the current windows")
                .ok(200, "Counters", listOf("quotas", "Quota"));
        operation("POST", "/api/policy/quotas/{bucket}/reset", Access.STAFF, "api-policy-quotas-reset", "policy",
                "Start a quota bucket's current window again from zero")
                .path("bucket", "the bucket, as GET /api/policy/quotas names it (actor:local-admin:ops.recommendation)")
                .body("RationaleRequest")
                .ok(200, "How many windows were reset", ref("QuotaReset"))
                .errors(400, 422);
    }

    private void delegations() {
        operation("GET", "/api/delegations", Access.STAFF, "api-delegations", "delegations",
                "Every delegation of this studio, newest first, with its status")
                .ok(200, "Delegations", listOf("delegations", "Delegation"));
        operation("POST", "/api/delegations", Access.STAFF, "api-delegations-issue", "delegations",
                "Delegate capabilities to an AI agent acting for an owner; the answer carries its first token")
                .body("DelegationRequest")
                .ok(201, "The delegation and its first token", ref("IssuedDelegation"))
                .errors(400, 422);
        operation("POST", "/api/delegations/{id}/revoke", Access.STAFF, "api-delegations-revoke", "delegations",
                "Revoke a delegation; its tokens stop working at once")
                .path("id", "the delegation id")
                .body("RevokeRequest")
                .ok(200, "The delegation, revoked (revoking again returns the first revocation)", ref("Delegation"))
                .errors(400, 404, 422);
        operation("POST", "/api/delegations/{id}/token", Access.STAFF, "api-delegations-token", "delegations",
                "Mint a fresh 15-minute token for a delegation that still stands")
                .path("id", "the delegation id")
                .ok(201, "The token", propertyOf("token", "DelegationToken"))
                .errors(400, 404, 422);
        operation("GET", "/api/delegations/traces", Access.STAFF, "api-delegations-traces", "delegations",
                "Refused delegation tokens, newest first, with the checks made up to the refusal")
                .query("limit", "1 to 500, default 100")
                .ok(200, "Denials", listOf("denials", "DelegationDenial"))
                .errors(400);
    }

    private void studioState() {
        operation("GET", "/api/studio-state/{view}", Access.STAFF, "api-studio-state-read", "studio-state",
                "StudioState: the latest snapshot, the snapshot of a date, recent diffs or drift findings")
                .path("view", "latest, diffs, drift, or a date (YYYY-MM-DD)")
                .query("limit", "for diffs and drift: 1 to 500, default 30")
                .ok(200, "The view; with derivedFrom, sampleData and, for a snapshot, its source timestamps and "
                        + "staleness (snapshot null with a reason when there is none)", object())
                .errors(400, 404);
        operation("POST", "/api/studio-state/snapshots", Access.STAFF, "api-studio-state-compute", "studio-state",
                "Compute today's StudioState now (a recompute replaces the day and is recorded)")
                .ok(201, "What the compute did: date, hash, completeness, changed and drift counts", object())
                .errors(503);
    }

    private void intake() {
        ObjectNode flags = paths.putObject("/api/intake/flags").putObject("post");
        flags.put("operationId", "intake-webhook");
        flags.putArray("tags").add("intake");
        flags.put("summary", "A signed work request or flag from the portal or an integrator (the intake webhook)");
        flags.put("x-access", WEBHOOK_ACCESS);
        flags.putArray("security").addObject().putArray("webhookSignature");
        flags.putObject("requestBody").put("required", true).putObject("content").putObject("application/json")
                .putObject("schema").put("$comment", "schema/intake-flag.schema.json").put("type", "object");
        Operation webhook = new Operation(flags);
        webhook.ok(202, "Recorded (or the first answer again for a webhook-id seen before, with "
                + "Idempotent-Replayed: true): intakeId, category, disposition", object());
        webhook.error(401, "NOT_AUTHENTICATED: a missing, wrong, too old or future signature");
        webhook.error(409, "IDEMPOTENCY_CONFLICT: the webhook-id was used for another body");
        webhook.error(413, "PAYLOAD_TOO_LARGE");
        webhook.error(422, "INVALID_INPUT with the fields");
        webhook.error(503, "NOT_CONFIGURED: no signing secret");
        operation("GET", "/api/intake/{view}", Access.STAFF, "api-intake-read", "intake",
                "The review queue (review-queue), weekly counts and decision consistency (stats), or one item by id")
                .path("view", "review-queue, stats, or an intake item id")
                .query("limit", "for the review queue: 1 to 500, default 100")
                .ok(200, "The view", object())
                .errors(400, 404);
        operation("POST", "/api/intake/{id}/decision", Access.STAFF, "api-intake-decide", "intake",
                "Decide an item in review: override_granted (reason code staff_override_*) releases the work item, "
                        + "override_denied (policy_*) keeps it blocked and rejects its open proposals")
                .path("id", "the intake item id")
                .ok(200, "The item with the decision", object())
                .errors(400, 404, 409, 422);
    }

    private void connectors() {
        operation("GET", "/api/connectors", Access.STAFF, "api-connectors", "connectors",
                "Every device connector: mode, state (running, not configured, stopped), availability, breaker, "
                        + "last success and error, latency, request id, and its devices with their alerts")
                .ok(200, "tenantId and the connectors (docs/connectors.md)", object());
        for (String path : List.of("/api/hubitat/events", "/api/hubitat/events/{secret}")) {
            ObjectNode post = paths.putObject(path).putObject("post");
            post.put("operationId", path.endsWith("}") ? "hubitat-events-path" : "hubitat-events");
            post.putArray("tags").add("connectors");
            post.put("summary", "A device event pushed by the Hubitat Maker API (\"post device events to URL\"): "
                    + "{\"content\": {name, value, displayName, deviceId, descriptionText, unit, type, data}}");
            post.put("x-access", WEBHOOK_ACCESS);
            post.putArray("security").addObject().putArray("hubitatEventsSecret");
            if (path.endsWith("}")) {
                ObjectNode parameter = post.putArray("parameters").addObject();
                parameter.put("name", "secret").put("in", "path").put("required", true)
                        .put("description", "the shared events secret (for the Maker API, which cannot set headers)");
                parameter.putObject("schema").put("type", "string");
            }
            post.putObject("requestBody").put("required", true).putObject("content").putObject("application/json")
                    .putObject("schema").put("type", "object");
            Operation webhook = new Operation(post);
            webhook.ok(202, "Accepted: the device updated on the board (applied), or a location event ignored", object());
            webhook.error(400, "BAD_REQUEST: the body is not JSON");
            webhook.error(401, "NOT_AUTHENTICATED: a missing or wrong secret; nothing changed");
            webhook.error(422, "INVALID_INPUT: not a Maker API device event");
            webhook.error(503, "NOT_CONFIGURED: the Hubitat connector or its events secret is not set");
        }
    }

    private void scorecard() {
        operation("GET", "/api/scorecard", Access.STAFF, "api-scorecard", "scorecard",
                "The KPI scorecard: each indicator's value, unit, status (ok, warning, critical, or unknown when it "
                        + "cannot be computed), thresholds, owner and note; docs/scorecard.md")
                .ok(200, "computedAt and the indicators", object())
                .errors(503);
    }

    private void finance() {
        operation("POST", "/api/finance/reconciliation/runs", Access.STAFF, "api-finance-reconcile", "finance",
                "Run the read-only finance reconciliation now; each discrepancy becomes a finance.flag proposal")
                .ok(201, "The number of flags and the gate's outcome for each", object())
                .errors(503);
    }

    private void drafts() {
        operation("GET", "/api/drafts", Access.STAFF, "api-drafts-list", "drafts",
                "The assistive drafts of one kind: ops recommendations, finance flags or marketing drafts")
                .query("kind", "ops, finance or marketing (required)")
                .query("status", "needs_review; accepted or dismissed (ops, finance); approved_for_publish or draft "
                        + "(marketing)")
                .query("limit", "1 to 500, default 50")
                .ok(200, "The drafts, newest first, each with its draftStatus", object())
                .errors(400);
        operation("POST", "/api/drafts/{id}/review", Access.STAFF, "api-drafts-review", "drafts",
                "Review a draft: approve, reject (an ops draft optionally as a false positive) or reopen, with a "
                        + "rationale; recorded with the draft's hash before and after")
                .path("id", "the draft's proposal id")
                .ok(200, "The draft's new status", object())
                .errors(400, 403, 404, 409, 422);
        operation("POST", "/api/drafts/{id}/correction", Access.STAFF, "api-drafts-correction", "drafts",
                "Turn a finance flag into a finance.correction.request proposal (approval-only: the portal applies "
                        + "it once another staff member approves)")
                .path("id", "the finance flag's proposal id")
                .ok(202, "The correction request waits for approval", object())
                .ok(200, "The same request already exists (duplicate)", object())
                .errors(400, 403, 404, 422);
    }

    private void triage() {
        operation("POST", "/api/trust-safety/triage/suggest", Access.STAFF, "api-triage-suggest", "trust-safety",
                "A suggestion for a community report: severity, category, reason code, confidence, rules; never an action")
                .ok(200, "The suggestion", object())
                .errors(400, 422);
        operation("POST", "/api/trust-safety/triage/feedback", Access.STAFF, "api-triage-feedback", "trust-safety",
                "Staff feedback on a suggestion: accepted, edited or rejected, and the final action")
                .ok(201, "Recorded", object())
                .errors(400, 422);
        operation("GET", "/api/trust-safety/triage/stats", Access.STAFF, "api-triage-stats", "trust-safety",
                "Acceptance and mismatch rates by category")
                .ok(200, "The statistics", object());
    }

    private void audit() {
        operation("GET", "/api/audit", Access.STAFF, "api-audit-list", "audit",
                "The audit timeline, newest first, filtered and paged")
                .query("from", "an ISO-8601 instant, inclusive")
                .query("to", "an ISO-8601 instant, exclusive")
                .query("action", "an action prefix (proposal.)")
                .query("actor", "an actor id")
                .query("actorType", "staff, human, agent or system")
                .query("capability", "a capability id")
                .query("approvalState", "an approval state")
                .query("tenant", "a tenant id")
                .query("correlationId", "a correlation id (a proposal id)")
                .query("limit", "1 to 500, default 100")
                .query("before", "the nextBefore of the previous page")
                .ok(200, "A page of ledger events", ref("AuditPage"))
                .errors(400);
        operation("GET", "/api/audit/verify", Access.STAFF, "api-audit-verify", "audit",
                "Verify the chain and its signed checkpoints now (recorded as ledger.verified)")
                .ok(200, "The verification report", ref("VerifyReport"));
        Operation export = operation("GET", "/api/audit/export", Access.STAFF, "api-audit-export", "audit",
                "A zip of an audit bundle that `ledger verify-bundle` checks offline (recorded as ledger.exported)")
                .query("from", "the first sequence number, default 1")
                .query("to", "the last sequence number, default the newest")
                .errors(400);
        ObjectNode zip = export.responses.putObject("200");
        zip.put("description", "The bundle");
        zip.putObject("content").putObject("application/zip").putObject("schema").put("type", "string")
                .put("contentMediaType", "application/zip");
    }

    /** One operation being described. */
    private final class Operation {
        private final ObjectNode node;
        private final ObjectNode responses;

        private Operation(ObjectNode node) {
            this.node = node;
            this.responses = node.putObject("responses");
        }

        Operation path(String name, String description) {
            parameter("path", name, description, true);
            return this;
        }

        Operation query(String name, String description) {
            parameter("query", name, description, false);
            return this;
        }

        Operation header(String name, String description) {
            parameter("header", name, description, false);
            return this;
        }

        Operation body(String schema) {
            ObjectNode body = node.putObject("requestBody");
            body.put("required", false);
            body.putObject("content").putObject("application/json").set("schema", ref(schema));
            return this;
        }

        Operation ok(int status, String description, JsonNode schema) {
            ObjectNode response = responses.putObject(Integer.toString(status));
            response.put("description", description);
            response.putObject("content").putObject("application/json").set("schema", schema);
            return this;
        }

        Operation errors(int... statuses) {
            for (int status : statuses) {
                error(status, switch (status) {
                    case 400 -> "BAD_REQUEST: an unreadable body or a bad query parameter";
                    case 403 -> "A gate reason: FORBIDDEN, SCOPE_MISSING, OWNER_MISMATCH, TENANT_MISMATCH, "
                            + "CAPABILITY_DISABLED, WRITES_DISABLED, BLOCKED_BY_POLICY, SELF_APPROVAL, GRANT_INVALID, …";
                    case 404 -> "NOT_FOUND (no such proposal, exemption or delegation) or UNKNOWN_CAPABILITY";
                    case 409 -> "ALREADY_DECIDED, PROPOSAL_EXPIRED, NOT_APPROVED, INTAKE_HOLD, IDEMPOTENCY_CONFLICT, "
                            + "IDEMPOTENCY_IN_PROGRESS, NO_ACTION_ROUTE or NOT_SUPPORTED";
                    case 422 -> "INVALID_INPUT (with the fields), RATIONALE_REQUIRED or NOT_EXEMPTABLE";
                    case 429 -> "RATE_LIMITED: a quota is exhausted; Retry-After says when to try again";
                    case 502 -> "ACTION_FAILED: the action route failed; the proposal is failed and not retried";
                    default -> "An error";
                });
            }
            return this;
        }

        private void error(int status, String description) {
            ObjectNode response = responses.putObject(Integer.toString(status));
            response.put("description", description);
            response.putObject("content").putObject("application/json").set("schema", ref(ERROR));
            if (status == 429 || status == 409) {
                response.putObject("headers").putObject("Retry-After").put("description",
                        "seconds to wait (429, and 409 IDEMPOTENCY_IN_PROGRESS)").putObject("schema")
                        .put("type", "integer");
            }
        }

        private void parameter(String in, String name, String description, boolean required) {
            ArrayNode parameters = node.has("parameters") ? (ArrayNode) node.get("parameters")
                    : node.putArray("parameters");
            ObjectNode parameter = parameters.addObject();
            parameter.put("name", name);
            parameter.put("in", in);
            parameter.put("required", required);
            parameter.put("description", description);
            parameter.putObject("schema").put("type", "string");
        }
    }

    private Operation operation(String method, String path, Access access, String operationId, String tag,
                                String summary) {
        ObjectNode item = paths.has(path) ? (ObjectNode) paths.get(path) : paths.putObject(path);
        ObjectNode node = item.putObject(method.toLowerCase(Locale.ROOT));
        node.put("operationId", operationId);
        node.putArray("tags").add(tag);
        node.put("summary", summary);
        node.put("x-access", access.description());
        ArrayNode security = node.putArray("security");
        security.addObject().putArray("staff");
        security.addObject().putArray("cockpitSession");
        if (access == Access.STAFF_OR_AGENT) {
            security.addObject().putArray("agent");
        }
        Operation operation = new Operation(node);
        ObjectNode unauthenticated = operation.responses.putObject("401");
        unauthenticated.put("description", "NOT_AUTHENTICATED: no, unknown or bad credential");
        unauthenticated.putObject("headers").putObject("WWW-Authenticate").putObject("schema").put("type", "string");
        unauthenticated.putObject("content").putObject("application/json").set("schema", ref(ERROR));
        ObjectNode forbidden = operation.responses.putObject("403");
        forbidden.put("description", access == Access.STAFF
                ? "FORBIDDEN (not staff), TENANT_MISMATCH, DELEGATION_REVOKED, DELEGATION_EXPIRED, or "
                        + "CSRF_TOKEN_INVALID (a change made with the cockpit's cookie without its CSRF token)"
                : "FORBIDDEN, TENANT_MISMATCH, DELEGATION_REVOKED, DELEGATION_EXPIRED, or a gate reason");
        forbidden.putObject("content").putObject("application/json").set("schema", ref(ERROR));
        ObjectNode throttled = operation.responses.putObject("429");
        throttled.put("description", "RATE_LIMITED: too many failed sign-ins from this address, or a quota");
        throttled.putObject("headers").putObject("Retry-After").putObject("schema").put("type", "integer");
        throttled.putObject("content").putObject("application/json").set("schema", ref(ERROR));
        ObjectNode unavailable = operation.responses.putObject("503");
        unavailable.put("description", "UNAVAILABLE: the database cannot be reached");
        unavailable.putObject("content").putObject("application/json").set("schema", ref(ERROR));
        return operation;
    }

    private void defineSchemas() {
        ObjectNode error = schema(ERROR, "error");
        ObjectNode detail = property(error, "error", object());
        required(detail, "code", "message", "requestId");
        property(detail, "code", text());
        property(detail, "message", text());
        property(detail, "requestId", text());
        property(detail, "decisionId", text());
        property(detail, "retryAfterSeconds", integer());
        ObjectNode field = object();
        property(field, "field", text().put("description", "a JSON Pointer into the request body"));
        property(field, "message", text());
        property(detail, "fields", array(field));

        ObjectNode request = schema("ProposalRequest", "capabilityId", "target", "input");
        property(request, "capabilityId", text().put("maxLength", 100));
        property(request, "target", text().put("maxLength", 200));
        property(request, "targetOwnerUid", text().put("maxLength", 128));
        property(request, "input", object().put("description", "fits the capability's actionSchema"));
        property(request, "rationale", text().put("description", "why, in a sentence (two words, ten letters, no filler)"));
        property(request, "preview", text().put("maxLength", 2000));
        property(request, "sourceRefs", array(text()).put("maxItems", 20));
        property(request, "workItemId", text().put("maxLength", 200));
        closed(request);

        ObjectNode outcome = schema("ProposalOutcome", "decisionId", "reason", "proposalId", "status");
        property(outcome, "decisionId", text());
        property(outcome, "reason", text().put("description", "APPROVAL_REQUIRED, ALLOWED or DUPLICATE"));
        property(outcome, "proposalId", text());
        property(outcome, "status", text());
        property(outcome, "duplicate", bool());
        property(outcome, "message", text());
        property(outcome, "grant", text().put("description", "staff only: when a live exemption approved at once"));

        ObjectNode proposal = schema("Proposal", "id", "capabilityId", "status");
        for (String name : List.of("id", "tenantId", "capabilityId", "status", "inputHash", "createdAt", "expiresAt",
                "updatedAt", "decisionId")) {
            property(proposal, name, text());
        }
        for (String name : List.of("risk", "ownerUid", "target", "rationale", "preview", "workItemId", "exemptionId")) {
            property(proposal, name, nullable("string"));
        }
        property(proposal, "duplicateCount", integer());
        ObjectNode by = property(proposal, "requestedBy", object());
        for (String name : List.of("type", "id", "ownerUid", "delegationId")) {
            property(by, name, text());
        }
        property(proposal, "input", object().put("description", "only in GET /api/proposals/{id}"));
        property(proposal, "sourceRefs", array(text()).put("description", "only in GET /api/proposals/{id}"));

        ObjectNode page = schema("ProposalPage", "proposals", "nextBefore");
        property(page, "proposals", array(ref("Proposal")));
        property(page, "nextBefore", nullable("string"));

        ObjectNode transition = schema("Transition");
        for (String name : List.of("to", "actorType", "actorId", "at")) {
            property(transition, name, text());
        }
        property(transition, "from", nullable("string"));
        property(transition, "rationale", nullable("string"));

        ObjectNode proposalDetail = schema("ProposalDetail", "proposal", "transitions", "ledger");
        property(proposalDetail, "proposal", ref("Proposal"));
        property(proposalDetail, "transitions", array(ref("Transition")));
        property(proposalDetail, "ledger", ref("AuditPage"));

        ObjectNode rationale = schema("RationaleRequest", "rationale");
        property(rationale, "rationale", text());
        closed(rationale);
        ObjectNode optionalRationale = schema("OptionalRationaleRequest");
        property(optionalRationale, "rationale", text());
        closed(optionalRationale);

        ObjectNode decision = schema("DecisionResult", "proposalId", "status");
        property(decision, "proposalId", text());
        property(decision, "status", text());
        property(decision, "grant", text().put("description", "approve only: the single-use execution grant (1 hour)"));

        ObjectNode session = schema("CockpitSession", "actor", "tenantId", "csrfToken", "expiresAt");
        ObjectNode sessionActor = property(session, "actor", object());
        property(sessionActor, "type", text());
        property(sessionActor, "id", text());
        property(session, "tenantId", text());
        property(session, "csrfToken", text().put("description", "repeat in " + StaffSessions.CSRF_HEADER
                + " on every state-changing request made with the cookie; keep it in memory only"));
        property(session, "createdAt", text());
        property(session, "expiresAt", text());
        property(session, "idleTimeoutSeconds", integer());

        ObjectNode execute = schema("ExecuteRequest", "grant");
        property(execute, "grant", text().put("maxLength", 8192));
        closed(execute);
        ObjectNode executed = schema("ExecutionResult", "proposalId", "status", "outputHash");
        property(executed, "proposalId", text());
        property(executed, "status", text());
        property(executed, "outputHash", text());

        ObjectNode killSwitch = schema("KillSwitch", "on");
        property(killSwitch, "on", bool());
        property(killSwitch, "changedBy", nullable("string"));
        property(killSwitch, "rationale", nullable("string"));
        property(killSwitch, "at", nullable("string"));
        ObjectNode withHistory = schema("KillSwitchWithHistory", "on", "history");
        withHistory.set("allOf", JSON.arrayNode().add(ref("KillSwitch")));
        property(withHistory, "history", array(ref("KillSwitch")));
        ObjectNode change = schema("KillSwitchChange", "on", "rationale");
        property(change, "on", bool());
        property(change, "rationale", text());
        closed(change);

        ObjectNode exemption = schema("Exemption", "id", "capabilityId", "expiresAt", "status");
        for (String name : List.of("id", "capabilityId", "expiresAt", "approvedBy", "justification")) {
            property(exemption, name, text());
        }
        property(exemption, "ownerUid", nullable("string"));
        property(exemption, "status", text().set("enum", JSON.arrayNode().add("live").add("expired").add("revoked")));
        ObjectNode exemptionRequest = schema("ExemptionRequest", "capabilityId", "expiresAt", "justification");
        property(exemptionRequest, "capabilityId", text());
        property(exemptionRequest, "ownerUid", text());
        property(exemptionRequest, "expiresAt", text().put("format", "date-time"));
        property(exemptionRequest, "justification", text());
        closed(exemptionRequest);

        ObjectNode quota = schema("Quota", "bucket", "windowStart", "windowEnd", "used");
        property(quota, "bucket", text());
        property(quota, "windowStart", text());
        property(quota, "windowEnd", text());
        property(quota, "used", integer());
        ObjectNode reset = schema("QuotaReset", "bucket", "windowsReset");
        property(reset, "bucket", text());
        property(reset, "windowsReset", integer());

        ObjectNode delegation = schema("Delegation", "id", "ownerUid", "agentUid", "scopes", "expiresAt", "status");
        for (String name : List.of("id", "ownerUid", "agentUid", "issuedBy", "issuedAt", "expiresAt")) {
            property(delegation, name, text());
        }
        property(delegation, "scopes", array(text()));
        property(delegation, "status", text().set("enum", JSON.arrayNode().add("active").add("expired").add("revoked")));
        for (String name : List.of("revokedAt", "revokedBy", "revokeReason")) {
            property(delegation, name, nullable("string"));
        }
        ObjectNode token = schema("DelegationToken", "value", "id", "delegationId", "expiresAt");
        for (String name : List.of("value", "id", "delegationId", "expiresAt", "use")) {
            property(token, name, text());
        }
        ObjectNode issued = schema("IssuedDelegation", "delegation", "token");
        property(issued, "delegation", ref("Delegation"));
        property(issued, "token", ref("DelegationToken"));
        ObjectNode delegationRequest = schema("DelegationRequest", "ownerUid", "agentUid", "scopes", "ttl");
        property(delegationRequest, "ownerUid", text().put("maxLength", 128));
        property(delegationRequest, "agentUid", text().put("maxLength", 128));
        property(delegationRequest, "scopes", array(text().put("pattern", "^capability:[a-z0-9_.-]+:(propose|execute)$"))
                .put("minItems", 1).put("maxItems", 100));
        property(delegationRequest, "ttl", text().put("description", "an ISO-8601 duration, at most P30D"));
        closed(delegationRequest);
        ObjectNode revoke = schema("RevokeRequest", "reason");
        property(revoke, "reason", text().put("maxLength", 500));
        closed(revoke);
        ObjectNode denial = schema("DelegationDenial", "id", "at", "reason", "message", "trace");
        property(denial, "id", integer());
        for (String name : List.of("at", "reason", "message")) {
            property(denial, name, text());
        }
        property(denial, "agentUid", nullable("string"));
        property(denial, "delegationId", nullable("string"));
        property(denial, "trace", array(text()));

        ObjectNode registry = schema("CapabilityRegistry", "version", "hash", "capabilities");
        property(registry, "version", text());
        property(registry, "hash", text());
        property(registry, "capabilities", array(object().put("description", "as in capabilities.yaml")));
        ObjectNode refused = object();
        property(refused, "file", text());
        property(refused, "line", nullable("integer"));
        property(refused, "reason", text());
        property(registry, "refused", array(refused));

        ObjectNode auditPage = schema("AuditPage", "events", "nextBefore");
        property(auditPage, "events", array(object().put("description", "a ledger event (docs/ledger.md)")));
        property(auditPage, "nextBefore", nullable("integer"));
        ObjectNode verify = schema("VerifyReport", "ok");
        property(verify, "ok", bool());
        property(verify, "eventsChecked", integer());
        property(verify, "firstBadSeq", nullable("integer"));
    }

    private ObjectNode schema(String name, String... required) {
        ObjectNode schema = schemas.putObject(name);
        schema.put("type", "object");
        required(schema, required);
        return schema;
    }

    private static void required(ObjectNode schema, String... names) {
        if (names.length > 0) {
            ArrayNode list = schema.putArray("required");
            for (String name : names) {
                list.add(name);
            }
        }
    }

    private static ObjectNode property(ObjectNode schema, String name, ObjectNode type) {
        ObjectNode properties = schema.has("properties") ? (ObjectNode) schema.get("properties")
                : schema.putObject("properties");
        properties.set(name, type);
        return type;
    }

    /** Request bodies refuse fields they do not know (422), and say so. */
    private static void closed(ObjectNode schema) {
        schema.put("additionalProperties", false);
    }

    private static ObjectNode ref(String schema) {
        return JSON.objectNode().put("$ref", "#/components/schemas/" + schema);
    }

    private static ObjectNode listOf(String property, String itemSchema) {
        ObjectNode list = object();
        required(list, property);
        property(list, property, array(ref(itemSchema)));
        return list;
    }

    private static ObjectNode propertyOf(String property, String schema) {
        ObjectNode holder = object();
        required(holder, property);
        property(holder, property, ref(schema));
        return holder;
    }

    private static ObjectNode object() {
        return JSON.objectNode().put("type", "object");
    }

    private static ObjectNode text() {
        return JSON.objectNode().put("type", "string");
    }

    private static ObjectNode integer() {
        return JSON.objectNode().put("type", "integer");
    }

    private static ObjectNode bool() {
        return JSON.objectNode().put("type", "boolean");
    }

    private static ObjectNode nullable(String type) {
        ObjectNode schema = JSON.objectNode();
        schema.putArray("type").add(type).add("null");
        return schema;
    }

    private static ObjectNode array(ObjectNode items) {
        ObjectNode array = JSON.objectNode().put("type", "array");
        array.set("items", items);
        return array;
    }
}
