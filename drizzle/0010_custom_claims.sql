CREATE TABLE "group_custom_claims" (
	"group_id" uuid NOT NULL,
	"key" text NOT NULL,
	"value" text NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "group_custom_claims_group_id_key_pk" PRIMARY KEY("group_id","key")
);
--> statement-breakpoint
CREATE TABLE "user_custom_claims" (
	"user_id" uuid NOT NULL,
	"source" text NOT NULL,
	"key" text NOT NULL,
	"value" text NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "user_custom_claims_user_id_source_key_pk" PRIMARY KEY("user_id","source","key"),
	CONSTRAINT "user_custom_claims_source_check" CHECK ("user_custom_claims"."source" in ('admin', 'ldap'))
);
--> statement-breakpoint
ALTER TABLE "group_custom_claims" ADD CONSTRAINT "group_custom_claims_group_id_user_groups_id_fk" FOREIGN KEY ("group_id") REFERENCES "public"."user_groups"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "user_custom_claims" ADD CONSTRAINT "user_custom_claims_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;