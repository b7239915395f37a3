-- Pictures are now kept only as the re-encoded variants the UI shows. Rows stored before held the
-- bytes as they came from LDAP, which SQL cannot resize: they are removed, and the next sync stores
-- them again (their source hashes go with them, so it sees every picture as new).
DELETE FROM "user_profile_pictures";--> statement-breakpoint
ALTER TABLE "user_profile_pictures" ADD COLUMN "small" "bytea" NOT NULL;--> statement-breakpoint
ALTER TABLE "user_profile_pictures" ADD COLUMN "large" "bytea" NOT NULL;--> statement-breakpoint
ALTER TABLE "user_profile_pictures" ADD COLUMN "etag" text NOT NULL;--> statement-breakpoint
ALTER TABLE "user_profile_pictures" ADD COLUMN "public_token" text NOT NULL;--> statement-breakpoint
ALTER TABLE "user_profile_pictures" DROP COLUMN "content_type";--> statement-breakpoint
ALTER TABLE "user_profile_pictures" DROP COLUMN "data";