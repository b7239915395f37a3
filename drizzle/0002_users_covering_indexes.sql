-- The users list's sort indexes hold every column its first step reads, so finding a deep page is an
-- index-only scan (lib/users/list.ts). drizzle-orm cannot declare INCLUDE columns: this part is
-- written by hand, and lib/db/schema/users.ts lists them in comments. Names and key columns stay the
-- same, so lower(username) and lower(email) stay unique.
DROP INDEX "users_username_lower_unique";--> statement-breakpoint
CREATE UNIQUE INDEX "users_username_lower_unique" ON "users" USING btree (lower("username")) INCLUDE ("username","id");--> statement-breakpoint
CREATE INDEX "users_email_lower_idx" ON "users" USING btree (lower("email"),"id") INCLUDE ("email");--> statement-breakpoint
DROP INDEX "users_display_name_lower_idx";--> statement-breakpoint
CREATE INDEX "users_display_name_lower_idx" ON "users" USING btree (lower("display_name"),"id") INCLUDE ("display_name");
