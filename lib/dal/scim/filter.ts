import "server-only";
import { parse as parseFilter, type Filter } from "scim2-parse-filter";
import { Prisma } from "@/lib/generated/prisma/client";
import { ENTERPRISE_SCHEMA, GROUP_SCHEMA, USER_SCHEMA } from "@/lib/scim/constants";
import { scimInvalid } from "@/lib/scim/errors";
import { escapeLike } from "../groups";

/**
 * SCIM filters (RFC 7644 3.4.2.2) to a parametrised SQL condition. scim2-parse-filter parses;
 * this walks its tree over an attribute map, so a filter runs in PostgreSQL (with the indexes
 * of the users list) and never loads users into memory. Values are always parameters.
 */
type ValueType = "string" | "boolean" | "dateTime" | "uuid";
interface Column {
  sql: Prisma.Sql;
  type: ValueType;
  /** caseExact false (RFC 7643 2.2): compared lower-cased. */
  caseInsensitive?: boolean;
  /** The column already holds lower-cased text, so `col = lower($1)` can use its index. */
  storedLower?: boolean;
  /** Multi-valued attributes of another table: the condition is wrapped in EXISTS (…). */
  within?: (condition: Prisma.Sql) => Prisma.Sql;
}
export type AttributeMap = (path: string) => Column | undefined;

const json = (path: string[]) => Prisma.sql`(u."scimAttributes" #>> ${path}::text[])`;

export const USER_ATTRIBUTES: AttributeMap = (path) => {
  const membership = (condition: Prisma.Sql) =>
    Prisma.sql`EXISTS (SELECT 1 FROM "Membership" m JOIN "Group" g ON g."id" = m."groupId" WHERE m."userId" = u."id" AND ${condition})`;
  switch (path) {
    case "id":
      return { sql: Prisma.sql`u."id"`, type: "uuid" };
    case "username":
      return { sql: Prisma.sql`u."username"`, type: "string", caseInsensitive: true, storedLower: true };
    case "displayname":
    case "name.formatted":
      return { sql: Prisma.sql`u."displayName"`, type: "string", caseInsensitive: true };
    case "emails":
    case "emails.value":
      return { sql: Prisma.sql`u."email"`, type: "string", caseInsensitive: true, storedLower: true };
    case "emails.type":
      return { sql: Prisma.sql`'work'::text`, type: "string", caseInsensitive: true };
    case "emails.primary":
      return { sql: Prisma.sql`TRUE`, type: "boolean" };
    case "active":
      return { sql: Prisma.sql`(u."status" = 'ACTIVE')`, type: "boolean" };
    case "externalid":
      return { sql: Prisma.sql`u."externalId"`, type: "string" };
    case "meta.created":
      return { sql: Prisma.sql`u."createdAt"`, type: "dateTime" };
    case "meta.lastmodified":
      return { sql: Prisma.sql`u."updatedAt"`, type: "dateTime" };
    case "meta.resourcetype":
      return { sql: Prisma.sql`'User'::text`, type: "string" };
    case "groups":
    case "groups.value":
      return { sql: Prisma.sql`g."id"`, type: "uuid", within: membership };
    case "groups.display":
      return { sql: Prisma.sql`g."name"`, type: "string", caseInsensitive: true, within: membership };
  }
  const [first, second, ...rest] = path.split(".");
  const simple = ["nickname", "title", "usertype", "preferredlanguage", "locale", "timezone", "profileurl"];
  if (first === "name" && second && rest.length === 0 && NAME_PARTS[second]) {
    return { sql: json(["name", NAME_PARTS[second]]), type: "string", caseInsensitive: true };
  }
  if (first && second === undefined && simple.includes(first)) {
    return { sql: json([SIMPLE[first]!]), type: "string", caseInsensitive: true };
  }
  const enterprise = `${ENTERPRISE_SCHEMA.toLowerCase()}:`;
  if (path.startsWith(enterprise)) {
    const attribute = path.slice(enterprise.length);
    const known = ENTERPRISE_ATTRIBUTES[attribute];
    if (known) return { sql: json([ENTERPRISE_SCHEMA, ...known]), type: "string", caseInsensitive: true };
  }
  return undefined;
};

