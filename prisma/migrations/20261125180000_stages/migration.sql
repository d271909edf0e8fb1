-- Stages (issue 12): the environments an application runs in (Development, QA, Production).
-- A group belongs to exactly one stage, chosen at creation and never changed; a direct grant is
-- made in one stage; effective access is per stage. Existing data moves to the default stage.
CREATE TABLE "Stage" (
    "id" UUID NOT NULL,
    "key" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "description" TEXT NOT NULL DEFAULT '',
    "position" INTEGER NOT NULL,
    "isDefault" BOOLEAN NOT NULL DEFAULT false,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "Stage_pkey" PRIMARY KEY ("id")
);
CREATE UNIQUE INDEX "Stage_key_key" ON "Stage"("key");
CREATE INDEX "Stage_position_id_idx" ON "Stage"("position", "id");

INSERT INTO "Stage" ("id", "key", "name", "description", "position", "isDefault", "updatedAt")
VALUES (gen_random_uuid(), 'production', 'Production', 'Where the applications serve their users.', 0, true, CURRENT_TIMESTAMP);

-- The default stage, as a column default: code that creates a group or a direct grant without
-- naming a stage (SCIM, older callers) puts it in the default stage.
CREATE FUNCTION "default_stage_id"() RETURNS uuid LANGUAGE sql STABLE AS
$$ SELECT "id" FROM "Stage" WHERE "isDefault" ORDER BY "position", "id" LIMIT 1 $$;

-- Groups: one stage each, for ever; names are unique within a stage.
ALTER TABLE "Group" ADD COLUMN "stageId" UUID NOT NULL DEFAULT default_stage_id();
DROP INDEX "Group_nameKey_key";
CREATE UNIQUE INDEX "Group_stageId_nameKey_key" ON "Group"("stageId", "nameKey");
CREATE INDEX "Group_nameKey_id_idx" ON "Group"("nameKey", "id");
ALTER TABLE "Group" ADD CONSTRAINT "Group_stageId_fkey" FOREIGN KEY ("stageId") REFERENCES "Stage"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- "Once you choose a stage, you can't change it": enforced by the database, whatever the caller.
CREATE FUNCTION "group_stage_immutable"() RETURNS trigger LANGUAGE plpgsql AS
$$ BEGIN
  IF NEW."stageId" IS DISTINCT FROM OLD."stageId" THEN
    RAISE EXCEPTION 'The stage of a group cannot be changed.' USING ERRCODE = 'check_violation';
  END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER "Group_stage_immutable" BEFORE UPDATE OF "stageId" ON "Group"
  FOR EACH ROW EXECUTE FUNCTION "group_stage_immutable"();

-- Direct grants: one row per (user, role, stage).
ALTER TABLE "DirectGrant" ADD COLUMN "stageId" UUID NOT NULL DEFAULT default_stage_id();
ALTER TABLE "DirectGrant" DROP CONSTRAINT "DirectGrant_pkey";
ALTER TABLE "DirectGrant" ADD CONSTRAINT "DirectGrant_pkey" PRIMARY KEY ("userId", "roleId", "stageId");
CREATE INDEX "DirectGrant_stageId_idx" ON "DirectGrant"("stageId");
ALTER TABLE "DirectGrant" ADD CONSTRAINT "DirectGrant_stageId_fkey" FOREIGN KEY ("stageId") REFERENCES "Stage"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- The audit log records the stage of each grant, group and membership change (a snapshot, like the rest).
ALTER TABLE "AuditEvent" ADD COLUMN "stageId" TEXT, ADD COLUMN "stageName" TEXT;

-- The one definition of effective access gains the stage: a direct grant's own, a group's for
-- what the group gives. Consumers filter by "stageId"; PostgreSQL pushes it into both branches.
CREATE OR REPLACE VIEW "EffectiveGrant" AS
  SELECT d."userId", d."roleId", NULL::uuid AS "groupId", d."stageId"
  FROM "DirectGrant" d
  UNION ALL
  SELECT m."userId", gr."roleId", m."groupId", g."stageId"
  FROM "Membership" m
  JOIN "GroupRole" gr ON gr."groupId" = m."groupId"
  JOIN "Group" g ON g."id" = m."groupId";
