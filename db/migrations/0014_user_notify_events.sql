ALTER TABLE "users" ADD COLUMN "notify_events" text[] DEFAULT '{}'::text[] NOT NULL;--> statement-breakpoint
-- Who hears of a task's event: its channels (or the default ones when it picks none), and every
-- enabled user who chose the event on their Account page, by email. `suffix` ends the dedupe
-- key, so each recipient gets the message once.
CREATE FUNCTION sundial_recipients(notify jsonb, event text) RETURNS TABLE (channel_id uuid, target text, suffix text) LANGUAGE sql STABLE AS $$
  select c, null::text, c::text from sundial_task_channels(notify) c
  union all
  select null::uuid, u.email, 'user:' || u.id from users u where u.disabled_at is null and event = any (u.notify_events)
$$;--> statement-breakpoint
CREATE OR REPLACE FUNCTION sundial_queue(notify jsonb, task_id uuid, event text, key text, data jsonb) RETURNS void LANGUAGE sql AS $$
  insert into outbox (channel_id, target, event, dedupe_key, task_id, data)
  select r.channel_id, r.target, event, key || ':' || r.suffix, task_id, data from sundial_recipients(notify, event) r
  on conflict (dedupe_key) do nothing
$$;
