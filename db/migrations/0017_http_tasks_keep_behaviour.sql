-- http tasks saved before the handler carried the run to the app keep doing what they did:
-- their body sent as written (no envelope), and, for a method that changes something, no
-- call in test mode. New tasks get the new defaults (envelope on, test mode reaches the app).
UPDATE "tasks" SET "config" = "config" || '{"envelope": false}'::jsonb
  || CASE WHEN coalesce("config"->>'method', 'GET') IN ('GET', 'HEAD') THEN '{}'::jsonb ELSE '{"skipInTestMode": true}'::jsonb END,
  "updated_at" = now()
WHERE "handler" = 'http' AND NOT ("config" ? 'envelope');
