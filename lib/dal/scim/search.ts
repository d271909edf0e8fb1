import "server-only";
import { Prisma } from "@/lib/generated/prisma/client";
import { GROUP_SCHEMA, USER_SCHEMA } from "@/lib/scim/constants";
import type { ScimSort } from "@/lib/scim/query";
import { authorize, can, type Actor } from "../actor";
import { db } from "../db";
import {
  GROUP_ATTRIBUTES,
  SQL_TYPES,
  USER_ATTRIBUTES,
  filtersAcross,
  orderBy,
  sortKey,
  unsortable,
  type SortKey,
} from "./filter";
import { scimGroupsByIds, type ScimGroup } from "./groups";
import { scimUsersByIds, type ScimUser } from "./users";

export type ScimSearchHit = { resourceType: "User"; user: ScimUser } | { resourceType: "Group"; group: ScimGroup };

const TYPES = [
  { resourceType: "User", permission: "users:read", attributes: USER_ATTRIBUTES, coreSchema: USER_SCHEMA },
  { resourceType: "Group", permission: "groups:read", attributes: GROUP_ATTRIBUTES, coreSchema: GROUP_SCHEMA },
] as const;

/**
 * POST /.search at the server root (RFC 7644 3.4.3): users and groups in one list, filtered,
 * sorted and paged in PostgreSQL (one UNION ALL of ids, then the page's resources by id).
 * The resources are those of the types the token may read: users with users:read, groups with
 * groups:read; with neither, FORBIDDEN. Without `sortBy`, users come first (by userName), then
 * groups (by displayName).
 */
export async function scimSearchAll(
  actor: Actor,
  query: {
    filter: string | null;
    sort: ScimSort | null;
    startIndex: number;
    count: number;
    withGroups: boolean;
    withMembers: boolean;
  },
): Promise<{ totalResults: number; hits: ScimSearchHit[] }> {
  const types = TYPES.filter((type) => can(actor, type.permission));
  if (types.length === 0) authorize(actor, "users:read");
  // Filter and sort translate against both types, whatever the token reads: the same request is
  // valid or not whoever sends it.
  const [userWhere, groupWhere] = filtersAcross(query.filter, TYPES) as [Prisma.Sql, Prisma.Sql];
  const keys = TYPES.map((type) => (query.sort ? sortKey(query.sort.by, type.attributes, type.coreSchema) : null));
  if (query.sort && keys.every((key) => !key)) {
    unsortable(query.sort.by, "userName, displayName, externalId, meta.created or meta.lastModified");
  }
  const known = keys.find((key): key is SortKey => !!key);
  const keyOf = (index: number, fallback: Prisma.Sql) => {
    if (!query.sort) return fallback;
    const key = keys[index];
    if (key && known && key.type === known.type) return key.sql;
    return Prisma.sql`NULL::${Prisma.raw(SQL_TYPES[known!.type])}`;
  };
  const selects: Prisma.Sql[] = [];
  const counts: Prisma.Sql[] = [];
  for (const type of types) {
    if (type.resourceType === "User") {
      selects.push(Prisma.sql`SELECT 1 AS "rank", u."id", ${keyOf(0, Prisma.sql`u."username"`)} AS "key"
        FROM "User" u WHERE ${userWhere}`);
      counts.push(Prisma.sql`(SELECT count(*) FROM "User" u WHERE ${userWhere})`);
    } else {
      selects.push(Prisma.sql`SELECT 2 AS "rank", g."id", ${keyOf(1, Prisma.sql`g."nameKey"`)} AS "key"
        FROM "Group" g WHERE ${groupWhere}`);
      counts.push(Prisma.sql`(SELECT count(*) FROM "Group" g WHERE ${groupWhere})`);
    }
  }
  const order = query.sort
    ? orderBy(Prisma.sql`r."key"`, query.sort.descending, Prisma.sql`r."id"`)
    : Prisma.sql`r."rank", r."key", r."id"`;
  const [page, [count]] = await Promise.all([
    query.count === 0
      ? Promise.resolve([] as { rank: number; id: string }[])
      : db.$queryRaw<{ rank: number; id: string }[]>`
          SELECT r."rank", r."id" FROM (${Prisma.join(selects, " UNION ALL ")}) r
          ORDER BY ${order} LIMIT ${query.count} OFFSET ${query.startIndex - 1}`,
    db.$queryRaw<{ total: bigint }[]>`SELECT ${Prisma.join(counts, " + ")} AS total`,
  ]);
  const userIds = page.filter((row) => row.rank === 1).map((row) => row.id);
  const groupIds = page.filter((row) => row.rank === 2).map((row) => row.id);
  const [users, groups] = await Promise.all([
    userIds.length ? scimUsersByIds(actor, userIds, query.withGroups) : [],
    groupIds.length ? scimGroupsByIds(actor, groupIds, query.withMembers) : [],
  ]);
  const userById = new Map(users.map((user) => [user.id, user]));
  const groupById = new Map(groups.map((group) => [group.id, group]));
  const hits: ScimSearchHit[] = [];
  for (const row of page) {
    // A resource deleted between the two statements is left out of the page.
    const user = row.rank === 1 ? userById.get(row.id) : undefined;
    const group = row.rank === 2 ? groupById.get(row.id) : undefined;
    if (user) hits.push({ resourceType: "User", user });
    if (group) hits.push({ resourceType: "Group", group });
  }
  return { totalResults: Number(count?.total ?? 0), hits };
}
