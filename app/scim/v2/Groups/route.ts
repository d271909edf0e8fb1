import { projectionOf, scimResource, scimRoute } from "@/lib/api/scim";
import { groupList } from "@/lib/api/scim-lists";
import { scimCreateGroup } from "@/lib/dal/scim/groups";
import { project } from "@/lib/scim/attributes";
import { GROUP_SCHEMA } from "@/lib/scim/constants";
import { toScimGroup } from "@/lib/scim/groups";
import { queryOfUrl } from "@/lib/scim/query";

export const GET = scimRoute("/scim/v2/Groups", "GET", ({ actor, url, baseUrl }) =>
  groupList(actor, baseUrl, queryOfUrl(url)),
);

export const POST = scimRoute("/scim/v2/Groups", "POST", async ({ actor, url, baseUrl, body }) => {
  const created = await scimCreateGroup(actor, body);
  const group = toScimGroup(created, baseUrl, created.members);
  return scimResource(group, project(group, projectionOf(url), GROUP_SCHEMA), 201);
});
