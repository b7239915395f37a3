ALTER TABLE "oidc_clients" ADD COLUMN "restricted_to_groups" boolean DEFAULT false NOT NULL;--> statement-breakpoint
-- Clients created with allowed groups stay restricted to them (hand-written: drizzle-kit does not backfill).
UPDATE "oidc_clients" SET "restricted_to_groups" = true WHERE EXISTS (SELECT 1 FROM "oidc_client_allowed_groups" "a" WHERE "a"."client_id" = "oidc_clients"."id");
