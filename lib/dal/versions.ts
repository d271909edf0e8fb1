import "server-only";
import { Prisma } from "@/lib/generated/prisma/client";
import { isUuid } from "./actor";
import { db, type Tx } from "./db";

export type VersionedKind = "user" | "group" | "role" | "application";
const TABLES: Record<VersionedKind, Prisma.Sql> = {
  user: Prisma.sql`"User"`,
  group: Prisma.sql`"Group"`,
  role: Prisma.sql`"Role"`,
  application: Prisma.sql`"Application"`,
};

/**
 * The version of a resource for ETag / If-Match: its last change (updatedAt, to the millisecond).
 * Null when it does not exist. Read inside a write's transaction, under its lock, for If-Match.
 * Authorization is the caller's (the API checks the permission before reading a version).
 */
export async function resourceVersion(kind: VersionedKind, id: string, client: Tx = db): Promise<string | null> {
  if (!isUuid(id)) return null;
  const [row] = await client.$queryRaw<{ updatedAt: Date }[]>`
    SELECT "updatedAt" FROM ${TABLES[kind]} WHERE "id" = ${id}::uuid`;
  return row ? versionOf(row.updatedAt) : null;
}

/** The ETag of a resource last changed at this time. */
export function versionOf(updatedAt: Date): string {
  return `"${updatedAt.getTime().toString(36)}"`;
}
