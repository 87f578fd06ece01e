-- Claim up to p_limit queued runs for one worker, in one statement:
--   SELECT * FROM sundial_claim_runs(worker_id, limit, lease_seconds)
--
-- Why a function and not one UPDATE: a run may start only if its task has a free
-- concurrency slot and its rate-limit key has a free start in the window. Counting those in
-- a single statement races (two claimers each see the other's claim as uncommitted). Here
-- each candidate run is locked (SKIP LOCKED: other claimers take other runs), then an
-- advisory transaction lock on the task, and one on the rate-limit key, serialise claimers.
-- Under READ COMMITTED each statement below takes a fresh snapshot, so the counts made
-- after taking a lock see every claim committed before it.
-- The locks are only *tried*: a claimer never waits (so claimers cannot deadlock, and a
-- tick holding task rows never stalls a claim); a candidate whose lock is busy is left for
-- the next claim, a moment later.
CREATE OR REPLACE FUNCTION sundial_claim_runs(p_worker text, p_limit integer, p_lease_seconds integer)
RETURNS SETOF runs
LANGUAGE plpgsql VOLATILE AS $$
DECLARE
  cand record;
  pol jsonb;
  allowed integer;
  active integer;
  per integer;
  started integer;
  oldest timestamptz;
  claimed integer := 0;
BEGIN
  IF p_limit <= 0 THEN
    RETURN;
  END IF;
  FOR cand IN
    SELECT r.id, r.task_id, r.rate_limit_key
    FROM runs r
    WHERE r.status = 'queued'
      AND r.not_before <= now()
      -- Skip tasks already at their concurrency limit (judged once per task on this
      -- statement's snapshot), so a long queue of one saturated task cannot starve the
      -- others and the scan can follow runs_claim_idx in order; the exact check follows
      -- under the task lock.
      AND r.task_id NOT IN (
        SELECT x.task_id
        FROM runs x
        JOIN tasks t ON t.id = x.task_id
        WHERE x.status = 'running'
        GROUP BY x.task_id, t.policy
        HAVING count(*) >= CASE WHEN t.policy->>'concurrency' = 'allow'
                                THEN greatest(coalesce((t.policy->>'maxConcurrent')::int, 1), 1) ELSE 1 END)
    ORDER BY r.not_before, r.id
    LIMIT p_limit * 4
    FOR UPDATE OF r SKIP LOCKED
  LOOP
    EXIT WHEN claimed >= p_limit;

    CONTINUE WHEN NOT pg_try_advisory_xact_lock(hashtextextended('sundial:task:' || cand.task_id, 0));
    SELECT t.policy INTO pol FROM tasks t WHERE t.id = cand.task_id;
    allowed := CASE WHEN pol->>'concurrency' = 'allow'
                    THEN greatest(coalesce((pol->>'maxConcurrent')::int, 1), 1) ELSE 1 END;
    SELECT count(*) INTO active FROM runs WHERE task_id = cand.task_id AND status = 'running';
    CONTINUE WHEN active >= allowed;

    IF cand.rate_limit_key IS NOT NULL AND pol->'rateLimit' IS NOT NULL THEN
      CONTINUE WHEN NOT pg_try_advisory_xact_lock(hashtextextended('sundial:rate-limit:' || cand.rate_limit_key, 0));
      per := greatest((pol->'rateLimit'->>'perSeconds')::int, 1);
      SELECT count(*), min(started_at) INTO started, oldest
      FROM runs
      WHERE rate_limit_key = cand.rate_limit_key
        AND started_at > now() - make_interval(secs => per);
      IF started >= (pol->'rateLimit'->>'max')::int THEN
        -- Over the limit: wait until the oldest start in the window leaves it. Not a failure.
        UPDATE runs
        SET not_before = oldest + make_interval(secs => per),
            reason = 'waiting for rate limit ' || cand.rate_limit_key,
            updated_at = now()
        WHERE id = cand.id;
        CONTINUE;
      END IF;
    END IF;

    RETURN QUERY
    UPDATE runs
    SET status = 'running',
        worker_id = p_worker,
        started_at = now(),
        finished_at = NULL,
        lease_expires_at = now() + make_interval(secs => p_lease_seconds),
        -- Clamped: a slot caught up weeks late must not overflow int4 and stall every claim.
        lag_ms = least(greatest(0, extract(epoch FROM now() - scheduled_for) * 1000), 2147483647)::int,
        updated_at = now()
    WHERE id = cand.id
    RETURNING *;
    claimed := claimed + 1;
  END LOOP;
END
$$;
