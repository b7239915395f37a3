CREATE TABLE "login_link_emails" (
	"user_id" uuid PRIMARY KEY NOT NULL,
	"sent_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "one_time_access_tokens" ADD COLUMN "code_hash" text;--> statement-breakpoint
ALTER TABLE "login_link_emails" ADD CONSTRAINT "login_link_emails_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "one_time_access_tokens_code_hash_idx" ON "one_time_access_tokens" USING btree ("code_hash");