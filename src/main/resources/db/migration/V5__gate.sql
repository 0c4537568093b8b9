-- The policy/approval gate: who asked and for whom, the decision that let a proposal in, its transitions, and the
-- execution grants that approval mints.

alter table proposals
    add column decision_id     uuid,
    add column requested_by_type text,
    add column requested_by_id   text,
    add column owner_uid       text,
    add column work_item_id    text,
    add column exemption_id    text,
    add column duplicate_count int not null default 0;
create index proposals_by_work_item on proposals (tenant_id, work_item_id) where work_item_id is not null;

-- Every transition, with who made it and why; the ledger holds the same, hash-chained.
create table proposal_transitions (
    id          bigserial primary key,
    proposal_id uuid        not null references proposals (id),
    from_status text,
    to_status   text        not null,
    actor_type  text        not null,
    actor_id    text        not null,
    rationale   text,
    at          timestamptz not null
);
create index proposal_transitions_by_proposal on proposal_transitions (proposal_id, id);

-- Single-use execution grants, minted on approval (or by a live exemption).
create table grants (
    id              uuid primary key,
    proposal_id     uuid        not null references proposals (id),
    tenant_id       text        not null,
    capability_id   text        not null,
    input_hash      text        not null,
    idempotency_key text        not null unique,
    expires_at      timestamptz not null,
    used_at         timestamptz,
    created_at      timestamptz not null
);
create index grants_by_proposal on grants (proposal_id);
