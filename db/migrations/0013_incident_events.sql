-- Incidents and their messages, written by the engine's own statements through narrow
-- triggers, so every message enters the outbox in the transaction of the event that caused it.
-- Where they stand in the lock order: db/queries/engine/lock-order.md.

-- The channels a task's messages go to: the ones it picks, or the default ones when it picks none.
CREATE FUNCTION sundial_task_channels(notify jsonb) RETURNS SETOF uuid LANGUAGE sql STABLE AS $$
  select c.id from notification_channels c
  where c.enabled and case
    when jsonb_typeof(notify->'channels') = 'array' and jsonb_array_length(notify->'channels') > 0
      then c.id::text in (select jsonb_array_elements_text(notify->'channels'))
    else c.is_default end
  order by c.id
$$;--> statement-breakpoint

-- A task's event switch; an unset switch is on except `success`.
CREATE FUNCTION sundial_task_wants(notify jsonb, event text) RETURNS boolean LANGUAGE sql IMMUTABLE AS $$
  select coalesce((notify->'events'->>event)::boolean, event <> 'success')
$$;--> statement-breakpoint

-- The last 20 log lines of a run, oldest first.
CREATE FUNCTION sundial_log_tail(run_id bigint) RETURNS jsonb LANGUAGE sql STABLE AS $$
  select coalesce(jsonb_agg(jsonb_build_object('at', l.created_at, 'level', l.level, 'message', l.message) order by l.seq), '[]'::jsonb)
  from (select * from run_logs where run_logs.run_id = sundial_log_tail.run_id order by seq desc limit 20) l
$$;--> statement-breakpoint

-- Queue one message per channel of a task: dedupe key `<key>:<channel id>`.
CREATE FUNCTION sundial_queue(notify jsonb, task_id uuid, event text, key text, data jsonb) RETURNS void LANGUAGE sql AS $$
  insert into outbox (channel_id, event, dedupe_key, task_id, data)
  select c, event, key || ':' || c, task_id, data from sundial_task_channels(notify) c
  on conflict (dedupe_key) do nothing
$$;--> statement-breakpoint

-- The failure streak of a task changed (its task_state row, just written by the end of runs):
-- open, extend or resolve its incident. The trigger's WHEN keeps a success after a success
-- (the common case) from ever calling this.
CREATE FUNCTION sundial_task_incident() RETURNS trigger LANGUAGE plpgsql AS $$
declare
  t record;
  inc incidents;
  last_run record;
  first_run record;
  succeeded boolean := false;
  added int;
begin
  if tg_op = 'UPDATE' then
    succeeded := new.succeeded_count > old.succeeded_count;
  end if;
  select id, name, schedule, notify into t from tasks where id = new.task_id;
  if succeeded then
    update incidents set status = 'resolved', resolved_at = now(), updated_at = now()
      where task_id = new.task_id and status = 'open' returning * into inc;
    if found and sundial_task_wants(t.notify, 'recovery') then
      perform sundial_queue(t.notify, t.id, 'incident.resolved', 'incident:' || inc.id || ':resolved', jsonb_build_object(
        'incidentId', inc.id, 'task', jsonb_build_object('id', t.id, 'name', t.name), 'schedule', t.schedule,
        'openedAt', inc.opened_at, 'firstFailedAt', inc.first_failed_at, 'resolvedAt', inc.resolved_at,
        'downtimeSeconds', greatest(0, round(extract(epoch from inc.resolved_at - inc.first_failed_at)))::bigint,
        'failedRuns', inc.failed_runs, 'lastError', inc.last_error,
        'links', jsonb_build_object('task', '/tasks/' || t.id)));
    end if;
  end if;
  if new.consecutive_failures = 0 then return null; end if;
  added := new.consecutive_failures;
  if tg_op = 'UPDATE' and not succeeded then added := new.consecutive_failures - old.consecutive_failures; end if;
  if added <= 0 then return null; end if;
  select id, status, finished_at, error_message into last_run from runs where id = new.last_failed_run_id;
  update incidents set failed_runs = failed_runs + added, last_run_id = last_run.id, last_error = last_run.error_message, updated_at = now()
    where task_id = new.task_id and status = 'open';
  if found then return null; end if;
  if new.consecutive_failures < greatest(1, coalesce((t.notify->>'incidentAfter')::int, 1)) then return null; end if;
  select id, finished_at into first_run from runs where id = new.failing_since_run_id;
  insert into incidents (task_id, first_run_id, first_failed_at, last_run_id, failed_runs, last_error)
    values (new.task_id, first_run.id, coalesce(first_run.finished_at, last_run.finished_at, now()), last_run.id, new.consecutive_failures, last_run.error_message)
    on conflict (task_id) where status = 'open' do nothing
    returning * into inc;
  if not found or not sundial_task_wants(t.notify, 'failure') then return null; end if;
  perform sundial_queue(t.notify, t.id, 'incident.opened', 'incident:' || inc.id || ':opened', jsonb_build_object(
    'incidentId', inc.id, 'task', jsonb_build_object('id', t.id, 'name', t.name), 'schedule', t.schedule,
    'openedAt', inc.opened_at, 'firstFailedAt', inc.first_failed_at, 'failedRuns', inc.failed_runs,
    'status', last_run.status, 'error', last_run.error_message, 'logTail', sundial_log_tail(last_run.id),
    'links', jsonb_build_object('run', '/runs/' || last_run.id, 'task', '/tasks/' || t.id)));
  return null;
