-- Agent delegations: staff let an AI agent act for a studio member (its owner) within named scopes until an expiry.
-- A delegation is never edited or deleted; the one change it may receive is its revocation, recorded once.

create table delegations (
    id            uuid primary key,
    tenant_id     text        not null,
    owner_uid     text        not null check (owner_uid <> ''),
    agent_uid     text        not null check (agent_uid <> '' and agent_uid <> owner_uid),
    -- Each scope reads capability:<capability id>:propose or capability:<capability id>:execute.
    scopes        text[]      not null check (cardinality(scopes) > 0),
    issued_by     text        not null,
    issued_at     timestamptz not null,
    expires_at    timestamptz not null,
    revoked_at    timestamptz,
    revoked_by    text,
    revoke_reason text,
    -- The service refuses longer delegations; the table does too, for anyone writing to it directly.
    constraint delegations_lifetime check (expires_at > issued_at and expires_at <= issued_at + interval '30 days'),
    -- A revocation is whole: when, by whom and why, or nothing.
    constraint delegations_revocation_whole check (
        (revoked_at is null and revoked_by is null and revoke_reason is null)
        or (revoked_at is not null and revoked_by is not null and revoke_reason is not null and revoke_reason <> ''))
);
create index delegations_by_tenant on delegations (tenant_id, issued_at desc);
create index delegations_by_agent on delegations (tenant_id, agent_uid);

-- Only the revocation columns may change, and only from empty to set: the grant an agent held stays readable as it
-- was issued, and a revocation cannot be undone or rewritten.
create function delegations_guard() returns trigger language plpgsql as $$
begin
    if tg_op = 'DELETE' then
        raise exception 'delegations are kept: DELETE of % refused', old.id using errcode = 'insufficient_privilege';
    end if;
    if old.revoked_at is not null then
        raise exception 'delegation % is already revoked', old.id using errcode = 'insufficient_privilege';
    end if;
    if (new.id, new.tenant_id, new.owner_uid, new.agent_uid, new.scopes, new.issued_by, new.issued_at,
        new.expires_at)
        is distinct from
       (old.id, old.tenant_id, old.owner_uid, old.agent_uid, old.scopes, old.issued_by, old.issued_at,
        old.expires_at) then
        raise exception 'only the revocation of delegation % may be recorded', old.id
            using errcode = 'insufficient_privilege';
    end if;
    return new;
end
$$;

create trigger delegations_revoke_only before update or delete on delegations
    for each row execute function delegations_guard();

create function delegations_no_truncate() returns trigger language plpgsql as $$
begin
    raise exception 'delegations are kept: TRUNCATE refused' using errcode = 'insufficient_privilege';
end
$$;

create trigger delegations_no_truncate before truncate on delegations
    for each statement execute function delegations_no_truncate();

-- Every refused delegation token, with the checks that led to the refusal (GET /api/delegations/traces).
-- agent_uid and delegation_id are filled only from a token whose signature verified: an unsigned claim could
-- name anyone.
create table delegation_denials (
    id            bigserial primary key,
    tenant_id     text        not null,
    at            timestamptz not null,
    reason_code   text        not null,
    agent_uid     text,
    delegation_id uuid,
    message       text        not null,
    trace         text[]      not null
);
create index delegation_denials_recent on delegation_denials (tenant_id, at desc, id desc);

-- V2's default privileges would give the hub's role every right on these tables; it needs less. It reads and
-- appends delegations and records their revocation (the trigger limits the update), and only appends denials.
do $$
begin
    if exists (select 1 from pg_roles where rolname = 'studio_brain_app') then
        execute 'grant select, insert, update on delegations to studio_brain_app';
        execute 'revoke delete, truncate on delegations from studio_brain_app';
        execute 'grant select, insert on delegation_denials to studio_brain_app';
        execute 'revoke update, delete, truncate on delegation_denials from studio_brain_app';
        execute 'grant usage, select on sequence delegation_denials_id_seq to studio_brain_app';
    end if;
exception when insufficient_privilege then
    raise notice 'cannot grant to studio_brain_app';
end
$$;
