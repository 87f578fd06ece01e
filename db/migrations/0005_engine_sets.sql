CREATE TABLE "task_state" (
	"task_id" uuid PRIMARY KEY NOT NULL,
	"last_run_at" timestamp with time zone,
	"last_status" text,
	"total_runs" integer DEFAULT 0 NOT NULL,
	"succeeded_count" integer DEFAULT 0 NOT NULL,
	"failed_count" integer DEFAULT 0 NOT NULL,
	"consecutive_failures" integer DEFAULT 0 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "task_state_last_status_check" CHECK (last_status is null or last_status in ('queued', 'running', 'succeeded', 'failed', 'timed_out', 'cancelled', 'skipped', 'missed', 'lost'))
);
--> statement-breakpoint
ALTER TABLE "tasks" DROP CONSTRAINT "tasks_last_status_check";--> statement-breakpoint
ALTER TABLE "runs" ADD COLUMN "lease_epoch" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "task_state" ADD CONSTRAINT "task_state_task_id_tasks_id_fk" FOREIGN KEY ("task_id") REFERENCES "public"."tasks"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
-- Nothing a user saved is lost: the counters move with their values.
INSERT INTO "task_state" ("task_id", "last_run_at", "last_status", "total_runs", "succeeded_count", "failed_count", "consecutive_failures")
SELECT "id", "last_run_at", "last_status", "total_runs", "succeeded_count", "failed_count", "consecutive_failures" FROM "tasks"
WHERE "total_runs" > 0 OR "last_status" IS NOT NULL;--> statement-breakpoint
ALTER TABLE "tasks" DROP COLUMN "last_run_at";--> statement-breakpoint
ALTER TABLE "tasks" DROP COLUMN "last_status";--> statement-breakpoint
ALTER TABLE "tasks" DROP COLUMN "total_runs";--> statement-breakpoint
ALTER TABLE "tasks" DROP COLUMN "succeeded_count";--> statement-breakpoint
ALTER TABLE "tasks" DROP COLUMN "failed_count";--> statement-breakpoint
ALTER TABLE "tasks" DROP COLUMN "consecutive_failures";--> statement-breakpoint
-- A day whose first stats row came from a skipped or missed slot had an empty histogram,
-- and merging into it gave NULLs. Those NULLs become zeros, so later runs count again.
UPDATE "task_stats_daily"
SET "duration_buckets" = ARRAY(SELECT coalesce(b, 0) FROM unnest("duration_buckets") AS b)
WHERE array_position("duration_buckets", NULL) IS NOT NULL;--> statement-breakpoint
DROP FUNCTION IF EXISTS sundial_claim_runs(text, integer, integer);--> statement-breakpoint
-- Claim up to p_limit runnable runs for one worker, in one round trip:
--   SELECT * FROM sundial_claim_runs(worker_id, limit, lease_seconds)
-- It returns each run with its task's handler, config and policy, and a new lease epoch
-- (the fencing token that renewals and the run's end must present).
--
-- Sets, not a loop per candidate. Each round:
--   1. reads a window of the oldest runnable runs (no lock yet: locking rows it will not
--      take would cost a heap write each);
--   2. tries an advisory lock per task of the window, then per rate-limit key: claimers of
--      one task are serialised, and never wait (a busy lock leaves that task to the next claim);
--   3. in a new statement, so in a snapshot taken after those locks (READ COMMITTED), counts
--      the running runs of all those tasks and the starts of all those keys once, picks as
--      many runs per task and per key as their limits allow, oldest first, and locks and
--      starts exactly those (SKIP LOCKED, re-checked as still queued: a run another claimer
--      took meanwhile is passed over);
--   4. moves past the window, skipping tasks that could take no more, until p_limit runs
--      are claimed or nothing runnable is left (at most 8 rounds).
-- Runs over their key's rate limit wait until the oldest start in the window leaves it.
-- Lock order (db/queries/engine/lock-order.md): runs, then advisory task and key locks.
CREATE FUNCTION sundial_claim_runs(p_worker text, p_limit integer, p_lease_seconds integer)
RETURNS TABLE (id bigint, task_id uuid, attempt integer, params jsonb, test_mode boolean, scheduled_for timestamptz,
               lease_epoch integer, task_name text, handler text, config jsonb, policy jsonb)
LANGUAGE plpgsql VOLATILE AS $$
#variable_conflict use_column
DECLARE
  want integer := p_limit;
  rounds integer := 0;
  size integer;
  found_n integer;
  got integer;
  ids bigint[];
  tids uuid[];
  keys text[];
  last_nb timestamptz := '-infinity';
  last_id bigint := 0;
  skip_tasks uuid[] := '{}';
  ok_tasks uuid[];
  ok_keys text[];
BEGIN
  WHILE want > 0 AND rounds < 8 LOOP
    rounds := rounds + 1;
    size := want * 4 + 16;
    WITH c AS (
      SELECT r.id, r.task_id, r.rate_limit_key, r.not_before
      FROM runs r
      WHERE r.status = 'queued' AND r.not_before <= now()
        AND (r.not_before, r.id) > (last_nb, last_id)
        AND r.task_id <> ALL (skip_tasks)
      ORDER BY r.not_before, r.id
      LIMIT size)
    SELECT array_agg(c.id ORDER BY c.not_before, c.id), array_agg(c.task_id ORDER BY c.not_before, c.id),
           array_agg(c.rate_limit_key ORDER BY c.not_before, c.id), count(*),
           (array_agg(c.not_before ORDER BY c.not_before DESC, c.id DESC))[1], (array_agg(c.id ORDER BY c.not_before DESC, c.id DESC))[1]
    INTO ids, tids, keys, found_n, last_nb, last_id
    FROM c;
    EXIT WHEN found_n = 0;

    SELECT coalesce(array_agg(d.t), '{}') INTO ok_tasks
    FROM (SELECT DISTINCT u.t FROM unnest(tids) AS u(t)) d
    WHERE pg_try_advisory_xact_lock(hashtextextended('sundial:task:' || d.t, 0));
    SELECT coalesce(array_agg(d.k), '{}') INTO ok_keys
    FROM (SELECT DISTINCT u.k FROM unnest(keys) AS u(k) WHERE u.k IS NOT NULL) d
    WHERE pg_try_advisory_xact_lock(hashtextextended('sundial:rate-limit:' || d.k, 0));

    RETURN QUERY
    WITH cand AS (
      SELECT u.id, u.task_id, u.k, u.ord, t.policy,
        CASE WHEN t.policy->>'concurrency' = 'allow' THEN greatest(coalesce((t.policy->>'maxConcurrent')::int, 1), 1) ELSE 1 END AS allowed,
        CASE WHEN u.k IS NOT NULL AND t.policy ? 'rateLimit' THEN greatest((t.policy->'rateLimit'->>'perSeconds')::int, 1) END AS per,
        (t.policy->'rateLimit'->>'max')::int AS per_max
      FROM unnest(ids, tids, keys) WITH ORDINALITY AS u(id, task_id, k, ord)
      JOIN tasks t ON t.id = u.task_id
      WHERE u.task_id = ANY (ok_tasks)),
    active AS (
      SELECT x.task_id, count(*)::int AS n FROM runs x
      WHERE x.task_id IN (SELECT cand.task_id FROM cand) AND x.status = 'running'
      GROUP BY x.task_id),
    windows AS (
      SELECT DISTINCT cand.k, cand.per FROM cand WHERE cand.per IS NOT NULL),
    started AS (
      SELECT w.k, w.per, count(x.id)::int AS n, min(x.started_at) AS oldest
      FROM windows w LEFT JOIN runs x ON x.rate_limit_key = w.k AND x.started_at > now() - make_interval(secs => w.per)
      GROUP BY w.k, w.per),
    ranked AS (
      SELECT cand.*, coalesce(a.n, 0) AS running, s.n AS recent, s.oldest,
        row_number() OVER (PARTITION BY cand.task_id ORDER BY cand.ord) AS task_rank,
        row_number() OVER (PARTITION BY cand.k, cand.per ORDER BY cand.ord) AS key_rank
      FROM cand LEFT JOIN active a ON a.task_id = cand.task_id LEFT JOIN started s ON s.k = cand.k AND s.per = cand.per),
    fits AS (
      SELECT ranked.*, (ranked.per IS NULL OR (ranked.k = ANY (ok_keys) AND ranked.key_rank <= ranked.per_max - ranked.recent)) AS key_ok
      FROM ranked WHERE ranked.task_rank <= ranked.allowed - ranked.running),
    chosen AS (
      SELECT f.id, f.task_id FROM fits f WHERE f.key_ok ORDER BY f.ord LIMIT want),
    picked AS (
      SELECT r.id, r.task_id FROM runs r
      WHERE r.id IN (SELECT chosen.id FROM chosen) AND r.status = 'queued'
      ORDER BY r.id FOR UPDATE OF r SKIP LOCKED),
    waiting AS (
      SELECT r.id FROM runs r
      WHERE r.id IN (SELECT f.id FROM fits f WHERE NOT f.key_ok AND f.k = ANY (ok_keys) AND f.recent >= f.per_max AND f.oldest IS NOT NULL)
        AND r.status = 'queued'
      ORDER BY r.id FOR UPDATE OF r SKIP LOCKED),
    deferred AS (
      UPDATE runs SET not_before = f.oldest + make_interval(secs => f.per),
        reason = 'waiting for rate limit ' || f.k, updated_at = now()
      FROM waiting w JOIN fits f ON f.id = w.id
      WHERE runs.id = w.id)
    UPDATE runs SET status = 'running', worker_id = p_worker, started_at = now(), finished_at = NULL,
      lease_expires_at = now() + make_interval(secs => p_lease_seconds),
      lease_epoch = runs.lease_epoch + 1,
      -- Clamped: a slot caught up weeks late must not overflow int4 and stall every claim.
      lag_ms = least(greatest(0, extract(epoch FROM now() - runs.scheduled_for) * 1000), 2147483647)::int,
      updated_at = now()
    FROM picked JOIN tasks t ON t.id = picked.task_id
    WHERE runs.id = picked.id
    RETURNING runs.id, runs.task_id, runs.attempt, runs.params, runs.test_mode, runs.scheduled_for, runs.lease_epoch,
      t.name, t.handler, t.config, t.policy;
    GET DIAGNOSTICS got = ROW_COUNT;
    want := want - got;
    EXIT WHEN found_n < size;
    -- Tasks with a run left in this window are full, locked elsewhere or rate limited: skip
    -- their later runs in the next rounds.
    SELECT skip_tasks || coalesce(array_agg(DISTINCT r.task_id), '{}') INTO skip_tasks
    FROM runs r WHERE r.id = ANY (ids) AND r.status = 'queued';
  END LOOP;
END
$$;
