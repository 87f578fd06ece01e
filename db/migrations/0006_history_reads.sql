-- Every task's daily rollups summed per day, kept by the stats reads (lib/api/v1/overview.ts).
CREATE TABLE "stats_daily_totals" (
	"day" date PRIMARY KEY NOT NULL,
	"total" integer DEFAULT 0 NOT NULL,
	"succeeded" integer DEFAULT 0 NOT NULL,
	"failed" integer DEFAULT 0 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
-- History reads walk an index newest first, (scheduled_for, id) descending, and stop at the
-- page: all runs or a time range, a task's, a task's in one status, all in one status, and
-- the rare triggers (partial: scheduled and API runs write nothing to those two). They
-- replace (task_id, id), (status, id) and created_at, which answered "newest first" by id
-- and left time ranges and task + status to walk or sort millions of rows. The pruner now
-- walks runs_scheduled_idx instead of runs_created_idx.
--
-- Plain CREATE INDEX, in the migration's transaction: writes to runs wait until it commits.
-- A large install should expect this migration to take a while: 10 s for 2 million runs on a
-- busy 2-core machine, so nearly a minute at 10 million, and runs are held back meanwhile.
CREATE INDEX "runs_scheduled_idx" ON "runs" USING btree ("scheduled_for","id");--> statement-breakpoint
CREATE INDEX "runs_task_scheduled_idx" ON "runs" USING btree ("task_id","scheduled_for","id");--> statement-breakpoint
CREATE INDEX "runs_task_status_idx" ON "runs" USING btree ("task_id","status","scheduled_for","id");--> statement-breakpoint
CREATE INDEX "runs_status_scheduled_idx" ON "runs" USING btree ("status","scheduled_for","id");--> statement-breakpoint
CREATE INDEX "runs_trigger_idx" ON "runs" USING btree ("trigger","scheduled_for","id") WHERE "runs"."trigger" in ('catch_up', 'retry', 'manual');--> statement-breakpoint
CREATE INDEX "runs_task_trigger_idx" ON "runs" USING btree ("task_id","trigger","scheduled_for","id") WHERE "runs"."trigger" in ('catch_up', 'retry', 'manual');--> statement-breakpoint
DROP INDEX "runs_task_history_idx";--> statement-breakpoint
DROP INDEX "runs_status_idx";--> statement-breakpoint
DROP INDEX "runs_created_idx";
