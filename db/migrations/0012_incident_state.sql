ALTER TABLE "task_state" ADD COLUMN "failing_since_run_id" bigint;--> statement-breakpoint
ALTER TABLE "task_state" ADD COLUMN "last_failed_run_id" bigint;--> statement-breakpoint
CREATE INDEX "tasks_run_messages_idx" ON "tasks" USING btree ("id") WHERE (notify->'events'->>'success' = 'true' or notify->>'callbackUrl' is not null);