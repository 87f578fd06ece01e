-- 0006 replaced (status, id) with (status, scheduled_for, id), and the engine's claim lost
-- the index its lookups of a window's still-queued runs (status = 'queued' and id = any)
-- rely on: without statistics it fell back to a bitmap over every queued run, per claim,
-- and the lifecycle bench lost 20-40% of its runs/s. runs_status_idx comes back as it was.
-- The two history indexes on status now hold ended runs only (one entry a run instead of
-- three); reads of queued and running runs go through the engine's indexes instead.
--
-- Plain CREATE INDEX, in the migration's transaction: writes to runs wait until it commits.
-- A large install should expect this migration to take a while (three indexes over every
-- run, some seconds per million runs on 2 cores).
CREATE INDEX "runs_status_idx" ON "runs" USING btree ("status","id");--> statement-breakpoint
DROP INDEX "runs_task_status_idx";--> statement-breakpoint
DROP INDEX "runs_status_scheduled_idx";--> statement-breakpoint
CREATE INDEX "runs_task_status_idx" ON "runs" USING btree ("task_id","status","scheduled_for","id") WHERE "runs"."status" not in ('queued', 'running');--> statement-breakpoint
CREATE INDEX "runs_status_scheduled_idx" ON "runs" USING btree ("status","scheduled_for","id") WHERE "runs"."status" not in ('queued', 'running');
