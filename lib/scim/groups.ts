import { scimGroupSchema } from "@/lib/schemas/scim";
import { GROUP_SCHEMA } from "./constants";
import { scimInvalid } from "./errors";
import { isObject, version } from "./users";

export interface ScimGroupRow {
  id: string;
  name: string;
  externalId: string | null;
  createdAt: Date;
  updatedAt: Date;
}

export function toScimGroup(row: ScimGroupRow, baseUrl: string, members?: { id: string; username: string }[]) {
  return {
    schemas: [GROUP_SCHEMA],
    id: row.id,
    ...(row.externalId ? { externalId: row.externalId } : {}),
    displayName: row.name,
    ...(members
      ? {
          members: members.map((m) => ({
            value: m.id,
            display: m.username,
            type: "User",
            $ref: `${baseUrl}/Users/${m.id}`,
          })),
        }
      : {}),
    meta: {
      resourceType: "Group",
      created: row.createdAt.toISOString(),
      lastModified: row.updatedAt.toISOString(),
      location: `${baseUrl}/Groups/${row.id}`,
      version: version(row.updatedAt),
    },
  };
}

/** A SCIM Group body: its name and externalId, and its member ids when `members` is present. */
export function readScimGroup(body: unknown): { displayName: string; externalId: string | null; memberIds?: string[] } {
  if (!isObject(body)) throw scimInvalid("The request body must be a SCIM Group object.", "invalidSyntax");
  const get = (name: string) => body[Object.keys(body).find((key) => key.toLowerCase() === name) ?? ""];
  const parsed = scimGroupSchema.safeParse({ displayName: get("displayname"), externalId: get("externalid") ?? null });
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw scimInvalid(`${String(issue.path[0] ?? "group")}: ${issue.message}`);
  }
  const members = get("members");
  if (members === undefined || members === null) return parsed.data;
  if (!Array.isArray(members)) throw scimInvalid("members must be a list of { value: user id }.");
  const memberIds = members.map((member, index) => {
    const id = isObject(member) ? member.value : undefined;
    if (typeof id !== "string" || id === "") throw scimInvalid(`members[${index}] needs a value (a user id).`);
    return id;
  });
  return { ...parsed.data, memberIds };
}