const NAME_PARTS: Record<string, string> = {
  givenname: "givenName",
  familyname: "familyName",
  middlename: "middleName",
  honorificprefix: "honorificPrefix",
  honorificsuffix: "honorificSuffix",
};
const SIMPLE: Record<string, string> = {
  nickname: "nickName",
  title: "title",
  usertype: "userType",
  preferredlanguage: "preferredLanguage",
  locale: "locale",
  timezone: "timezone",
  profileurl: "profileUrl",
};
const ENTERPRISE_ATTRIBUTES: Record<string, string[]> = {
  employeenumber: ["employeeNumber"],
  costcenter: ["costCenter"],
  organization: ["organization"],
  division: ["division"],
  department: ["department"],
  manager: ["manager", "value"],
  "manager.value": ["manager", "value"],
  "manager.displayname": ["manager", "displayName"],
};

export const GROUP_ATTRIBUTES: AttributeMap = (path) => {
  const membership = (condition: Prisma.Sql) =>
    Prisma.sql`EXISTS (SELECT 1 FROM "Membership" m JOIN "User" mu ON mu."id" = m."userId" WHERE m."groupId" = g."id" AND ${condition})`;
  switch (path) {
    case "id":
      return { sql: Prisma.sql`g."id"`, type: "uuid" };
    case "displayname":
      return { sql: Prisma.sql`g."nameKey"`, type: "string", caseInsensitive: true, storedLower: true };
    case "externalid":
      return { sql: Prisma.sql`g."externalId"`, type: "string" };
    case "meta.created":
      return { sql: Prisma.sql`g."createdAt"`, type: "dateTime" };
    case "meta.lastmodified":
      return { sql: Prisma.sql`g."updatedAt"`, type: "dateTime" };
    case "meta.resourcetype":
      return { sql: Prisma.sql`'Group'::text`, type: "string" };
    case "members":
    case "members.value":
      return { sql: Prisma.sql`m."userId"`, type: "uuid", within: membership };
    case "members.display":
      return {
        sql: Prisma.sql`mu."username"`,
        type: "string",
        caseInsensitive: true,
        storedLower: true,
        within: membership,
      };
  }
  return undefined;
};

/** Parses a filter string and translates it; a bad filter is a 400 `invalidFilter`. */
export function filterToSql(filter: string | null, attributes: AttributeMap, coreSchema: string): Prisma.Sql {
  const tree = parseTree(filter);
  return tree ? translate(tree, attributes, coreSchema, "", 0) : Prisma.sql`TRUE`;
}

function parseTree(filter: string | null): Filter | null {
  if (!filter || filter.trim() === "") return null;
  if (filter.length > 10_000) throw scimInvalid("The filter is too long.", "invalidFilter");
  let tree: Filter;
  try {
    tree = parseFilter(filter);
  } catch {
    throw scimInvalid(
      `The filter ${JSON.stringify(filter.slice(0, 200))} is not valid SCIM filter syntax.`,
      "invalidFilter",
    );
  }
  return tree;
}

export const userFilter = (filter: string | null) => filterToSql(filter, USER_ATTRIBUTES, USER_SCHEMA);
export const groupFilter = (filter: string | null) => filterToSql(filter, GROUP_ATTRIBUTES, GROUP_SCHEMA);

/**
 * A filter over several resource types at once (a search at the server root, RFC 7644 3.4.3):
 * an attribute one type lacks is absent from its resources (compares as SQL NULL: `eq` matches
 * none, `not (… eq …)` all, `pr` none); an attribute no type has is a 400 `invalidFilter`.
 */
export function filtersAcross(
  filter: string | null,
  types: readonly { attributes: AttributeMap; coreSchema: string }[],
): Prisma.Sql[] {
  const tree = parseTree(filter);
  if (!tree) return types.map(() => Prisma.sql`TRUE`);
  const missing = types.map(() => new Set<string>());
  const conditions = types.map(({ attributes, coreSchema }, index) =>
    translate(tree, attributes, coreSchema, "", 0, missing[index]),
  );
  for (const path of missing[0] ?? []) {
    if (missing.every((set) => set.has(path))) {
      throw scimInvalid(`Filtering on ${path} is not supported.`, "invalidFilter");
    }
  }
  return conditions;
}

