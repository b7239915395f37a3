DROP INDEX "audit_log_event_at_idx";--> statement-breakpoint
DROP INDEX "audit_log_actor_at_idx";--> statement-breakpoint
DROP INDEX "audit_log_target_at_idx";--> statement-breakpoint
CREATE INDEX "audit_log_actor_username_at_idx" ON "audit_log" USING btree (lower("actor_username"),"at" DESC NULLS FIRST,"id" DESC NULLS FIRST) WHERE "audit_log"."actor_username" is not null;--> statement-breakpoint
CREATE INDEX "audit_log_event_at_idx" ON "audit_log" USING btree ("event","at" DESC NULLS FIRST,"id" DESC NULLS FIRST);--> statement-breakpoint
CREATE INDEX "audit_log_actor_at_idx" ON "audit_log" USING btree ("actor_user_id","at" DESC NULLS FIRST,"id" DESC NULLS FIRST) WHERE "audit_log"."actor_user_id" is not null;--> statement-breakpoint
CREATE INDEX "audit_log_target_at_idx" ON "audit_log" USING btree ("target_id","at" DESC NULLS FIRST,"id" DESC NULLS FIRST) WHERE "audit_log"."target_id" is not null;