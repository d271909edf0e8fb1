-- One definition of effective access (issue 11): every source of every role a user holds,
-- one row per (user, role, source). "groupId" is NULL for a direct grant. Duplicates are kept
-- (a role held directly and through two groups gives three rows) so callers can list sources;
-- callers that only need the roles take DISTINCT. A plain view: the planner inlines it and
-- pushes "userId" / "roleId" / "groupId" predicates into both branches, so it costs what the
-- hand-written UNION did (index scans on DirectGrant and Membership by user or by group).
CREATE VIEW "EffectiveGrant" AS
  SELECT d."userId", d."roleId", NULL::uuid AS "groupId"
  FROM "DirectGrant" d
  UNION ALL
  SELECT m."userId", gr."roleId", m."groupId"
  FROM "Membership" m
  JOIN "GroupRole" gr ON gr."groupId" = m."groupId";

-- accessVersion was bumped on every access change (seconds for a 100k-member group, holding a row
-- lock on every member) and read by nothing. /api/me* now answer ETag / If-None-Match from a hash of
-- the answer itself, which is exact (it also changes on a rename) and costs writes nothing.
ALTER TABLE "User" DROP COLUMN "accessVersion";
