import { scimUserSchema, type ScimUserInput } from "@/lib/schemas/scim";
import { ENTERPRISE_SCHEMA, USER_SCHEMA } from "./constants";
import { scimInvalid } from "./errors";

/** A Gatehouse user as the SCIM mapping reads it. */
export interface ScimUserRow {
  id: string;
  username: string;
  email: string;
  displayName: string;
  status: string;
  externalId: string | null;
  scimAttributes: unknown;
  createdAt: Date;
  updatedAt: Date;
}

/** Attributes with a column of their own (or computed); every other attribute is kept in `scimAttributes`. */
const MAPPED = new Set([
  "schemas",
  "id",
  "meta",
  "username",
  "displayname",
  "emails",
  "active",
  "externalid",
  "password",
  "groups",
]);

export function version(updatedAt: Date): string {
  return `W/"${updatedAt.getTime().toString(36)}"`;
}

export function toScimUser(row: ScimUserRow, baseUrl: string, groups?: { id: string; name: string }[]) {
  const extra = isObject(row.scimAttributes) ? row.scimAttributes : {};
  const name = isObject(extra.name) ? extra.name : {};
  return {
    schemas: ENTERPRISE_SCHEMA in extra ? [USER_SCHEMA, ENTERPRISE_SCHEMA] : [USER_SCHEMA],
    id: row.id,
    ...(row.externalId ? { externalId: row.externalId } : {}),
    userName: row.username,
    ...extra,
    name: { ...name, formatted: typeof name.formatted === "string" ? name.formatted : row.displayName },
    displayName: row.displayName,
    emails: [{ value: row.email, type: "work", primary: true }],
    active: row.status === "ACTIVE",
    ...(groups
      ? {
          groups: groups.map((g) => ({
            value: g.id,
            display: g.name,
            $ref: `${baseUrl}/Groups/${g.id}`,
            type: "direct",
          })),
        }
      : {}),
    meta: {
      resourceType: "User",
      created: row.createdAt.toISOString(),
      lastModified: row.updatedAt.toISOString(),
      location: `${baseUrl}/Users/${row.id}`,
      version: version(row.updatedAt),
    },
  };
}

/**
 * Reads a SCIM User (POST, PUT, or the result of a PATCH) into what Gatehouse stores. Attribute
 * names are case-insensitive (RFC 7643 2.1). Without a displayName the name parts, then the
 * userName, stand in; the email is the primary one, else the work one, else the first.
 */
export function readScimUser(body: unknown): ScimUserInput & { attributes: Record<string, unknown> } {
  if (!isObject(body)) throw scimInvalid("The request body must be a SCIM User object.", "invalidSyntax");
  const get = (name: string) => body[Object.keys(body).find((key) => key.toLowerCase() === name) ?? ""];
  const attributes: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(body)) {
    if (!MAPPED.has(key.toLowerCase()) && value !== null && value !== undefined) attributes[key] = value;
  }
  normaliseEnterprise(attributes);
  assertStorable(attributes);
  const name = isObject(attributes.name) ? attributes.name : {};
  const fromParts = [name.givenName, name.familyName].filter((part) => typeof part === "string" && part).join(" ");
  const input = {
    userName: get("username"),
    email: primaryEmail(get("emails")),
    displayName: get("displayname") || name.formatted || fromParts || get("username"),
    active: get("active") ?? true,
    externalId: get("externalid") ?? null,
    password: get("password") ?? undefined,
  };
  const parsed = scimUserSchema.safeParse(input);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const field = issue.path[0] === "email" ? "emails" : String(issue.path[0] ?? "");
    throw scimInvalid(field ? `${field}: ${issue.message}` : issue.message);
  }
  return { ...parsed.data, attributes };
}

function primaryEmail(emails: unknown): unknown {
  if (emails === undefined || emails === null) return undefined;
  if (!Array.isArray(emails)) throw scimInvalid("emails must be a list.");
  const values = emails.filter(isObject);
  const chosen =
    values.find((e) => e.primary === true || String(e.primary).toLowerCase() === "true") ??
    values.find((e) => String(e.type).toLowerCase() === "work") ??
    values[0];
  return chosen?.value;
}

/** Entra ID sends the enterprise `manager` as a bare id; RFC 7643 4.3 makes it `{ value }`. */
function normaliseEnterprise(attributes: Record<string, unknown>) {
  const key = Object.keys(attributes).find((k) => k.toLowerCase() === ENTERPRISE_SCHEMA.toLowerCase());
  if (!key) return;
  const extension = attributes[key];
  delete attributes[key];
  if (!isObject(extension)) throw scimInvalid(`${ENTERPRISE_SCHEMA} must be an object.`);
  // Entra ID sends the manager as a bare id, or as a one-element list of { value }.
  const manager = Array.isArray(extension.manager) ? extension.manager[0] : extension.manager;
  if (typeof manager === "string") extension.manager = manager ? { value: manager } : undefined;
  else if (isObject(manager) && typeof manager.value === "string") extension.manager = { value: manager.value };
  else if (manager === undefined || manager === null) delete extension.manager;
  attributes[ENTERPRISE_SCHEMA] = JSON.parse(JSON.stringify(extension));
}

// C0 control characters (PostgreSQL's jsonb cannot hold NUL) and lone surrogates.
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/;

/** Extra attributes are stored as sent: refuse what PostgreSQL or a screen could not show. */
function assertStorable(value: unknown, path = ""): void {
  if (typeof value === "string") {
    if (!value.isWellFormed() || CONTROL.test(value)) throw scimInvalid(`${path}: contains a control character.`);
  } else if (Array.isArray(value)) {
    value.forEach((item, index) => assertStorable(item, `${path}[${index}]`));
  } else if (isObject(value)) {
    for (const [key, item] of Object.entries(value)) assertStorable(item, path ? `${path}.${key}` : key);
  }
}

export function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
