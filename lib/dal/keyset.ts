import "server-only";
import { Prisma } from "@/lib/generated/prisma/client";

/**
 * Keyset ("seek") paging: a page starts after, or ends before, the sort key of a row the user saw,
 * so the last page of 100k rows costs what the first does (an index range scan of one page),
 * where OFFSET would walk every skipped row. The position lives in one URL parameter:
 *   (absent) first page · `last` last page · `n.<token>` the page after a row · `p.<token>` the page before it.
 * A token is the row's sort key (base64url JSON); a malformed one reads as the first page.
 */
export type Position = { kind: "first" } | { kind: "last" } | { kind: "after" | "before"; values: string[] };

export interface SortKey<Row> {
  /** The column or expression, as it appears in the ORDER BY of the page query. */
  sql: Prisma.Sql;
  /** The PostgreSQL type the cursor value is cast to. */
  type: "text" | "uuid" | "timestamptz" | "bigint";
  desc?: boolean;
  of: (row: Row) => string | number | bigint | Date;
}

export interface KeysetPage<T> {
  items: T[];
  total: number;
  pageSize: number;
  /** Position of the next page (`n.…`), or null on the last page. */
  next: string | null;
  /** Position of the previous page (`p.…`), or null on the first page. */
  prev: string | null;
}

export function parsePosition(raw: unknown, keyCount: number): Position {
  if (raw === "last") return { kind: "last" };
  if (typeof raw !== "string" || raw.length > 1000) return { kind: "first" };
  const match = /^([np])\.([A-Za-z0-9_-]+)$/.exec(raw);
  if (!match) return { kind: "first" };
  try {
    const values: unknown = JSON.parse(Buffer.from(match[2]!, "base64url").toString("utf8"));
    if (!Array.isArray(values) || values.length !== keyCount || !values.every((v) => typeof v === "string")) {
      return { kind: "first" };
    }
    return { kind: match[1] === "n" ? "after" : "before", values: values as string[] };
  } catch {
    return { kind: "first" };
  }
}

function token<Row>(keys: SortKey<Row>[], row: Row) {
  const values = keys.map((key) => {
    const value = key.of(row);
    return value instanceof Date ? value.toISOString() : String(value);
  });
  return Buffer.from(JSON.stringify(values), "utf8").toString("base64url");
}

const isValid = (type: SortKey<unknown>["type"], value: string) =>
  type === "uuid"
    ? /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(value)
    : type === "bigint"
      ? /^-?\d{1,18}$/.test(value)
      : type === "timestamptz"
        ? /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/.test(value) && !Number.isNaN(Date.parse(value))
        : true;

/**
 * The WHERE condition "after the cursor" in the walking direction. All keys in one direction
 * become a row comparison, which a composite index serves as one range; mixed directions
 * (count DESC, name ASC) expand to the OR form.
 */
function seek<Row>(keys: SortKey<Row>[], values: string[], backward: boolean): Prisma.Sql {
  const cast = keys.map((key, i) => Prisma.sql`${values[i]}::${Prisma.raw(key.type)}`);
  const greater = (key: SortKey<Row>) => (key.desc ?? false) === backward;
  if (keys.every((key) => greater(key) === greater(keys[0]!))) {
    const op = Prisma.raw(greater(keys[0]!) ? ">" : "<");
    return Prisma.sql`(${Prisma.join(keys.map((k) => k.sql))}) ${op} (${Prisma.join(cast)})`;
  }
  const branches = keys.map((key, i) => {
    const equal = keys.slice(0, i).map((k, j) => Prisma.sql`${k.sql} = ${cast[j]!}`);
    const step = Prisma.sql`${key.sql} ${Prisma.raw(greater(key) ? ">" : "<")} ${cast[i]!}`;
    return Prisma.sql`(${Prisma.join([...equal, step], " AND ")})`;
  });
  return Prisma.sql`(${Prisma.join(branches, " OR ")})`;
}

function orderBy<Row>(keys: SortKey<Row>[], backward: boolean) {
  return Prisma.join(
    keys.map((key) => Prisma.sql`${key.sql} ${Prisma.raw((key.desc ?? false) !== backward ? "DESC" : "ASC")}`),
  );
}

/**
 * Reads one page. `query` receives the seek condition (to AND into its WHERE), the ORDER BY and
 * the LIMIT; it must select whatever `keys[].of` reads. `count` runs alongside.
 */
export async function keysetPage<Row>(options: {
  position: Position;
  pageSize: number;
  keys: SortKey<Row>[];
  query: (seek: Prisma.Sql, order: Prisma.Sql, limit: number) => Promise<Row[]>;
  count: () => Promise<number>;
}): Promise<KeysetPage<Row>> {
  const { keys, pageSize, count } = options;
  let position = options.position;
  if (position.kind !== "first" && position.kind !== "last") {
    const values = position.values;
    if (!keys.every((key, i) => isValid(key.type, values[i]!))) position = { kind: "first" };
  }
  const backward = position.kind === "before" || position.kind === "last";
  const condition =
    position.kind === "after" || position.kind === "before" ? seek(keys, position.values, backward) : Prisma.sql`TRUE`;
  const [rows, total] = await Promise.all([options.query(condition, orderBy(keys, backward), pageSize + 1), count()]);
  const more = rows.length > pageSize;
  const page = rows.slice(0, pageSize);
  if (position.kind === "before" && !more) {
    // Walking back reached the start: show a full first page rather than a short one.
    return keysetPage({ ...options, position: { kind: "first" } });
  }
  if (backward) page.reverse();
  const first = page[0];
  const last = page.at(-1);
  const hasNext = backward ? position.kind === "before" : more;
  const hasPrev = backward ? more : position.kind === "after";
  return {
    items: page,
    total,
    pageSize,
    next: hasNext && last !== undefined ? `n.${token(keys, last)}` : null,
    prev: hasPrev && first !== undefined ? `p.${token(keys, first)}` : null,
  };
}
