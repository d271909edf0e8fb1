-- SCIM's sortBy=displayName orders users by lower("displayName") (case-insensitive, as SCIM says
-- the attribute is). Without an index on that expression every such page sorted all users: 49.6 ms
-- at 100k users for startIndex=1001 (bench/results.md, 2026-11-26 02:47). Scanned in either
-- direction, this index gives the order at once; ties (same name) are sorted by id on the fly.
-- An expression index, which schema.prisma cannot express; the drift check leaves it alone.
CREATE INDEX "User_lower_displayName_idx" ON "User" (lower("displayName"));
