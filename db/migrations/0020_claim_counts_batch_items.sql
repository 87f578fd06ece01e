-- Batch items (ctx.batch) that share a task's rate-limit key record their starts in
-- rate_limit_events under the same advisory lock the claim takes: the claim is 0015's with
-- the `started` CTE counting those events too (count and oldest), so runs and batch items
-- share one window. Every other line is 0015's. Lock order unchanged (lock-order.md).
CREATE OR REPLACE FUNCTION sundial_claim_runs(p_worker text, p_limit integer, p_lease_seconds integer, p_queues text[] DEFAULT NULL)
RETURNS TABLE (id bigint, task_id uuid, attempt integer, params jsonb, test_mode boolean, scheduled_for timestamptz,
               lease_epoch integer, task_name text, handler text, config jsonb, policy jsonb, trigger text, queue text)
LANGUAGE plpgsql VOLATILE AS $$
#variable_conflict use_column
DECLARE
  want integer := p_limit;
  rounds integer := 0;
  size integer;
  found_n integer;
  ids bigint[];
  tids uuid[];
  keys text[];
  claimed bigint[];
  skip_tasks uuid[] := '{}';
  ok_tasks uuid[];
  ok_keys text[];
  walk_from uuid := gen_random_uuid();
  walk_at uuid;
  walk_next uuid;
  walk_stop uuid;
  wrapped boolean;
  probes integer;
  walked uuid[];
  rec record;
