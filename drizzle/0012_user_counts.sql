CREATE TABLE "user_counts" (
	"is_ldap" boolean NOT NULL,
	"disabled" boolean NOT NULL,
	"is_admin" boolean NOT NULL,
	"delta" bigint NOT NULL
);
--> statement-breakpoint
-- Written by hand: the triggers that keep user_counts (lib/db/schema/user-counts.ts). Statement-level
-- with transition tables, so the sync's bulk COPY of a million users costs one GROUP BY, not a
-- million row triggers. Writers only append (concurrent writers never wait for each other); the
-- one transaction holding the advisory lock folds the rows, so the table stays a few rows long.
CREATE FUNCTION "user_counts_track"() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  appended bigint;
BEGIN
  IF TG_OP = 'TRUNCATE' THEN
    DELETE FROM user_counts;
    RETURN NULL;
  ELSIF TG_OP = 'INSERT' THEN
    INSERT INTO user_counts (is_ldap, disabled, is_admin, delta)
      SELECT ldap_id IS NOT NULL, disabled, is_admin, count(*) FROM new_rows GROUP BY 1, 2, 3;
  ELSIF TG_OP = 'DELETE' THEN
    INSERT INTO user_counts (is_ldap, disabled, is_admin, delta)
      SELECT ldap_id IS NOT NULL, disabled, is_admin, -count(*) FROM old_rows GROUP BY 1, 2, 3;
  ELSE
    INSERT INTO user_counts (is_ldap, disabled, is_admin, delta)
      SELECT is_ldap, disabled, is_admin, sum(delta) FROM (
        SELECT ldap_id IS NOT NULL AS is_ldap, disabled, is_admin, 1 AS delta FROM new_rows
        UNION ALL SELECT ldap_id IS NOT NULL, disabled, is_admin, -1 FROM old_rows) AS changed
      GROUP BY 1, 2, 3 HAVING sum(delta) <> 0;
  END IF;
  GET DIAGNOSTICS appended = ROW_COUNT;
  -- A fold deleting rows another snapshot-bound transaction folded would fail that writer: fold in
  -- READ COMMITTED only, where each statement sees the last fold's commit.
  IF appended > 0 AND current_setting('transaction_isolation') = 'read committed' AND pg_try_advisory_xact_lock(7412909114) THEN
    WITH folded AS (DELETE FROM user_counts RETURNING *)
    INSERT INTO user_counts (is_ldap, disabled, is_admin, delta)
      SELECT is_ldap, disabled, is_admin, sum(delta) FROM folded GROUP BY 1, 2, 3 HAVING sum(delta) <> 0;
  END IF;
  RETURN NULL;
END $$;--> statement-breakpoint
-- No user may be written between counting them and the triggers taking over.
LOCK TABLE "users" IN SHARE ROW EXCLUSIVE MODE;--> statement-breakpoint
INSERT INTO "user_counts" ("is_ldap", "disabled", "is_admin", "delta")
  SELECT "ldap_id" IS NOT NULL, "disabled", "is_admin", count(*) FROM "users" GROUP BY 1, 2, 3;--> statement-breakpoint
CREATE TRIGGER "users_count_insert" AFTER INSERT ON "users" REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION "user_counts_track"();--> statement-breakpoint
CREATE TRIGGER "users_count_update" AFTER UPDATE ON "users" REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION "user_counts_track"();--> statement-breakpoint
CREATE TRIGGER "users_count_delete" AFTER DELETE ON "users" REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION "user_counts_track"();--> statement-breakpoint
CREATE TRIGGER "users_count_truncate" AFTER TRUNCATE ON "users" FOR EACH STATEMENT EXECUTE FUNCTION "user_counts_track"();
