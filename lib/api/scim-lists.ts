import "server-only";
import type { Actor } from "@/lib/dal/actor";
import { scimListGroups } from "@/lib/dal/scim/groups";
import { scimSearchAll } from "@/lib/dal/scim/search";
import { scimListUsers } from "@/lib/dal/scim/users";
import { project, wants } from "@/lib/scim/attributes";
import { GROUP_SCHEMA, USER_SCHEMA } from "@/lib/scim/constants";
import { toScimGroup } from "@/lib/scim/groups";
import type { ScimQuery } from "@/lib/scim/query";
import { toScimUser } from "@/lib/scim/users";
import { scimList } from "./scim";

/**
 * The ListResponses of GET /Users, GET /Groups and their POST /.search twins (RFC 7644 3.4.2,
 * 3.4.3): one query, whichever way it arrived, gives one answer.
 */
export async function userList(actor: Actor, baseUrl: string, query: ScimQuery): Promise<Response> {
  const { projection, startIndex } = query;
  const withGroups = wants(projection, "groups", USER_SCHEMA);
  const page = await scimListUsers(actor, { ...query, withGroups });
  const resources = page.rows.map((row) => project(toScimUser(row, baseUrl, row.groups), projection, USER_SCHEMA));
  return scimList(page.totalResults, startIndex, resources);
}

export async function groupList(actor: Actor, baseUrl: string, query: ScimQuery): Promise<Response> {
  const { projection, startIndex } = query;
  const withMembers = wants(projection, "members", GROUP_SCHEMA);
  const page = await scimListGroups(actor, { ...query, withMembers });
  const resources = page.rows.map((row) => project(toScimGroup(row, baseUrl, row.members), projection, GROUP_SCHEMA));
  return scimList(page.totalResults, startIndex, resources);
}

/** POST /.search: users and groups, each projected with its own schema's attribute names. */
export async function rootList(actor: Actor, baseUrl: string, query: ScimQuery): Promise<Response> {
  const { projection, startIndex } = query;
  const withGroups = wants(projection, "groups", USER_SCHEMA);
  const withMembers = wants(projection, "members", GROUP_SCHEMA);
  const result = await scimSearchAll(actor, { ...query, withGroups, withMembers });
  const resources = result.hits.map((hit) =>
    hit.resourceType === "User"
      ? project(toScimUser(hit.user, baseUrl, hit.user.groups), projection, USER_SCHEMA)
      : project(toScimGroup(hit.group, baseUrl, hit.group.members), projection, GROUP_SCHEMA),
  );
  return scimList(result.totalResults, startIndex, resources);
}
