ALTER TABLE "runs" ADD COLUMN "rate_limit_key" text;--> statement-breakpoint
ALTER TABLE "runs" ADD COLUMN "progress" jsonb;--> statement-breakpoint
CREATE INDEX "runs_active_idx" ON "runs" USING btree ("task_id","status") WHERE "runs"."status" in ('queued', 'running');--> statement-breakpoint
CREATE INDEX "runs_rate_limit_idx" ON "runs" USING btree ("rate_limit_key","started_at") WHERE "runs"."rate_limit_key" is not null;