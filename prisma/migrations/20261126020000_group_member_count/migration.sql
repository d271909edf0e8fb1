-- A group's member count, kept by the database (issue 11). Before, every groups page counted the
-- members of each group it showed, and sorting by member count counted every group's members on
-- every page: 130 ms at 500 groups and 1M memberships, growing with both. Now it is a column.
--
-- Statement-level triggers with transition tables keep it exact for every way a membership comes
-- or goes: the data layer's set-based inserts and deletes, SCIM, IdP sign-in sync, and the rows a
-- user's or a group's deletion removes by ON DELETE CASCADE. One UPDATE per statement, whatever
-- the number of rows (adding 10,000 members updates one group once). The groups' rows are locked
-- in id order first, so two statements touching the same groups cannot deadlock on them. A change
-- of members is a change of the group: its updatedAt (the API's ETag and SCIM's meta.version)
-- moves with it.
ALTER TABLE "Group" ADD COLUMN "memberCount" INTEGER NOT NULL DEFAULT 0;

CREATE FUNCTION "membership_count_apply"(groups uuid[], deltas bigint[]) RETURNS void LANGUAGE plpgsql AS
$$ BEGIN
  IF groups IS NULL THEN RETURN; END IF;
  PERFORM 1 FROM "Group" g WHERE g."id" = ANY(groups) ORDER BY g."id" FOR NO KEY UPDATE;
  UPDATE "Group" g SET "memberCount" = g."memberCount" + d.n, "updatedAt" = clock_timestamp()
  FROM unnest(groups, deltas) AS d(id, n) WHERE g."id" = d.id;
END $$;

CREATE FUNCTION "membership_count_insert"() RETURNS trigger LANGUAGE plpgsql AS
$$ DECLARE groups uuid[]; deltas bigint[];
BEGIN
  SELECT array_agg("groupId"), array_agg(n) INTO groups, deltas
  FROM (SELECT "groupId", count(*) AS n FROM new_rows GROUP BY "groupId") d;
  PERFORM "membership_count_apply"(groups, deltas);
  RETURN NULL;
END $$;

CREATE FUNCTION "membership_count_delete"() RETURNS trigger LANGUAGE plpgsql AS
$$ DECLARE groups uuid[]; deltas bigint[];
BEGIN
  SELECT array_agg("groupId"), array_agg(-n) INTO groups, deltas
  FROM (SELECT "groupId", count(*) AS n FROM old_rows GROUP BY "groupId") d;
  PERFORM "membership_count_apply"(groups, deltas);
  RETURN NULL;
END $$;

CREATE FUNCTION "membership_count_truncate"() RETURNS trigger LANGUAGE plpgsql AS
$$ BEGIN
  UPDATE "Group" SET "memberCount" = 0 WHERE "memberCount" <> 0;
  RETURN NULL;
END $$;

-- A membership is its group and its user (the primary key): it never moves to another group or
-- user, so an UPDATE cannot change a count. Refused, rather than counted wrong, should one try.
CREATE FUNCTION "membership_key_immutable"() RETURNS trigger LANGUAGE plpgsql AS
$$ BEGIN
  IF NEW."groupId" IS DISTINCT FROM OLD."groupId" OR NEW."userId" IS DISTINCT FROM OLD."userId" THEN
    RAISE EXCEPTION 'A membership cannot move to another group or user.' USING ERRCODE = 'check_violation';
  END IF;
  RETURN NEW;
END $$;

-- The triggers before the count: creating them locks "Membership" against writes until this
-- migration commits, so the count below sees every membership and every later change is counted.
CREATE TRIGGER "Membership_count_insert" AFTER INSERT ON "Membership"
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION "membership_count_insert"();
CREATE TRIGGER "Membership_count_delete" AFTER DELETE ON "Membership"
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION "membership_count_delete"();
CREATE TRIGGER "Membership_count_truncate" AFTER TRUNCATE ON "Membership"
  FOR EACH STATEMENT EXECUTE FUNCTION "membership_count_truncate"();
CREATE TRIGGER "Membership_key_immutable" BEFORE UPDATE OF "groupId", "userId" ON "Membership"
  FOR EACH ROW EXECUTE FUNCTION "membership_key_immutable"();

UPDATE "Group" g SET "memberCount" = c.n
FROM (SELECT "groupId", count(*)::integer AS n FROM "Membership" GROUP BY "groupId") c
WHERE g."id" = c."groupId";
