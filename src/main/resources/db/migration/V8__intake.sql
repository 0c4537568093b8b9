-- Intake of work requests and flags (the illegal-work webhook), and staff feedback on triage suggestions.
-- Little is kept: hashes and a short summary, never the full payload.
create table intake_items (
    id                 uuid primary key,
    tenant_id          text        not null,
    webhook_id         text        not null,
    work_item_id       text        not null,
    owner_uid          text,
    actor_type         text        not null,
    actor_id           text,
    source             text        not null,
    summary            text        not null,
    description_hash   text        not null,
    payload_hash       text        not null,
    tags               jsonb       not null,
    attachment_hashes  jsonb       not null,
    link_hashes        jsonb       not null,
    category           text        not null,
    confidence         double precision not null,
    matched_rules      jsonb       not null,
    rule_pack_version  text        not null,
    disposition        text        not null,
    status             text        not null,
    received_at        timestamptz not null,
    decided_at         timestamptz,
    decided_by         text,
    decision_reason    text,
    decision_rationale text
);
create index intake_items_queue on intake_items (tenant_id, status, received_at);
create index intake_items_by_work_item on intake_items (tenant_id, work_item_id);

create table triage_feedback (
    id                 bigserial primary key,
    tenant_id          text        not null,
    report_ref         text,
    suggested_category text        not null,
    suggested_severity text        not null,
    final_category     text        not null,
    verdict            text        not null,
    final_action       text        not null,
    model_version      text        not null,
    staff_id           text        not null,
    at                 timestamptz not null
);
create index triage_feedback_by_category on triage_feedback (tenant_id, suggested_category);
