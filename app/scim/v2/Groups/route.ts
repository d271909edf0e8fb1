import { pageOf, projectionOf, scimList, scimResource, scimRoute } from "@/lib/api/scim";
import { scimCreateGroup, scimListGroups } from "@/lib/dal/scim/groups";
import { project, wants } from "@/lib/scim/attributes";
import { GROUP_SCHEMA } from "@/lib/scim/constants";
import { toScimGroup } from "@/lib/scim/groups";

export const GET = scimRoute("/scim/v2/Groups", "GET", async ({ actor, url, baseUrl }) => {
  const projection = projectionOf(url);
  const { startIndex, count } = pageOf(url);
  const filter = url.searchParams.get("filter");
  const withMembers = wants(projection, "members", GROUP_SCHEMA);
  const page = await scimListGroups(actor, { filter, startIndex, count, withMembers });
  const resources = page.rows.map((row) => project(toScimGroup(row, baseUrl, row.members), projection, GROUP_SCHEMA));
  return scimList(page.totalResults, startIndex, resources);
});

export const POST = scimRoute("/scim/v2/Groups", "POST", async ({ actor, url, baseUrl, body }) => {
  const created = await scimCreateGroup(actor, body);
  const group = toScimGroup(created, baseUrl, created.members);
  return scimResource(group, project(group, projectionOf(url), GROUP_SCHEMA), 201);
});
