-- Indexes for the hot list and history queries (issue 11). `npm run bench` prints the EXPLAIN of each.
-- pg_trgm ships with PostgreSQL (contrib; the embedded PostgreSQL 17 and hosted services carry it).
CREATE EXTENSION IF NOT EXISTS pg_trgm;

-- "Recent history" of a user or group: the latest events whose targetId OR relatedId is the id.
-- No single index serves an OR; lib/dal/audit-log.ts reads it as a UNION of two scans, each
-- walking one of these indexes backwards from the newest id and stopping after N rows.
-- (targetId, id) replaces nothing: (targetType, targetId, at) serves the audit log's type filter.
-- (relatedId, id) replaces (relatedId, at), which ordered by the wrong column for this read.
DROP INDEX "AuditEvent_relatedId_at_idx";
CREATE INDEX "AuditEvent_targetId_id_idx" ON "AuditEvent"("targetId", "id");
CREATE INDEX "AuditEvent_relatedId_id_idx" ON "AuditEvent"("relatedId", "id");

-- The audit log's actor and target filters are ILIKE '%…%' (contains, any case): a btree cannot
-- serve a leading wildcard, a trigram GIN index can (bitmap scan of the matching events).
CREATE INDEX "AuditEvent_actorName_trgm_idx" ON "AuditEvent" USING GIN ("actorName" gin_trgm_ops);
CREATE INDEX "AuditEvent_targetName_trgm_idx" ON "AuditEvent" USING GIN ("targetName" gin_trgm_ops);
CREATE INDEX "AuditEvent_relatedName_trgm_idx" ON "AuditEvent" USING GIN ("relatedName" gin_trgm_ops);

-- The groups list sorted by creation: keyset (createdAt, id) is one range of this index.
CREATE INDEX "Group_createdAt_id_idx" ON "Group"("createdAt", "id");

-- Contains-searches of the groups list (nameKey LIKE '%…%'), the users list and the member search
-- (username / email / lower(displayName) LIKE '%…%'; usernames and emails are stored lower-case):
-- trigram GIN indexes. The displayName one is an expression index, which schema.prisma cannot
-- express and its drift check leaves alone (`node scripts/db-check.mjs` stays green); lower() + LIKE
-- also costs less per row than ILIKE when the planner scans.
CREATE INDEX "Group_nameKey_trgm_idx" ON "Group" USING GIN ("nameKey" gin_trgm_ops);
CREATE INDEX "User_username_trgm_idx" ON "User" USING GIN ("username" gin_trgm_ops);
CREATE INDEX "User_email_trgm_idx" ON "User" USING GIN ("email" gin_trgm_ops);
CREATE INDEX "User_displayName_trgm_idx" ON "User" USING GIN (lower("displayName") gin_trgm_ops);

-- Membership by group and by user need nothing new: the primary key (groupId, userId) serves a
-- group's members (and their count, index-only), Membership_userId_groupId_idx a user's groups.
