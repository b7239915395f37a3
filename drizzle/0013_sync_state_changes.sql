CREATE TABLE "sync_state_changes" (
	"changes" bigint NOT NULL
);
--> statement-breakpoint
-- Written by hand: the triggers that count writes to what an LDAP sync reads as its state
-- (lib/db/schema/sync-state-changes.ts). Writers only append a row per statement (no writer waits
-- for another); the transaction holding the advisory lock folds the rows into one. The sum only
-- grows, and a write is counted when it commits.
CREATE FUNCTION "sync_state_changed"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO sync_state_changes (changes) VALUES (1);
  -- Fold in READ COMMITTED only: there each statement sees the last fold's commit.
  IF current_setting('transaction_isolation') = 'read committed' AND pg_try_advisory_xact_lock(7412909115) THEN
    WITH folded AS (DELETE FROM sync_state_changes RETURNING changes)
    INSERT INTO sync_state_changes (changes) SELECT sum(changes) FROM folded;
  END IF;
  RETURN NULL;
END $$;--> statement-breakpoint
INSERT INTO "sync_state_changes" ("changes") VALUES (0);--> statement-breakpoint
CREATE TRIGGER "users_sync_state" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "users" FOR EACH STATEMENT EXECUTE FUNCTION "sync_state_changed"();--> statement-breakpoint
CREATE TRIGGER "user_groups_sync_state" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "user_groups" FOR EACH STATEMENT EXECUTE FUNCTION "sync_state_changed"();--> statement-breakpoint
CREATE TRIGGER "user_group_members_sync_state" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "user_group_members" FOR EACH STATEMENT EXECUTE FUNCTION "sync_state_changed"();--> statement-breakpoint
CREATE TRIGGER "user_custom_claims_sync_state" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "user_custom_claims" FOR EACH STATEMENT EXECUTE FUNCTION "sync_state_changed"();
