CREATE TABLE "rate_limit_events" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "rate_limit_events_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"key" text NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL,
	"run_id" bigint
);
--> statement-breakpoint
CREATE TABLE "run_steps" (
	"run_id" bigint NOT NULL,
	"idx" smallint NOT NULL,
	"name" text NOT NULL,
	"status" text NOT NULL,
	"started_at" timestamp with time zone,
	"finished_at" timestamp with time zone,
	"duration_ms" integer,
	"result" jsonb,
	"error" text,
	"reason" text,
	"reused_from" bigint,
	CONSTRAINT "run_steps_run_id_idx_pk" PRIMARY KEY("run_id","idx"),
	CONSTRAINT "run_steps_status_check" CHECK (status in ('running', 'succeeded', 'failed', 'skipped'))
);
--> statement-breakpoint
ALTER TABLE "run_logs" ADD COLUMN "step" smallint;--> statement-breakpoint
ALTER TABLE "runs" ADD COLUMN "partial" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "task_stats_daily" ADD COLUMN "partial" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "run_steps" ADD CONSTRAINT "run_steps_run_id_runs_id_fk" FOREIGN KEY ("run_id") REFERENCES "public"."runs"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "rate_limit_events_key_at_idx" ON "rate_limit_events" USING btree ("key","at");