BEGIN
  WHILE want > 0 AND rounds < 8 LOOP
    rounds := rounds + 1;
    size := want * 4 + 16;
    IF rounds = 1 THEN
      IF p_queues IS NULL THEN
        SELECT array_agg(c.id ORDER BY c.not_before, c.id), array_agg(c.task_id ORDER BY c.not_before, c.id),
               array_agg(c.rate_limit_key ORDER BY c.not_before, c.id), count(*)
        INTO ids, tids, keys, found_n
        FROM (SELECT r.id, r.task_id, r.rate_limit_key, r.not_before FROM runs r
              WHERE r.status = 'queued' AND r.queue IS NULL AND r.not_before <= now()
              ORDER BY r.not_before, r.id LIMIT size) c;
      ELSE
        SELECT array_agg(c.id ORDER BY c.not_before, c.id), array_agg(c.task_id ORDER BY c.not_before, c.id),
               array_agg(c.rate_limit_key ORDER BY c.not_before, c.id), count(*)
        INTO ids, tids, keys, found_n
        FROM (SELECT r.id, r.task_id, r.rate_limit_key, r.not_before FROM runs r
              WHERE r.status = 'queued' AND r.queue = ANY (p_queues) AND r.not_before <= now()
              ORDER BY r.not_before, r.id LIMIT size) c;
      END IF;
    ELSE
      -- Tasks with runnable runs, in task id order from a random point, wrapping once, passing
      -- over full ones: at most `size` tasks and 4 * size probes, whatever the backlog.
      walked := '{}';
      walk_at := walk_from;
      wrapped := false;
      probes := 0;
      WHILE cardinality(walked) < size AND probes < size * 4 LOOP
        probes := probes + 1;
        -- Stop short of the next full task: its range of the index, dead entries of its
        -- claimed runs first, is never read; the walk jumps over it.
        walk_stop := coalesce((SELECT s.t FROM unnest(skip_tasks) AS s(t) WHERE s.t > walk_at ORDER BY s.t LIMIT 1), 'ffffffff-ffff-ffff-ffff-ffffffffffff');
        SELECT r.task_id INTO walk_next FROM runs r
        WHERE r.status = 'queued' AND r.not_before <= now() AND r.task_id > walk_at AND r.task_id < walk_stop
          AND (CASE WHEN p_queues IS NULL THEN r.queue IS NULL ELSE r.queue = ANY (p_queues) END)
        ORDER BY r.task_id LIMIT 1;
        IF walk_next IS NOT NULL THEN
          EXIT WHEN wrapped AND walk_next >= walk_from;
          walked := walked || walk_next;
          walk_at := walk_next;
        ELSIF walk_stop <> 'ffffffff-ffff-ffff-ffff-ffffffffffff' THEN
          EXIT WHEN wrapped AND walk_stop >= walk_from;
          walk_at := walk_stop;
        ELSE
          EXIT WHEN wrapped;
          wrapped := true;
          walk_at := '00000000-0000-0000-0000-000000000000';
        END IF;
      END LOOP;
      EXIT WHEN cardinality(walked) = 0;
      SELECT array_agg(c.id ORDER BY c.not_before, c.id), array_agg(c.task_id ORDER BY c.not_before, c.id),
             array_agg(c.rate_limit_key ORDER BY c.not_before, c.id), count(*)
      INTO ids, tids, keys, found_n
      FROM (SELECT x.id, x.task_id, x.rate_limit_key, x.not_before
            FROM unnest(walked) AS w(t)
            CROSS JOIN LATERAL (
              SELECT r.id, r.task_id, r.rate_limit_key, r.not_before FROM runs r
              WHERE r.task_id = w.t AND r.status = 'queued' AND r.not_before <= now()
                AND (CASE WHEN p_queues IS NULL THEN r.queue IS NULL ELSE r.queue = ANY (p_queues) END)
              ORDER BY r.not_before, r.id LIMIT want) x
            ORDER BY x.not_before, x.id LIMIT size) c;
    END IF;
    EXIT WHEN found_n = 0;

    -- Claimers of one task are serialised, and never wait: a busy lock leaves that task
    -- (or rate-limit key) to the next claim.
    SELECT coalesce(array_agg(d.t), '{}') INTO ok_tasks
    FROM (SELECT DISTINCT u.t FROM unnest(tids) AS u(t)) d
    WHERE pg_try_advisory_xact_lock(hashtextextended('sundial:task:' || d.t, 0));
    SELECT coalesce(array_agg(d.k), '{}') INTO ok_keys
    FROM (SELECT DISTINCT u.k FROM unnest(keys) AS u(k) WHERE u.k IS NOT NULL) d
    WHERE pg_try_advisory_xact_lock(hashtextextended('sundial:rate-limit:' || d.k, 0));

    -- A new statement, so a snapshot taken after those locks: count the running runs of
    -- these tasks and the starts of these keys once, pick as many runs per task and key as
    -- their limits allow, oldest first, and lock and start exactly those (SKIP LOCKED,
    -- re-checked as still queued). Runs over their key's limit wait until the oldest start
    -- in the window leaves it.
    claimed := '{}';
    FOR rec IN
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
        SELECT w.k, w.per, r.n + e.n AS n, least(r.oldest, e.oldest) AS oldest
        FROM windows w,
          LATERAL (SELECT count(*)::int AS n, min(x.started_at) AS oldest FROM runs x
                   WHERE x.rate_limit_key = w.k AND x.started_at > now() - make_interval(secs => w.per)) r,
          LATERAL (SELECT count(*)::int AS n, min(b.at) AS oldest FROM rate_limit_events b
                   WHERE b.key = w.k AND b.at > now() - make_interval(secs => w.per)) e),
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
      RETURNING runs.id AS run_id, runs.task_id AS run_task_id, runs.attempt AS run_attempt, runs.params AS run_params,
        runs.test_mode AS run_test_mode, runs.scheduled_for AS run_scheduled_for, runs.lease_epoch AS run_epoch,
        t.name AS run_task_name, t.handler AS run_handler, t.config AS run_config, t.policy AS run_policy,
        runs.trigger AS run_trigger, runs.queue AS run_queue
    LOOP
      id := rec.run_id; task_id := rec.run_task_id; attempt := rec.run_attempt; params := rec.run_params;
      test_mode := rec.run_test_mode; scheduled_for := rec.run_scheduled_for; lease_epoch := rec.run_epoch;
      task_name := rec.run_task_name; handler := rec.run_handler; config := rec.run_config; policy := rec.run_policy;
      trigger := rec.run_trigger; queue := rec.run_queue;
      RETURN NEXT;
      claimed := claimed || rec.run_id;
    END LOOP;
    want := want - cardinality(claimed);
    -- Round 1 saw every runnable run when its window was not full.
    EXIT WHEN rounds = 1 AND found_n < size;
    -- Tasks with a run of this window left unclaimed are full, locked elsewhere or rate
    -- limited: later rounds pass them over.
    SELECT skip_tasks || coalesce(array_agg(DISTINCT u.t), '{}') INTO skip_tasks
    FROM unnest(ids, tids) AS u(i, t) WHERE u.i <> ALL (claimed);
  END LOOP;
END
$$;
