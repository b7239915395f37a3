-- Pictures are now kept only as the re-encoded variants the UI shows. Rows stored before held the
-- bytes as they came from LDAP, which SQL cannot resize: they are removed, and the next sync stores
-- them again (their source hashes go with them, so it sees every picture as new).
DELETE FROM "user_profile_pictures";--> statement-breakpoint
ALTER TABLE "user_profile_pictures" ADD COLUMN "small" "bytea" NOT NULL;--> statement-breakpoint
ALTER TABLE "user_profile_pictures" ADD COLUMN "large" "bytea" NOT NULL;--> statement-breakpoint
ALTER TABLE "user_profile_pictures" ADD COLUMN "etag" text NOT NULL;--> statement-breakpoint
ALTER TABLE "user_profile_pictures" ADD COLUMN "public_token" text NOT NULL;--> statement-breakpoint
ALTER TABLE "user_profile_pictures" DROP COLUMN "content_type";--> statement-breakpoint
ALTER TABLE "user_profile_pictures" DROP COLUMN "data";--> statement-breakpoint
-- The users list's filters (source, status, role; lib/users/list.ts). The sort indexes also carry the
-- filtered columns, so a filtered walk to a deep page stays index-only. drizzle-orm cannot declare
-- INCLUDE columns: this part is written by hand, and lib/db/schema/users.ts lists them in comments.
-- Names and key columns stay the same, so lower(username) stays unique.
DROP INDEX "users_username_lower_unique";--> statement-breakpoint
CREATE UNIQUE INDEX "users_username_lower_unique" ON "users" USING btree (lower("username")) INCLUDE ("username","id","is_admin","disabled","ldap_id");--> statement-breakpoint
DROP INDEX "users_email_lower_idx";--> statement-breakpoint
CREATE INDEX "users_email_lower_idx" ON "users" USING btree (lower("email"),"id") INCLUDE ("email","is_admin","disabled","ldap_id");--> statement-breakpoint
DROP INDEX "users_display_name_lower_idx";--> statement-breakpoint
CREATE INDEX "users_display_name_lower_idx" ON "users" USING btree (lower("display_name"),"id") INCLUDE ("display_name","is_admin","disabled","ldap_id");--> statement-breakpoint
DROP INDEX "users_created_at_idx";--> statement-breakpoint
CREATE INDEX "users_created_at_idx" ON "users" USING btree ("created_at","id") INCLUDE ("is_admin","disabled","ldap_id");--> statement-breakpoint
-- The rare side of each filter, for its counts and pages (generated from the schema).
CREATE INDEX "users_local_idx" ON "users" USING btree ("id") WHERE "users"."ldap_id" is null;--> statement-breakpoint
CREATE INDEX "users_disabled_idx" ON "users" USING btree ("id") WHERE "users"."disabled";--> statement-breakpoint
CREATE INDEX "users_admin_idx" ON "users" USING btree ("id") WHERE "users"."is_admin";