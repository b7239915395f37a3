ALTER TABLE "webauthn_challenges" ADD COLUMN "client_address" text;--> statement-breakpoint
CREATE INDEX "webauthn_challenges_expires_at_idx" ON "webauthn_challenges" USING btree ("expires_at");--> statement-breakpoint
CREATE INDEX "webauthn_challenges_client_address_idx" ON "webauthn_challenges" USING btree ("client_address","created_at");