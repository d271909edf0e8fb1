-- A group's member count, kept by the database (issue 11). Before, every groups page counted the
-- members of each group it showed, and sorting by member count counted every group's members on
-- every page: 130 ms at 500 groups and 1M memberships, growing with both. Now it is a column.
--
-- Statement-level triggers with transition tables keep it exact for every way a membership comes
-- or goes: the data layer's set-based inserts and deletes, SCIM, IdP sign-in sync, and the rows a
-- user's or a group's deletion removes by ON DELETE CASCADE. One UPDATE per statement, whatever
-- the number of rows (adding 10,000 members updates one group once). The groups' rows are locked
-- in id order first, so two statements touching the same groups cannot deadlock on them.
ALTER TABLE "Group" ADD COLUMN "memberCount" INTEGER NOT NULL DEFAULT 0;

UPDATE "Group" g SET "memberCount" = c.n
FROM (SELECT "groupId", count(*)::integer AS n FROM "Membership" GROUP BY "groupId") c
WHERE g."id" = c."groupId";

CREATE FUNCTION "membership_count_apply"(groups uuid[], deltas bigint[]) RETURNS void LANGUAGE plpgsql AS
$$ BEGIN
  IF groups IS NULL THEN RETURN; END IF;
  PERFORM 1 FROM "Group" g WHERE g."id" = ANY(groups) ORDER BY g."id" FOR NO KEY UPDATE;
  UPDATE "Group" g SET "memberCount" = g."memberCount" + d.n
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

-- A membership's group is part of its key and never changes; should an UPDATE ever move one, the
-- count still follows (an update that moves nothing changes no count).
CREATE FUNCTION "membership_count_update"() RETURNS trigger LANGUAGE plpgsql AS
$$ DECLARE groups uuid[]; deltas bigint[];
BEGIN
  SELECT array_agg("groupId"), array_agg(n) INTO groups, deltas
  FROM (SELECT "groupId", sum(n) AS n FROM (
    SELECT "groupId", 1 AS n FROM new_rows UNION ALL SELECT "groupId", -1 FROM old_rows
  ) x GROUP BY "groupId" HAVING sum(n) <> 0) d;
  PERFORM "membership_count_apply"(groups, deltas);
  RETURN NULL;
END $$;

CREATE TRIGGER "Membership_count_insert" AFTER INSERT ON "Membership"
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION "membership_count_insert"();
CREATE TRIGGER "Membership_count_delete" AFTER DELETE ON "Membership"
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION "membership_count_delete"();
CREATE TRIGGER "Membership_count_update" AFTER UPDATE ON "Membership"
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION "membership_count_update"();