function translate(
  f: Filter,
  attributes: AttributeMap,
  core: string,
  prefix: string,
  depth: number,
  missing?: Set<string>,
): Prisma.Sql {
  if (depth > 50) throw scimInvalid("The filter is nested too deeply.", "invalidFilter");
  switch (f.op) {
    case "and":
    case "or": {
      const parts = f.filters.map((part) => translate(part, attributes, core, prefix, depth + 1, missing));
      return Prisma.sql`(${Prisma.join(parts, f.op === "and" ? " AND " : " OR ")})`;
    }
    case "not":
      return Prisma.sql`(NOT COALESCE(${translate(f.filter, attributes, core, prefix, depth + 1, missing)}, FALSE))`;
    case "[]":
      return translate(f.valFilter, attributes, core, `${prefix}${f.attrPath}.`, depth + 1, missing);
    default: {
      const name = normalisePath(`${prefix}${f.attrPath}`, core);
      const column = attributes(name);
      if (!column && missing) {
        missing.add(`${prefix}${f.attrPath}`);
        return f.op === "pr" ? Prisma.sql`FALSE` : Prisma.sql`NULL::boolean`;
      }
      if (!column) throw scimInvalid(`Filtering on ${prefix}${f.attrPath} is not supported.`, "invalidFilter");
      const condition = f.op === "pr" ? present(column) : compare(column, f.op, f.compValue, f.attrPath);
      return column.within ? column.within(condition) : condition;
    }
  }
}

/** Lower-cases a path and drops the core schema's URN prefix (`urn:…:core:2.0:User:userName`). */
function normalisePath(path: string, core: string): string {
  const lower = path.toLowerCase();
  const corePrefix = `${core.toLowerCase()}:`;
  return lower.startsWith(corePrefix) ? lower.slice(corePrefix.length) : lower;
}

function present(column: Column): Prisma.Sql {
  if (column.type === "string") return Prisma.sql`(${column.sql} IS NOT NULL AND ${column.sql} <> '')`;
  return Prisma.sql`(${column.sql} IS NOT NULL)`;
}

const OPERATORS = { eq: "=", ne: "<>", gt: ">", ge: ">=", lt: "<", le: "<=" } as const;

function compare(column: Column, op: string, value: unknown, attribute: string): Prisma.Sql {
  if (column.type === "boolean") {
    if (typeof value !== "boolean")
      throw scimInvalid(`${attribute} is a boolean: compare it with true or false.`, "invalidFilter");
    if (op !== "eq" && op !== "ne") throw scimInvalid(`${attribute} is a boolean: use eq or ne.`, "invalidFilter");
    return op === "eq" ? Prisma.sql`(${column.sql} = ${value})` : Prisma.sql`(${column.sql} IS DISTINCT FROM ${value})`;
  }
  if (value === null) {
    if (op === "eq") return Prisma.sql`(${column.sql} IS NULL)`;
    if (op === "ne") return Prisma.sql`(${column.sql} IS NOT NULL)`;
  }
  if (typeof value !== "string") throw scimInvalid(`Compare ${attribute} with a string.`, "invalidFilter");
  if (column.type === "uuid") {
    // Ids are uuids: anything else matches nothing (and is not an error, as with any unknown id).
    if (op !== "eq" && op !== "ne") throw scimInvalid(`${attribute} is an id: use eq or ne.`, "invalidFilter");
    const isId = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(value);
    if (op === "eq") return isId ? Prisma.sql`(${column.sql} = ${value}::uuid)` : Prisma.sql`FALSE`;
    return isId ? Prisma.sql`(${column.sql} IS DISTINCT FROM ${value}::uuid)` : Prisma.sql`TRUE`;
  }
  if (column.type === "dateTime") {
    const at = new Date(value);
    if (Number.isNaN(at.getTime()) || !(op in OPERATORS)) {
      throw scimInvalid(
        `${attribute} is a date-time: compare it with eq, ne, gt, ge, lt or le and an ISO 8601 time.`,
        "invalidFilter",
      );
    }
    return Prisma.sql`(${column.sql} ${Prisma.raw(OPERATORS[op as keyof typeof OPERATORS])} ${at})`;
  }
  const ci = column.caseInsensitive;
  const left = ci && !column.storedLower ? Prisma.sql`lower(${column.sql})` : column.sql;
  const right = ci ? value.toLowerCase() : value;
  switch (op) {
    case "eq":
      return Prisma.sql`(${left} = ${right})`;
    case "ne":
      return Prisma.sql`(${left} IS DISTINCT FROM ${right})`;
    case "co":
      return Prisma.sql`(${left} LIKE ${`%${escapeLike(right)}%`})`;
    case "sw":
      return Prisma.sql`(${left} LIKE ${`${escapeLike(right)}%`})`;
    case "ew":
      return Prisma.sql`(${left} LIKE ${`%${escapeLike(right)}`})`;
    case "gt":
    case "ge":
    case "lt":
    case "le":
      return Prisma.sql`(${left} ${Prisma.raw(OPERATORS[op])} ${right} COLLATE "C")`;
  }
  throw scimInvalid(`Unknown operator ${op}.`, "invalidFilter");
}

