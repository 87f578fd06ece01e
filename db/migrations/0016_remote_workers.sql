ALTER TABLE "api_keys" DROP CONSTRAINT "api_keys_role_check";--> statement-breakpoint
ALTER TABLE "api_keys" ADD COLUMN "queues" text[];--> statement-breakpoint
ALTER TABLE "workers" ADD COLUMN "queues" text[];--> statement-breakpoint
ALTER TABLE "api_keys" ADD CONSTRAINT "api_keys_queues_check" CHECK ((role = 'worker') = (queues is not null and cardinality(queues) > 0));--> statement-breakpoint
ALTER TABLE "api_keys" ADD CONSTRAINT "api_keys_role_check" CHECK (role in ('admin', 'operator', 'viewer', 'worker'));