import "server-only";
import { Prisma } from "@/lib/generated/prisma/client";
import { auditFilterSchema, type AuditFilterInput } from "@/lib/schemas/audit";
import { authorize, isUuid, type Actor } from "./actor";
import { AUDIT_ACTIONS, type AuditTargetType } from "./audit";
import { db } from "./db";
import { escapeLike } from "./groups";
import { parse } from "./parse";

export interface AuditEventDto {
  id: string;
  at: Date;
  actorId: string | null;
  actorName: string;
  action: string;
  targetType: AuditTargetType;
  targetId: string;
  targetName: string;
  relatedId: string | null;
  relatedName: string | null;
  /** The stage of a grant, group or membership change (a snapshot). */
  stageName: string | null;
  summary: string;
}
export interface AuditPage {
  items: AuditEventDto[];
  /** Cursor for the next (older) page, if any. */
  nextBefore: string | null;
}

type AuditRow = Omit<AuditEventDto, "id"> & { id: bigint };

const toDto = (row: AuditRow): AuditEventDto => ({
  ...row,
  id: row.id.toString(),
  targetType: row.targetType as AuditTargetType,
});

/** Newest first, keyset-paginated on the event id (monotonic), filtered in the database. */
export async function listAuditEvents(actor: Actor, input: AuditFilterInput): Promise<AuditPage> {
  authorize(actor, "audit:read");
  const filter = parse(auditFilterSchema, input);
  // One hand-written statement: the contains-filters use the trigram indexes of migration
  // 20261125160000_list_indexes, and bench/lists.ts measures it against the same SQL.
  const where: Prisma.Sql[] = [];
  const contains = (text: string) => `%${escapeLike(text)}%`;
  if (filter.actor) where.push(Prisma.sql`"actorName" ILIKE ${contains(filter.actor)}`);
  if (filter.target) {
    const pattern = contains(filter.target);
    where.push(Prisma.sql`("targetName" ILIKE ${pattern} OR "relatedName" ILIKE ${pattern})`);
  }
  if (filter.targetType) where.push(Prisma.sql`"targetType" = ${filter.targetType}`);
  if (filter.action && Object.hasOwn(AUDIT_ACTIONS, filter.action)) where.push(Prisma.sql`"action" = ${filter.action}`);
  if (filter.from) where.push(Prisma.sql`"at" >= ${filter.from}`);
  if (filter.to) where.push(Prisma.sql`"at" <= ${endOfDayIfDate(filter.to)}`);
  if (filter.before) where.push(Prisma.sql`"id" < ${BigInt(filter.before)}`);
  const rows = await db.$queryRaw<AuditRow[]>`
    SELECT "id", "at", "actorId", "actorName", "action", "targetType", "targetId", "targetName",
      "relatedId", "relatedName", "stageName", "summary"
    FROM "AuditEvent" WHERE ${where.length > 0 ? Prisma.join(where, " AND ") : Prisma.sql`TRUE`}
    ORDER BY "id" DESC LIMIT ${filter.pageSize + 1}`;
  const items = rows.slice(0, filter.pageSize).map(toDto);
  return { items, nextBefore: rows.length > filter.pageSize ? (items.at(-1)?.id ?? null) : null };
}

/**
 * The latest events about one user, group, role or application (as target or as the related user).
 * An OR of the two columns would scan the log; each branch of the UNION walks its own index
 * (targetId, id) or (relatedId, id) from the newest event and stops after `take` rows.
 */
export async function recentEventsFor(actor: Actor, targetId: string, take = 10): Promise<AuditEventDto[]> {
  authorize(actor, "audit:read");
  if (!isUuid(targetId)) return [];
  const rows = await db.$queryRaw<AuditRow[]>`
    SELECT e."id", e."at", e."actorId", e."actorName", e."action", e."targetType", e."targetId", e."targetName",
      e."relatedId", e."relatedName", e."stageName", e."summary"
    FROM (
      (SELECT "id" FROM "AuditEvent" WHERE "targetId" = ${targetId} ORDER BY "id" DESC LIMIT ${take})
      UNION
      (SELECT "id" FROM "AuditEvent" WHERE "relatedId" = ${targetId} ORDER BY "id" DESC LIMIT ${take})
      ORDER BY "id" DESC LIMIT ${take}
    ) latest JOIN "AuditEvent" e ON e."id" = latest."id"
    ORDER BY e."id" DESC`;
  return rows.map(toDto);
}

/** A bare date ("2026-11-25") as the end of the range means the whole of that day. */
function endOfDayIfDate(date: Date) {
  return date.getUTCHours() === 0 && date.getUTCMinutes() === 0 && date.getUTCSeconds() === 0
    ? new Date(date.getTime() + 24 * 60 * 60 * 1000 - 1)
    : date;
}