/**
 * `sortBy` (RFC 7644 3.4.2.3) to an ORDER BY key: any single-valued attribute the filter knows
 * (a multi-valued one sorts by its primary value: a user's one email), strings case-insensitively
 * in the database's collation, resources without a value last when ascending and first when
 * descending, as the RFC says. `groups` and `members` do not sort: a 400 `invalidValue` (the RFC
 * lets a server ignore what it cannot sort by, but a silently unsorted page is worse to debug).
 */
export interface SortKey {
  sql: Prisma.Sql;
  type: ValueType;
}

export function sortKey(path: string, attributes: AttributeMap, core: string): SortKey | undefined {
  const column = attributes(normalisePath(path, core));
  if (!column || column.within) return undefined;
  const sql = column.caseInsensitive && !column.storedLower ? Prisma.sql`lower(${column.sql})` : column.sql;
  return { sql, type: column.type };
}

export function unsortable(path: string, examples: string): never {
  throw scimInvalid(
    `Sorting by ${JSON.stringify(path.slice(0, 200))} is not supported. Sort by a single-valued attribute such as ${examples}.`,
  );
}

/** `ORDER BY` of a sort key, ties broken by `tieBreak` (the id) so that pages never overlap. */
export function orderBy(key: Prisma.Sql, descending: boolean, tieBreak: Prisma.Sql): Prisma.Sql {
  return descending ? Prisma.sql`${key} DESC NULLS FIRST, ${tieBreak}` : Prisma.sql`${key} ASC NULLS LAST, ${tieBreak}`;
}

export const SQL_TYPES: Record<ValueType, string> = {
  string: "text",
  boolean: "boolean",
  dateTime: "timestamptz",
  uuid: "uuid",
};

export const USER_SORT_EXAMPLES = "userName, displayName, name.familyName, emails.value, externalId or meta.created";
export const GROUP_SORT_EXAMPLES = "displayName, externalId, meta.created or meta.lastModified";

export function userOrder(sort: { by: string; descending: boolean } | null): Prisma.Sql {
  if (!sort) return Prisma.sql`u."username"`;
  const key = sortKey(sort.by, USER_ATTRIBUTES, USER_SCHEMA) ?? unsortable(sort.by, USER_SORT_EXAMPLES);
  return orderBy(key.sql, sort.descending, Prisma.sql`u."id"`);
}

export function groupOrder(sort: { by: string; descending: boolean } | null): Prisma.Sql {
  if (!sort) return Prisma.sql`g."nameKey", g."id"`;
  const key = sortKey(sort.by, GROUP_ATTRIBUTES, GROUP_SCHEMA) ?? unsortable(sort.by, GROUP_SORT_EXAMPLES);
  return orderBy(key.sql, sort.descending, Prisma.sql`g."id"`);
}
