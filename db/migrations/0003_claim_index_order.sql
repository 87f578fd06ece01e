DROP INDEX "runs_claim_idx";--> statement-breakpoint
CREATE INDEX "runs_claim_idx" ON "runs" USING btree ("not_before","id") WHERE "runs"."status" = 'queued';