-- The audit ledger is append-only. Postgres itself refuses UPDATE, DELETE and TRUNCATE on it; the one removal path
-- is the retention purge, which may delete only events already covered by a signed checkpoint.

create table ledger_checkpoints (
    seq        bigint primary key,         -- the checkpoint covers events 1..seq
    hash       text        not null,       -- hash of event seq (the chain head at that size)
    created_at timestamptz not null,
    key_id     text        not null,
    note       text        not null        -- C2SP signed note (tlog-checkpoint body + Ed25519 signature line)
);

-- After a purge: the checkpoint the remaining chain hangs from.
create table ledger_anchor (
    id        int primary key check (id = 1),
    seq       bigint      not null references ledger_checkpoints (seq),
    hash      text        not null,
    purged_at timestamptz not null
);

create function audit_events_guard() returns trigger language plpgsql as $$
declare
    purge_through text := current_setting('studio_brain.ledger_purge_through', true);
begin
    if tg_op = 'DELETE' and purge_through is not null and purge_through <> '' and old.seq <= purge_through::bigint then
        return old;
    end if;
    raise exception 'audit_events is append-only: % of seq % refused', tg_op, old.seq
        using errcode = 'insufficient_privilege';
end
$$;

create trigger audit_events_append_only before update or delete on audit_events
    for each row execute function audit_events_guard();

create function audit_events_no_truncate() returns trigger language plpgsql as $$
begin
    raise exception 'audit_events is append-only: TRUNCATE refused' using errcode = 'insufficient_privilege';
end
$$;

create trigger audit_events_no_truncate before truncate on audit_events
    for each statement execute function audit_events_no_truncate();

create function ledger_checkpoints_guard() returns trigger language plpgsql as $$
begin
    raise exception 'ledger_checkpoints is append-only: % refused', tg_op using errcode = 'insufficient_privilege';
end
$$;

create trigger ledger_checkpoints_append_only before update or delete on ledger_checkpoints
    for each row execute function ledger_checkpoints_guard();

-- The purge: deletes events up to a signed checkpoint and records that checkpoint as the new anchor.
-- SECURITY DEFINER so that the hub's role needs no DELETE right on the ledger.
create function ledger_purge_through(through_seq bigint) returns bigint
    language plpgsql security definer set search_path = public as $$
declare
    anchor_hash text;
    removed bigint;
begin
    select hash into anchor_hash from ledger_checkpoints where seq = through_seq;
    if anchor_hash is null then
        raise exception 'no signed checkpoint at seq %; purge only up to a checkpoint', through_seq;
    end if;
    perform set_config('studio_brain.ledger_purge_through', through_seq::text, true);
    delete from audit_events where seq <= through_seq;
    get diagnostics removed = row_count;
    perform set_config('studio_brain.ledger_purge_through', '', true);
    insert into ledger_anchor (id, seq, hash, purged_at) values (1, through_seq, anchor_hash, now())
        on conflict (id) do update set seq = excluded.seq, hash = excluded.hash, purged_at = excluded.purged_at;
    return removed;
end
$$;

-- The hub's own role, where the database lets us create it: it may read and append to the ledger but not change
-- it. (On a managed server without CREATEROLE the triggers above still hold.)
do $$
begin
    if not exists (select 1 from pg_roles where rolname = 'studio_brain_app') then
        create role studio_brain_app nologin;
    end if;
exception when insufficient_privilege then
    raise notice 'cannot create role studio_brain_app; relying on the ledger triggers alone';
end
$$;

do $$
begin
    if exists (select 1 from pg_roles where rolname = 'studio_brain_app') then
        execute 'grant usage on schema public to studio_brain_app';
        execute 'grant select, insert, update, delete on job_runs, studio_state_daily, studio_state_diff, proposals, '
             || 'outbox, idempotency_keys, quota_windows, policy_events to studio_brain_app';
        execute 'grant select, insert on audit_events, ledger_checkpoints to studio_brain_app';
        execute 'grant select on ledger_anchor, schema_migrations to studio_brain_app';
        execute 'grant usage, select on all sequences in schema public to studio_brain_app';
        execute 'grant execute on function ledger_purge_through(bigint) to studio_brain_app';
        execute 'alter default privileges in schema public grant select, insert, update, delete on tables to studio_brain_app';
        execute 'alter default privileges in schema public grant usage, select on sequences to studio_brain_app';
    end if;
exception when insufficient_privilege then
    raise notice 'cannot grant to studio_brain_app';
end
$$;