end
$$;--> statement-breakpoint

CREATE TRIGGER task_state_incident_insert AFTER INSERT ON task_state FOR EACH ROW
  WHEN (new.consecutive_failures > 0) EXECUTE FUNCTION sundial_task_incident();--> statement-breakpoint
CREATE TRIGGER task_state_incident_update AFTER UPDATE ON task_state FOR EACH ROW
  WHEN (new.consecutive_failures <> old.consecutive_failures
        or (new.consecutive_failures > 0 and new.succeeded_count <> old.succeeded_count))
  EXECUTE FUNCTION sundial_task_incident();--> statement-breakpoint

-- The scheduler recorded a slot `missed` (misfire policy): tell the task's channels.
CREATE FUNCTION sundial_slot_missed() RETURNS trigger LANGUAGE plpgsql AS $$
declare
  t record;
begin
  select id, name, schedule, notify into t from tasks where id = new.task_id;
  if not sundial_task_wants(t.notify, 'missed') then return null; end if;
  perform sundial_queue(t.notify, t.id, 'slot.missed', 'run:' || new.id || ':missed', jsonb_build_object(
    'task', jsonb_build_object('id', t.id, 'name', t.name), 'schedule', t.schedule,
    'scheduledFor', new.scheduled_for, 'reason', new.reason,
    'links', jsonb_build_object('run', '/runs/' || new.id, 'task', '/tasks/' || t.id)));
  return null;
end
$$;--> statement-breakpoint

CREATE TRIGGER runs_slot_missed AFTER INSERT ON runs FOR EACH ROW
  WHEN (new.status = 'missed') EXECUTE FUNCTION sundial_slot_missed();--> statement-breakpoint

-- Wake the sender once per transaction that queued anything (Postgres folds equal notifications).
CREATE FUNCTION sundial_outbox_wake() RETURNS trigger LANGUAGE plpgsql AS $$
begin
  perform pg_notify('sundial_outbox', '');
  return null;
end
$$;--> statement-breakpoint

CREATE TRIGGER outbox_wake AFTER INSERT ON outbox FOR EACH ROW EXECUTE FUNCTION sundial_outbox_wake();--> statement-breakpoint

-- The old per-task policy ({onFailure, onRecovery, onSuccess, emails[], webhookUrl}) becomes
-- named channels: one email channel per distinct recipient list, one webhook channel per
-- distinct URL. A webhook channel's signing secret is sealed with the application's key,
-- which SQL does not have: the first web or worker process to start gives each migrated
-- webhook channel one (lib/notify/legacy-webhooks.ts).
CREATE TEMP TABLE legacy_notify AS
  select id, notify,
    array(select distinct trim(e) from jsonb_array_elements_text(case when jsonb_typeof(notify->'emails') = 'array' then notify->'emails' else '[]'::jsonb end) e
          where trim(e) <> '' order by 1) as emails,
    nullif(trim(notify->>'webhookUrl'), '') as webhook_url
  from tasks where not (notify ? 'events');--> statement-breakpoint

INSERT INTO notification_channels (name, kind, config)
  select distinct 'Email: ' || left(array_to_string(emails, ', '), 80)
      || case when length(array_to_string(emails, ', ')) > 80 then '… (' || left(md5(array_to_string(emails, ',')), 8) || ')' else '' end,
    'email', jsonb_build_object('to', to_jsonb(emails))
  from legacy_notify where cardinality(emails) > 0
  on conflict (name) do nothing;--> statement-breakpoint

INSERT INTO notification_channels (name, kind, config)
  select distinct 'Webhook: ' || left(webhook_url, 80)
      || case when length(webhook_url) > 80 then '… (' || left(md5(webhook_url), 8) || ')' else '' end,
    'webhook', jsonb_build_object('url', webhook_url)
  from legacy_notify where webhook_url is not null
  on conflict (name) do nothing;--> statement-breakpoint

UPDATE tasks SET notify = jsonb_build_object(
    'channels', coalesce((
      select jsonb_agg(c.id order by c.id) from notification_channels c
      where (c.kind = 'email' and cardinality(l.emails) > 0 and c.config->'to' = to_jsonb(l.emails))
         or (c.kind = 'webhook' and c.config->>'url' = l.webhook_url)), '[]'::jsonb),
    'events', jsonb_build_object(
      'failure', coalesce((l.notify->>'onFailure')::boolean, true),
      'recovery', coalesce((l.notify->>'onRecovery')::boolean, true),
      'success', coalesce((l.notify->>'onSuccess')::boolean, false),
      'missed', true),
    'incidentAfter', 1,
    'remindEveryHours', null)
  FROM legacy_notify l WHERE tasks.id = l.id;--> statement-breakpoint

DROP TABLE legacy_notify;
