-- The hub's own, derived state. Everything here can be rebuilt from cloud reads plus the audit ledger.

-- One row per scheduled run of a route (quartz or timer), written once by the job-run route policy.
create table job_runs (
    id            uuid primary key,
    tenant_id     text        not null,
    route_id      text        not null,
    -- The trigger's own fire time; with several hubs on one database a slot runs once.
    scheduled_for timestamptz,
    instance_id   text        not null,
    started_at    timestamptz not null,
    finished_at   timestamptz,
    status        text        not null check (status in ('running', 'succeeded', 'failed')),
    reason_code   text,
    error_class   text,
    duration_ms   bigint
);
create unique index job_runs_one_per_slot on job_runs (route_id, scheduled_for) where scheduled_for is not null;
create index job_runs_by_route on job_runs (route_id, started_at desc);

-- StudioState: one snapshot per tenant per day, and the diff from the previous one.
create table studio_state_daily (
    tenant_id      text        not null,
    snapshot_date  date        not null,
    generated_at   timestamptz not null,
    schema_version text        not null,
    snapshot       jsonb       not null,
    snapshot_hash  text        not null,
    recompute_note text,
    primary key (tenant_id, snapshot_date)
);

create table studio_state_diff (
    id            bigserial primary key,
    tenant_id     text        not null,
    snapshot_date date        not null,
    previous_date date,
    created_at    timestamptz not null,
    changes       jsonb       not null
);
create index studio_state_diff_by_date on studio_state_diff (tenant_id, snapshot_date desc);

-- The audit ledger: append-only, hash-chained.
create table audit_events (
    seq            bigint primary key,
    tenant_id      text        not null,
    at             timestamptz not null,
    actor_type     text        not null check (actor_type in ('staff', 'human', 'agent', 'system')),
    actor_id       text        not null,
    action         text        not null,
    capability_id  text,
    target         text,
    rationale      text,
    approval_state text,
    input_hash     text,
    output_hash    text,
    request_id     text,
    correlation_id text,
    metadata       jsonb       not null default '{}'::jsonb,
    hash_version   int         not null,
    prev_hash      text        not null,
    hash           text        not null unique
);
create index audit_events_by_time on audit_events (tenant_id, at);
create index audit_events_by_action on audit_events (action);

-- Proposals: every actionable output, waiting for (or past) a decision.
create table proposals (
    id             uuid primary key,
    tenant_id      text        not null,
    capability_id  text        not null,
    dedupe_key     text        not null,
    status         text        not null,
    requested_by   jsonb       not null,
    rationale      text        not null,
    input          jsonb       not null,
    input_hash     text        not null,
    preview        text,
    predicted_effects jsonb,
    target         text,
    source_refs    jsonb,
    created_at     timestamptz not null,
    expires_at     timestamptz,
    updated_at     timestamptz not null
);
create index proposals_by_status on proposals (tenant_id, status, created_at desc);
create index proposals_by_dedupe on proposals (tenant_id, dedupe_key);

-- Transactional outbox: written with the rows it announces, relayed at least once.
create table outbox (
    id            uuid primary key,
    tenant_id     text        not null,
    topic         text        not null,
    payload       jsonb       not null,
    status        text        not null default 'pending' check (status in ('pending', 'delivered', 'dead')),
    attempts      int         not null default 0,
    next_attempt_at timestamptz not null,
    last_error    text,
    created_at    timestamptz not null,
    delivered_at  timestamptz
);
create index outbox_pending on outbox (next_attempt_at) where status = 'pending';

-- Idempotency keys of every hop (webhook ids, dedupe keys, API Idempotency-Key, outbound writes).
create table idempotency_keys (
    scope         text        not null,
    key           text        not null,
    request_hash  text        not null,
    response      jsonb,
    created_at    timestamptz not null,
    expires_at    timestamptz not null,
    primary key (scope, key)
);
create index idempotency_keys_expiry on idempotency_keys (expires_at);

-- Quota counters per bucket and window.
create table quota_windows (
    bucket        text        not null,
    window_start  timestamptz not null,
    window_end    timestamptz not null,
    used          int         not null default 0,
    primary key (bucket, window_start)
);

-- Policy state changes (kill switch, exemptions, delegations): append-only history.
create table policy_events (
    id            bigserial primary key,
    tenant_id     text        not null,
    kind          text        not null,
    subject       text,
    payload       jsonb       not null,
    actor_id      text        not null,
    rationale     text,
    at            timestamptz not null
);
create index policy_events_by_kind on policy_events (tenant_id, kind, at desc);
