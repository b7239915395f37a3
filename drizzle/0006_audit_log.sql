CREATE TABLE "audit_log" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"event" text NOT NULL,
	"actor_user_id" uuid,
	"actor_username" text,
	"actor_kind" text NOT NULL,
	"target_type" text,
	"target_id" text,
	"target_name" text,
	"at" timestamp with time zone DEFAULT now() NOT NULL,
	"client_address" text,
	"user_agent" text,
	"outcome" text DEFAULT 'success' NOT NULL,
	"details" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"job_run_id" uuid
);
--> statement-breakpoint
CREATE INDEX "audit_log_at_idx" ON "audit_log" USING btree ("at" DESC NULLS FIRST,"id" DESC NULLS FIRST);--> statement-breakpoint
CREATE INDEX "audit_log_event_at_idx" ON "audit_log" USING btree ("event","at" DESC NULLS FIRST);--> statement-breakpoint
CREATE INDEX "audit_log_actor_at_idx" ON "audit_log" USING btree ("actor_user_id","at" DESC NULLS FIRST) WHERE "audit_log"."actor_user_id" is not null;--> statement-breakpoint
CREATE INDEX "audit_log_target_at_idx" ON "audit_log" USING btree ("target_id","at" DESC NULLS FIRST) WHERE "audit_log"."target_id" is not null;