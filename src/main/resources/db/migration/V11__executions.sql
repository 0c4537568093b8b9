-- Executions of approved proposals: one row per proposal, written when the grant is spent (execution.requested)
-- and finished when the outcome is known. The idempotency key is unique, so a replay cannot start a second
-- execution; a row left 'requested' by a crash is closed as outcome unknown, never sent again.
create table executions (
    proposal_id     uuid primary key references proposals (id),
    tenant_id       text        not null,
    capability_id   text        not null,
    idempotency_key text        not null unique,
    grant_id        uuid        not null,
    approved_by     text,
    executed_by     text        not null,
    status          text        not null check (status in ('requested', 'succeeded', 'failed', 'unknown')),
    requested_at    timestamptz not null,
    finished_at     timestamptz,
    -- Where the effect lives (firestore:studioOpsNotes/<key>, hubitat:device/12), from the action's answer.
    resource        text,
    pre_hash        text,
    post_hash       text,
    output_hash     text,
    reason          text
);
create index executions_open on executions (requested_at) where status = 'requested';

-- Dry runs staff asked for: what the action would do, as the connector read it at that moment.
create table dry_runs (
    id           bigserial primary key,
    proposal_id  uuid        not null references proposals (id),
    tenant_id    text        not null,
    requested_by text        not null,
    preview      jsonb       not null,
    preview_hash text        not null,
    at           timestamptz not null
);
create index dry_runs_by_proposal on dry_runs (proposal_id, id);
